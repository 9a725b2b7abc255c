package iac

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/mrapguard/mrapguard/policy"
)

// source is a file's bytes with a line index, to turn byte offsets into
// positions (columns count code points, as the policy package's do).
type source struct {
	name  string
	data  []byte
	lines []int // offset of the first byte of each line
}

func newSource(name string, data []byte) *source {
	s := &source{name: name, data: data, lines: []int{0}}
	for i, c := range data {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	return s
}

// pos returns the position of a byte offset, clamped to the file.
func (s *source) pos(off int) policy.Pos {
	off = max(0, min(off, len(s.data)))
	l := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	start := s.lines[l]
	return policy.Pos{Line: l + 1, Column: utf8.RuneCount(s.data[start:off]) + 1, Offset: off}
}

// offset returns the byte offset of a 1-based line and column (in code
// points), clamped to the line.
func (s *source) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(s.lines) {
		return len(s.data)
	}
	off := s.lines[line-1]
	for n := 1; n < col && off < len(s.data) && s.data[off] != '\n'; n++ {
		_, size := utf8.DecodeRune(s.data[off:])
		off += size
	}
	return off
}

// mapped is text decoded from a string in the file (a JSON string, a YAML
// scalar, an HCL template), with the file offset of every decoded byte, so
// a policy parsed from the text reports positions in the file.
type mapped struct {
	text []byte
	off  []int // len(text)+1 file offsets; off[len(text)] is the end
	// holes are the expressions inside the text (${...}), in order, as
	// ranges of text. Each is a value the reader resolved, or did not.
	holes []hole
}

// hole is an expression inside a string: [start, end) in mapped.text.
type hole struct {
	start, end int
	value      *policy.Node // String when resolved, else Unresolved
}

// add appends decoded bytes that came from file offset at.
func (m *mapped) add(b []byte, at int) {
	for range b {
		m.off = append(m.off, at)
	}
	m.text = append(m.text, b...)
}

// addRaw appends bytes copied from the file starting at offset at.
func (m *mapped) addRaw(b []byte, at int) {
	for i := range b {
		m.off = append(m.off, at+i)
	}
	m.text = append(m.text, b...)
}

// addHole appends an expression's text as written and what it stands for.
func (m *mapped) addHole(text []byte, at int, value *policy.Node) {
	start := len(m.text)
	m.addRaw(text, at)
	m.holes = append(m.holes, hole{start: start, end: len(m.text), value: value})
}

func (m *mapped) finish(end int) { m.off = append(m.off, end) }

// uniform maps text as a whole to one file range: for strings whose
// quoting the reader cannot follow byte by byte, every position is the
// string's start.
func uniform(text string, start, end int) *mapped {
	m := &mapped{text: []byte(text), off: make([]int, len(text)+1)}
	for i := range len(text) {
		m.off[i] = start
	}
	m.off[len(text)] = end
	return m
}

// parseEmbedded parses a policy held as text in a template. Expressions
// become Unresolved nodes (or the strings they resolved to), positions are
// those in the file, and the result went through policy.Build.
func parseEmbedded(src *source, name string, m *mapped, opts policy.Options) *policy.Document {
	buf := fillHoles(m)
	parsed := policy.Parse(name, buf, opts)
	remap := func(p policy.Pos) policy.Pos {
		i := max(0, min(p.Offset, len(m.off)-1))
		return src.pos(m.off[i])
	}
	if parsed.Root == nil {
		for i := range parsed.Problems {
			parsed.Problems[i].Pos = remap(parsed.Problems[i].Pos)
		}
		parsed.Bytes = m.text
		return parsed
	}
	root := substitute(parsed.Root, buf, m, remap)
	return policy.Build(name, m.text, root, opts)
}

// fillHoles replaces each expression with filler of the same length, so the
// text parses as JSON and offsets do not move: inside a JSON string with
// underscores, elsewhere with a JSON string of underscores.
func fillHoles(m *mapped) []byte {
	buf := append([]byte(nil), m.text...)
	h := 0
	inString, escaped := false, false
	for i := 0; i < len(buf); i++ {
		if h < len(m.holes) && i == m.holes[h].start {
			end := m.holes[h].end
			for j := i; j < end; j++ {
				buf[j] = '_'
			}
			if !inString && end-i >= 2 {
				buf[i], buf[end-1] = '"', '"'
			}
			i = end - 1
			h++
			continue
		}
		c := buf[i]
		switch {
		case escaped:
			escaped = false
		case c == '\\' && inString:
			escaped = true
		case c == '"':
			inString = !inString
		}
	}
	return buf
}

