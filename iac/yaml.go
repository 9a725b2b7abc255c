package iac

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mrapguard/mrapguard/policy"
)

// Bounds on what a YAML template may make us build: aliases may repeat a
// subtree (a "billion laughs" document repeats it exponentially), and
// nesting costs stack.
const (
	maxYAMLNodes = 200_000
	maxYAMLDepth = 100
)

// yamlTree converts YAML nodes into policy Nodes with the file's positions.
// Short-form intrinsics (!Ref X, !Sub ...) become their long form
// ({"Ref": "X"}, {"Fn::Sub": ...}), so JSON and YAML templates resolve
// alike. It remembers which YAML scalar each string came from, so a policy
// written as a JSON string can be parsed with exact positions.
type yamlTree struct {
	src     *source
	nodes   int
	over    bool // a bound was hit; the conversion is incomplete
	scalars map[*policy.Node]*yaml.Node
}

func (t *yamlTree) pos(n *yaml.Node) policy.Pos { return t.src.pos(t.src.offset(n.Line, n.Column)) }

// convert returns the policy Node for a YAML node, or nil past a bound.
func (t *yamlTree) convert(n *yaml.Node, depth int) *policy.Node {
	t.nodes++
	if t.nodes > maxYAMLNodes || depth > maxYAMLDepth {
		t.over = true
		return nil
	}
	start := t.pos(n)
	var out *policy.Node
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &policy.Node{Kind: policy.Null, Start: start, End: start}
		}
		return t.convert(n.Content[0], depth)
	case yaml.AliasNode:
		if n.Alias == nil {
			return &policy.Node{Kind: policy.Null, Start: start, End: start}
		}
		// The alias stands for the anchored value, found where it is written.
		return t.convert(n.Alias, depth+1)
	case yaml.MappingNode:
		out = &policy.Node{Kind: policy.Object, Start: start, End: start}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
				// A merge key: the members of the merged mapping(s), in place.
				merged := t.convert(v, depth+1)
				if merged == nil {
					return nil
				}
				switch merged.Kind {
				case policy.Object:
					out.Members = append(out.Members, merged.Members...)
				case policy.Array:
					for _, e := range merged.Elems {
						if e.Kind == policy.Object {
							out.Members = append(out.Members, e.Members...)
						}
					}
				}
				continue
			}
			val := t.convert(v, depth+1)
			if val == nil {
				return nil
			}
			out.Members = append(out.Members, policy.Member{Key: k.Value, KeyPos: t.pos(k), Value: val})
			out.End = val.End
		}
	case yaml.SequenceNode:
		out = &policy.Node{Kind: policy.Array, Start: start, End: start}
		for _, c := range n.Content {
			e := t.convert(c, depth+1)
			if e == nil {
				return nil
			}
			out.Elems = append(out.Elems, e)
			out.End = e.End
		}
	case yaml.ScalarNode:
		out = t.scalar(n, start)
	default:
		return &policy.Node{Kind: policy.Null, Start: start, End: start}
	}
	if n.Tag != "" && n.Tag[0] == '!' && !strings.HasPrefix(n.Tag, "!!") {
		out = shortForm(n.Tag[1:], out, start)
	}
	return out
}

// shortForm turns !Name VALUE into {"Fn::Name": VALUE} ({"Ref": VALUE} and
// {"Condition": VALUE} for those two). !GetAtt's string form stays a string,
// as in the long form.
func shortForm(tag string, v *policy.Node, start policy.Pos) *policy.Node {
	key := "Fn::" + tag
	if tag == "Ref" || tag == "Condition" {
		key = tag
	}
	return &policy.Node{Kind: policy.Object, Start: start, End: v.End,
		Members: []policy.Member{{Key: key, KeyPos: start, Value: v}}}
}

