package policy

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Defaults for Options.
const (
	DefaultMaxBytes = 20480
	DefaultMaxDepth = 32
	// minReadLimit is the least Options.ReadLimit returns: a file up to this
	// size is still parsed (and linted) when it is over MaxBytes, so its other
	// problems are reported too. Anything larger is not parsed at all.
	minReadLimit = 1 << 20
	// HardMaxBytes is the most of a policy Parse ever reads, whatever
	// MaxBytes says: a negative MaxBytes ("no limit") lifts the policy/size
	// check up to it, and MaxBytes may not be larger. An MRAP policy is at
	// most 20 KB; the cap keeps what lint and diff accept bounded.
	HardMaxBytes = 4 << 20
)

// Options tune Parse. The zero value means the defaults.
type Options struct {
	// MaxBytes is the policy size limit (policy/size). 0 means
	// DefaultMaxBytes; a negative value disables the check (files up to
	// HardMaxBytes are read). Check refuses more than HardMaxBytes.
	MaxBytes int
	// MaxDepth bounds nesting of arrays and objects. 0 means DefaultMaxDepth.
	MaxDepth int
}

func (o Options) maxBytes() int {
	if o.MaxBytes == 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

func (o Options) maxDepth() int {
	if o.MaxDepth <= 0 {
		return DefaultMaxDepth
	}
	return o.MaxDepth
}

// Check reports options that cannot be honoured: a size limit above
// HardMaxBytes.
func (o Options) Check() error {
	if o.MaxBytes > HardMaxBytes {
		return fmt.Errorf("the policy size limit of %d bytes is above the hard cap of %d bytes (4 MiB), the most mrapguard reads of a policy; give at most that, or a negative limit for no policy/size check up to it", o.MaxBytes, HardMaxBytes)
	}
	return nil
}

// ReadLimit is the most bytes worth reading from a file: Parse does not look
// past it. Readers should read ReadLimit()+1 bytes so Parse can tell that a
// file is over the limit, and pass what they read. It is at most
// HardMaxBytes.
func (o Options) ReadLimit() int {
	n := o.maxBytes()
	if n < 0 {
		return HardMaxBytes
	}
	return min(max(4*n, minReadLimit), HardMaxBytes)
}

// Parse parses and normalizes a policy document. It never fails: problems are
// recorded in the Document.
func Parse(name string, data []byte, opts Options) *Document {
	d := &Document{Name: name, Bytes: data}
	// Past the read limit the size is not known, only that it is larger.
	if read := opts.ReadLimit(); len(data) > read {
		msg := fmt.Sprintf("policy is larger than %d bytes, over the limit of %d bytes; it was not parsed", read, opts.maxBytes())
		if opts.maxBytes() < 0 || read == HardMaxBytes {
			msg = fmt.Sprintf("policy is larger than %d bytes (4 MiB), the most mrapguard reads of a policy even without a size limit; it was not parsed", read)
		}
		d.problem(RuleSize, "", Pos{Line: 1, Column: 1}, msg)
		return d
	}
	if limit := opts.maxBytes(); limit >= 0 && len(data) > limit {
		d.problem(RuleSize, "", Pos{Line: 1, Column: 1},
			fmt.Sprintf("policy is %d bytes, over the limit of %d bytes", len(data), limit))
	}
	p := &parser{data: data, maxDepth: opts.maxDepth(), line: 1, doc: d}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		d.problem(RuleSyntax, "", Pos{Line: 1, Column: 1, Offset: 0},
			"file starts with a UTF-8 byte order mark (BOM), which AWS rejects; save it as UTF-8 without BOM")
		p.off, p.lineStart, p.colOff = 3, 3, 3
	}
	if root, ok := p.parseDocument(); ok {
		d.Root = root
		d.normalize()
	}
	slices.SortStableFunc(d.Problems, func(a, b Problem) int { return a.Pos.Offset - b.Pos.Offset })
	return d
}

func (d *Document) problem(rule, pointer string, pos Pos, msg string) {
	d.Problems = append(d.Problems, Problem{Rule: rule, Message: msg, Pointer: pointer, Pos: pos})
}

// parser is a strict JSON parser that records positions. It stops at the first
// syntax error: there is no meaningful tree after one.
type parser struct {
	data      []byte
	off       int
	line      int
	lineStart int // offset of the first byte of the current line
	// column cache: the column of colOff on the current line is col+1.
	// Positions are requested in increasing order, so counting runes from the
	// last request keeps the whole parse linear even for one-line files.
	colOff   int
	col      int
	depth    int
	maxDepth int
	doc      *Document
	failed   bool
}