// substitute moves a parsed tree's positions into the file and turns the
// strings that hold expressions into what the expressions stand for.
func substitute(n *policy.Node, buf []byte, m *mapped, remap func(policy.Pos) policy.Pos) *policy.Node {
	start, end := n.Start.Offset, n.End.Offset
	n.Start, n.End = remap(n.Start), remap(n.End)
	switch n.Kind {
	case policy.String:
		if v := withHoles(n, buf, m, start, end); v != nil {
			return v
		}
	case policy.Array:
		for i, e := range n.Elems {
			n.Elems[i] = substitute(e, buf, m, remap)
		}
	case policy.Object:
		for i := range n.Members {
			mem := &n.Members[i]
			if ks := mem.KeyPos.Offset; ks < len(buf) && buf[ks] == '"' {
				ke := stringEnd(buf, ks)
				key := &policy.Node{Kind: policy.String, Text: mem.Key}
				if v := withHoles(key, buf, m, ks, ke); v != nil {
					// A key with expressions: what they resolved to, else
					// the expressions as written (a key cannot be unknown).
					mem.Key = v.Text
				}
			}
			mem.KeyPos = remap(mem.KeyPos)
			mem.Value = substitute(mem.Value, buf, m, remap)
		}
	}
	return n
}

// stringEnd returns the offset just past the JSON string that starts at
// offset start of buf (its opening quote).
func stringEnd(buf []byte, start int) int {
	for i := start + 1; i < len(buf); i++ {
		switch buf[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(buf)
}

// withHoles returns what a JSON string node at [start, end) of buf stands
// for when expressions lie inside it, or nil when none does.
func withHoles(n *policy.Node, buf []byte, m *mapped, start, end int) *policy.Node {
	first := sort.Search(len(m.holes), func(i int) bool { return m.holes[i].end > start })
	if first == len(m.holes) || m.holes[first].start >= end {
		return nil
	}
	// A hole that is the whole token stood outside a string: its value is
	// the node, whatever its type.
	if h := m.holes[first]; h.start == start && h.end == end {
		v := *h.value
		v.Start, v.End = n.Start, n.End
		return &v
	}
	var sb strBuilder
	lit := func(a, b int) {
		if a >= b {
			return
		}
		var s string
		if json.Unmarshal(append(append([]byte{'"'}, buf[a:b]...), '"'), &s) != nil {
			s = string(buf[a:b])
		}
		sb.lit(s)
	}
	at := start + 1 // past the opening quote
	for i := first; i < len(m.holes) && m.holes[i].start < end; i++ {
		h := m.holes[i]
		lit(at, h.start)
		sb.value(h.value, string(m.text[h.start:h.end]))
		at = h.end
	}
	lit(at, end-1)
	return sb.node(n.Start, n.End)
}

// strBuilder assembles a string from known text and expressions.
type strBuilder struct {
	parts []policy.Part
	whys  []string
}

// lit adds known text.
func (b *strBuilder) lit(s string) {
	if s == "" {
		return
	}
	if k := len(b.parts) - 1; k >= 0 && !b.parts[k].Expr {
		b.parts[k].Text += s
		return
	}
	b.parts = append(b.parts, policy.Part{Text: s})
}

// value adds what an expression stands for: its text when it resolved to a
// string, its parts when it is partly known, else the expression as written.
func (b *strBuilder) value(v *policy.Node, written string) {
	switch {
	case v != nil && v.Kind == policy.String:
		b.lit(v.Text)
		return
	case v != nil && v.Kind == policy.Unresolved && v.Expr != nil && len(v.Expr.Parts) > 0:
		for _, p := range v.Expr.Parts {
			if p.Expr {
				b.parts = append(b.parts, p)
			} else {
				b.lit(p.Text)
			}
		}
	default:
		b.parts = append(b.parts, policy.Part{Text: written, Expr: true})
	}
	if v != nil && v.Expr != nil && v.Expr.Why != "" && !slices.Contains(b.whys, v.Expr.Why) {
		b.whys = append(b.whys, v.Expr.Why)
	}
}

// node returns the string: a String when every part is known, else an
// Unresolved node that keeps the parts.
func (b *strBuilder) node(start, end policy.Pos) *policy.Node {
	var text strings.Builder
	known := true
	for _, p := range b.parts {
		text.WriteString(p.Text)
		known = known && !p.Expr
	}
	if known {
		return &policy.Node{Kind: policy.String, Text: text.String(), Start: start, End: end}
	}
	return &policy.Node{Kind: policy.Unresolved, Text: text.String(), Start: start, End: end,
		Expr: &policy.Expr{Parts: b.parts, Why: strings.Join(b.whys, "; ")}}
}