// Compiled on first use (package init is start-up time for every command).
var jsonNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`) })

func (t *yamlTree) scalar(n *yaml.Node, start policy.Pos) *policy.Node {
	out := &policy.Node{Kind: policy.String, Text: n.Value, Start: start}
	switch n.ShortTag() {
	case "!!null":
		out.Kind, out.Text = policy.Null, ""
	case "!!bool":
		if b, err := strconv.ParseBool(n.Value); err == nil {
			out.Kind, out.Text = policy.Bool, strconv.FormatBool(b)
		}
	case "!!int", "!!float":
		if jsonNumber().MatchString(n.Value) {
			out.Kind = policy.Number
		}
	}
	m, at := t.scalarText(n)
	out.Start = t.src.pos(at)
	out.End = t.src.pos(max(at, m.off[len(m.off)-1]))
	if out.Kind == policy.String {
		if t.scalars == nil {
			t.scalars = map[*policy.Node]*yaml.Node{}
		}
		t.scalars[out] = n
	}
	return out
}

// scalarText decodes a scalar from the file with the offset of every byte,
// checked against the value the YAML parser decoded. Styles whose folding
// it does not follow (folded blocks, quoted scalars across lines) map every
// byte to the scalar's start.
func (t *yamlTree) scalarText(n *yaml.Node) (m *mapped, at int) {
	data := t.src.data
	at = t.src.offset(n.Line, n.Column)
	if n.Style&yaml.TaggedStyle != 0 || (n.Tag != "" && n.Tag[0] == '!' && !strings.HasPrefix(n.Tag, "!!") && at < len(data) && data[at] == '!') {
		// Skip the tag and the blanks after it.
		for at < len(data) && data[at] != ' ' && data[at] != '\t' && data[at] != '\n' {
			at++
		}
		for at < len(data) && (data[at] == ' ' || data[at] == '\t') {
			at++
		}
	}
	if n.Anchor != "" && at < len(data) && data[at] == '&' {
		for at < len(data) && data[at] != ' ' && data[at] != '\n' {
			at++
		}
		for at < len(data) && (data[at] == ' ' || data[at] == '\t') {
			at++
		}
	}
	switch {
	case n.Style&yaml.LiteralStyle != 0:
		m = literalBlock(data, at)
	case n.Style&yaml.DoubleQuotedStyle != 0:
		m = quotedLine(data, at, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		m = quotedLine(data, at, '\'')
	case n.Style&yaml.FoldedStyle == 0:
		if strings.HasPrefix(string(data[at:min(len(data), at+len(n.Value))]), n.Value) && !strings.Contains(n.Value, "\n") {
			m = &mapped{}
			m.addRaw([]byte(n.Value), at)
			m.finish(at + len(n.Value))
		}
	}
	if m == nil || string(m.text) != n.Value {
		if m != nil && strings.HasPrefix(string(m.text), n.Value) {
			// A literal block's chomping drops trailing line breaks.
			end := m.off[len(m.off)-1]
			m.off = append(m.off[:len(n.Value)], end)
			m.text = m.text[:len(n.Value)]
			return m, at
		}
		return uniform(n.Value, at, at), at
	}
	return m, at
}

// literalBlock decodes a literal block scalar (|, |-, |+) whose indicator
// is at offset at: its lines without their indentation, each byte mapped to
// where it is written.
func literalBlock(data []byte, at int) *mapped {
	m := &mapped{}
	nl := strings.IndexByte(string(data[at:]), '\n')
	if nl < 0 {
		m.finish(len(data))
		return m
	}
	i := at + nl + 1
	indent := -1
	for i < len(data) {
		end := i + strings.IndexByte(string(data[i:]), '\n')
		if end < i {
			end = len(data)
		}
		line := data[i:end]
		spaces := len(line) - len(strings.TrimLeft(string(line), " "))
		blank := strings.TrimSpace(string(line)) == ""
		if indent < 0 && !blank {
			indent = spaces
		}
		if !blank && spaces < indent {
			break
		}
		if blank {
			if len(line) > max(indent, 0) {
				m.addRaw(line[max(indent, 0):], i+max(indent, 0))
			}
		} else {
			m.addRaw(line[indent:], i+indent)
		}
		if end < len(data) {
			m.addRaw([]byte{'\n'}, end)
		}
		i = end + 1
	}
	m.finish(min(i, len(data)))
	return m
}

// quotedLine decodes a quoted scalar that opens and closes on one line; nil
// when it does not.
func quotedLine(data []byte, at int, quote byte) *mapped {
	if at >= len(data) || data[at] != quote {
		return nil
	}
	m := &mapped{}
	for i := at + 1; i < len(data); {
		c := data[i]
		switch {
		case c == '\n':
			return nil
		case quote == '\'' && c == '\'':
			if i+1 < len(data) && data[i+1] == '\'' {
				m.add([]byte{'\''}, i)
				i += 2
				continue
			}
			m.finish(i + 1)
			return m
		case quote == '"' && c == '"':
			m.finish(i + 1)
			return m
		case quote == '"' && c == '\\':
			b, n := yamlEscape(data[i:])
			if n == 0 {
				return nil
			}
			m.add(b, i)
			i += n
			continue
		default:
			m.addRaw(data[i:i+1], i)
		}
		i++
	}
	return nil
}

// yamlEscape decodes one escape of a double-quoted YAML scalar; n is 0 when
// it is not one this reader knows (the caller then falls back).
func yamlEscape(b []byte) (out []byte, n int) {
	if len(b) < 2 {
		return nil, 0
	}
	simple := map[byte]string{'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
		'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\", 'N': "\u0085", '_': "\u00a0",
		'L': "\u2028", 'P': "\u2029"}
	if s, ok := simple[b[1]]; ok {
		return []byte(s), 2
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[b[1]]
	if width == 0 || len(b) < 2+width {
		return nil, 0
	}
	r, err := strconv.ParseUint(string(b[2:2+width]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(r)) {
		return nil, 0
	}
	return utf8.AppendRune(nil, rune(r)), 2 + width
}