func (p *parser) pos() Pos { return p.posAt(p.off) }

func (p *parser) posAt(off int) Pos {
	if off < p.colOff || p.colOff < p.lineStart {
		p.colOff, p.col = p.lineStart, 0
	}
	for i := p.colOff; i < off && i < len(p.data); i++ {
		if p.data[i]&0xC0 != 0x80 {
			p.col++
		}
	}
	p.colOff = off
	return Pos{Line: p.line, Column: p.col + 1, Offset: off}
}

func (p *parser) fail(pos Pos, format string, args ...any) {
	if p.failed {
		return
	}
	p.failed = true
	p.doc.problem(RuleSyntax, "", pos, fmt.Sprintf(format, args...))
}

func (p *parser) skipSpace() {
	for p.off < len(p.data) {
		switch p.data[p.off] {
		case ' ', '\t', '\r':
			p.off++
		case '\n':
			p.off++
			p.line++
			p.lineStart = p.off
			p.colOff, p.col = p.off, 0
		default:
			return
		}
	}
}

func (p *parser) parseDocument() (*Node, bool) {
	p.skipSpace()
	if p.off >= len(p.data) {
		if len(strings.TrimSpace(string(p.data))) == 0 {
			p.fail(p.pos(), "the file is empty: a policy is a JSON object")
		} else {
			p.fail(p.pos(), "unexpected end of input")
		}
		return nil, false
	}
	if looksLikeYAML(p.data[p.off:]) {
		p.fail(p.pos(), "this looks like YAML, but a policy file is JSON (convert it, for example with yq -o json FILE)")
		return nil, false
	}
	n := p.parseValue("")
	if p.failed {
		return nil, false
	}
	p.skipSpace()
	if p.off < len(p.data) {
		p.fail(p.pos(), "unexpected %s after the top-level value: a policy file holds exactly one JSON object", describeByte(p.data, p.off))
		return nil, false
	}
	return n, true
}

func (p *parser) parseValue(ptr string) *Node {
	if p.off >= len(p.data) {
		p.fail(p.pos(), "unexpected end of input: expected a value")
		return nil
	}
	switch c := p.data[p.off]; {
	case c == '{':
		return p.parseObject(ptr)
	case c == '[':
		return p.parseArray(ptr)
	case c == '"':
		start := p.pos()
		s, ok := p.parseString()
		if !ok {
			return nil
		}
		return &Node{Kind: String, Text: s, Start: start, End: p.pos()}
	case c == '-' || (c >= '0' && c <= '9'):
		return p.parseNumber()
	case c == 't':
		return p.parseLiteral("true", Bool)
	case c == 'f':
		return p.parseLiteral("false", Bool)
	case c == 'n':
		return p.parseLiteral("null", Null)
	default:
		p.fail(p.pos(), "unexpected %s: expected a JSON value%s", describeWord(p.data, p.off), hintFor(c))
		return nil
	}
}

// looksLikeYAML: the document starts as YAML does and JSON cannot, with a
// "---" document marker or a "key:" on its first line.
func looksLikeYAML(rest []byte) bool {
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	line = bytes.TrimRight(line, " \t\r")
	if bytes.HasPrefix(line, []byte("---")) {
		return true
	}
	return yamlKeyRe().Match(line)
}

// yamlKeyRe is a first line of a YAML mapping: a bare or quoted key, a
// colon, and a value or nothing.
// Compiled on first use (package init is start-up time for every command).
var yamlKeyRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:[A-Za-z_][-\w.]*|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)`)
})

func hintFor(c byte) string {
	switch c {
	case '\'':
		return " (JSON strings use double quotes)"
	case '}', ']':
		return " (is there a trailing comma before it?)"
	case '/':
		return " (JSON has no comments)"
	}
	if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
		return " (strings need double quotes)"
	}
	return ""
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > p.maxDepth {
		if !p.failed {
			p.failed = true
			p.doc.problem(RuleStructure, "", p.pos(),
				fmt.Sprintf("nesting is deeper than %d levels; no IAM policy needs that", p.maxDepth))
		}
		return false
	}
	return true
}

func (p *parser) parseObject(ptr string) *Node {
	n := &Node{Kind: Object, Start: p.pos()}
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.off++ // {
	var index map[string]int
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == '}' {
		p.off++
		n.End = p.pos()
		return n
	}
	for {
		p.skipSpace()
		if p.off >= len(p.data) {
			p.fail(p.pos(), "unexpected end of input: object opened at %d:%d is not closed", n.Start.Line, n.Start.Column)
			return nil
		}
		if p.data[p.off] != '"' {
			if p.data[p.off] == '}' && len(n.Members) > 0 {
				p.fail(p.pos(), "trailing comma before '}': JSON does not allow it")
			} else {
				p.fail(p.pos(), "unexpected %s: expected an object key in double quotes", describeByte(p.data, p.off))
			}
			return nil
		}
		keyPos := p.pos()
		key, ok := p.parseString()
		if !ok {
			return nil
		}
		p.skipSpace()
		if p.off >= len(p.data) || p.data[p.off] != ':' {
			p.fail(p.pos(), "expected ':' after object key %q", key)
			return nil
		}
		p.off++
		p.skipSpace()
		childPtr := ptr + "/" + escapePointer(key)
		v := p.parseValue(childPtr)
		if p.failed {
			return nil
		}
		if first := firstMember(n, index, key); first != nil {
			p.doc.problem(RuleDuplicateKey, childPtr, keyPos,
				fmt.Sprintf("duplicate key %q (first at %d:%d); parsers disagree on which value wins", key, first.KeyPos.Line, first.KeyPos.Column))
		} else if index != nil {
			index[key] = len(n.Members)
		}
		n.Members = append(n.Members, Member{Key: key, KeyPos: keyPos, Value: v})
		if index == nil && len(n.Members) == 16 {
			index = make(map[string]int, 32)
			for i := len(n.Members) - 1; i >= 0; i-- {
				index[n.Members[i].Key] = i
			}
		}
		p.skipSpace()
		if p.off >= len(p.data) {
			p.fail(p.pos(), "unexpected end of input: object opened at %d:%d is not closed", n.Start.Line, n.Start.Column)
			return nil
		}
		switch p.data[p.off] {
		case ',':
			p.off++
		case '}':
			p.off++
			n.End = p.pos()
			return n
		default:
			p.fail(p.pos(), "unexpected %s: expected ',' or '}' after object member %q", describeByte(p.data, p.off), key)
			return nil
		}
	}
}

// firstMember returns the first member named key. Objects in policies are
// small, so a linear scan wins; index takes over for unusually large objects.
func firstMember(n *Node, index map[string]int, key string) *Member {
	if index != nil {
		if i, ok := index[key]; ok {
			return &n.Members[i]
		}
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key == key {
			return &n.Members[i]
		}
	}
	return nil
}

func (p *parser) parseArray(ptr string) *Node {
	n := &Node{Kind: Array, Start: p.pos()}
	if !p.enter() {
		return nil
	}
	defer func() { p.depth-- }()
	p.off++ // [
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == ']' {
		p.off++
		n.End = p.pos()
		return n
	}
	for {
		p.skipSpace()
		if p.off < len(p.data) && p.data[p.off] == ']' {
			p.fail(p.pos(), "trailing comma before ']': JSON does not allow it")
			return nil
		}
		v := p.parseValue(ptr + "/" + strconv.Itoa(len(n.Elems)))
		if p.failed {
			return nil
		}
		n.Elems = append(n.Elems, v)
		p.skipSpace()
		if p.off >= len(p.data) {
			p.fail(p.pos(), "unexpected end of input: array opened at %d:%d is not closed", n.Start.Line, n.Start.Column)
			return nil
		}
		switch p.data[p.off] {
		case ',':
			p.off++
		case ']':
			p.off++
			n.End = p.pos()
			return n
		default:
			p.fail(p.pos(), "unexpected %s: expected ',' or ']' in array", describeByte(p.data, p.off))
			return nil
		}
	}
}

func (p *parser) parseLiteral(lit string, kind Kind) *Node {
	start := p.pos()
	if !strings.HasPrefix(string(p.data[p.off:min(len(p.data), p.off+len(lit))]), lit) || p.identAfter(p.off+len(lit)) {
		p.fail(start, "unexpected %s: expected a JSON value (strings need double quotes)", describeWord(p.data, p.off))
		return nil
	}
	p.off += len(lit)
	n := &Node{Kind: kind, Start: start, End: p.pos()}
	if kind == Bool {
		n.Text = lit
	}
	return n
}

func (p *parser) identAfter(off int) bool {
	if off >= len(p.data) {
		return false
	}
	c := p.data[off]
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *parser) parseNumber() *Node {
	start := p.pos()
	i := p.off
	if i < len(p.data) && p.data[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(p.data) && p.data[i] >= '0' && p.data[i] <= '9' {
			i++
		}
		return i - j
	}
	switch {
	case i < len(p.data) && p.data[i] == '0':
		i++
	case digits() == 0:
		p.fail(p.posAt(i), "invalid number: expected a digit")
		return nil
	}
	if i < len(p.data) && p.data[i] == '.' {
		i++
		if digits() == 0 {
			p.fail(p.posAt(i), "invalid number: expected a digit after '.'")
			return nil
		}
	}
	if i < len(p.data) && (p.data[i] == 'e' || p.data[i] == 'E') {
		i++
		if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.fail(p.posAt(i), "invalid number: expected a digit in the exponent")
			return nil
		}
	}
	if p.identAfter(i) || (i < len(p.data) && p.data[i] == '.') {
		p.fail(p.posAt(i), "invalid number: unexpected %s", describeByte(p.data, i))
		return nil
	}
	text := string(p.data[p.off:i])
	p.off = i
	return &Node{Kind: Number, Text: text, Start: start, End: p.pos()}
}

// parseString parses a JSON string at p.off (which holds '"').
func (p *parser) parseString() (string, bool) {
	open := p.pos()
	p.off++
	start := p.off
	// Fast path: no escapes and only printable ASCII or valid UTF-8.
	for i := start; i < len(p.data); i++ {
		c := p.data[i]
		if c == '"' {
			s := p.data[start:i]
			if !utf8.Valid(s) {
				break
			}
			p.off = i + 1
			return string(s), true
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	var b strings.Builder
	for {
		if p.off >= len(p.data) {
			p.fail(open, "unterminated string starting at %d:%d", open.Line, open.Column)
			return "", false
		}
		c := p.data[p.off]
		switch {
		case c == '"':
			p.off++
			return b.String(), true
		case c == '\\':
			if !p.parseEscape(&b) {
				return "", false
			}
		case c < 0x20:
			if c == '\n' {
				p.fail(p.pos(), "line break inside a string (unterminated string starting at %d:%d?)", open.Line, open.Column)
			} else {
				p.fail(p.pos(), "control character U+%04X inside a string: escape it", c)
			}
			return "", false
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.off++
		default:
			r, size := utf8.DecodeRune(p.data[p.off:])
			if r == utf8.RuneError && size <= 1 {
				p.fail(p.pos(), "invalid UTF-8 byte 0x%02X inside a string", c)
				return "", false
			}
			b.WriteRune(r)
			p.off += size
		}
	}
}

func (p *parser) parseEscape(b *strings.Builder) bool {
	at := p.pos()
	if p.off+1 >= len(p.data) {
		p.fail(at, "unexpected end of input in an escape sequence")
		return false
	}
	e := p.data[p.off+1]
	p.off += 2
	switch e {
	case '"', '\\', '/':
		b.WriteByte(e)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, ok := p.hex4()
		if !ok {
			p.fail(at, "invalid \\u escape: expected four hex digits")
			return false
		}
		if r >= 0xD800 && r < 0xDC00 {
			// A high surrogate must be followed by an escaped low surrogate.
			if p.off+1 < len(p.data) && p.data[p.off] == '\\' && p.data[p.off+1] == 'u' {
				save := p.off
				p.off += 2
				if lo, ok := p.hex4(); ok && lo >= 0xDC00 && lo < 0xE000 {
					b.WriteRune((r-0xD800)<<10 + (lo - 0xDC00) + 0x10000)
					return true
				}
				p.off = save
			}
			r = utf8.RuneError
		} else if r >= 0xDC00 && r < 0xE000 {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	default:
		if e < 0x20 || e >= utf8.RuneSelf {
			p.fail(at, "invalid escape sequence in a string")
		} else {
			p.fail(at, "invalid escape sequence \\%c in a string", e)
		}
		return false
	}
	return true
}

func (p *parser) hex4() (rune, bool) {
	if p.off+4 > len(p.data) {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.off : p.off+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.off += 4
	return r, true
}

// describeByte names the byte at off for an error message, quoting printable
// ASCII and showing anything else as a code point.
func describeByte(data []byte, off int) string {
	if off >= len(data) {
		return "end of input"
	}
	c := data[off]
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("'%c'", c)
	}
	r, _ := utf8.DecodeRune(data[off:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02X", c)
	}
	return fmt.Sprintf("character U+%04X", r)
}

// describeWord quotes a short run of letters at off (for "tru", "None", …).
func describeWord(data []byte, off int) string {
	end := off
	for end < len(data) && end-off < 16 {
		c := data[end]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			break
		}
		end++
	}
	if end == off {
		return describeByte(data, off)
	}
	return strconv.Quote(string(data[off:end]))
}

// escapePointer escapes one JSON pointer reference token (RFC 6901).
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
