package policy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Value returns the raw document as generic JSON values (map[string]any,
// []any, string, json.Number, bool, nil). For a duplicated key the last value
// wins, as in encoding/json. It returns nil when the input is not JSON.
func (d *Document) Value() any {
	if d.Root == nil {
		return nil
	}
	return rawValue(d.Root)
}

func rawValue(n *Node) any {
	switch n.Kind {
	case String:
		return n.Text
	case Number:
		return json.Number(n.Text)
	case Bool:
		return n.Text == "true"
	case Array:
		a := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			a[i] = rawValue(e)
		}
		return a
	case Object:
		m := make(map[string]any, len(n.Members))
		for _, mem := range n.Members {
			m[mem.Key] = rawValue(mem.Value)
		}
		return m
	}
	return nil
}

// Normalized returns the normalized document as generic JSON values: the
// shape rules see as input.policy (see the package doc). It returns nil when
// the document is not a JSON object.
func (d *Document) Normalized() any {
	_, n := d.Views()
	return n
}

// Views returns the raw document (Value) and the normalized one
// (Normalized) built together: the normalized view shares every value that
// normalization leaves as it is with the raw one, so callers must treat
// both as read-only.
func (d *Document) Views() (raw, normalized any) {
	raw = d.Value()
	m, ok := raw.(map[string]any)
	if !ok {
		return raw, nil
	}
	n := make(map[string]any, len(m))
	for k, v := range m {
		if k != "Statement" {
			n[k] = v
			continue
		}
		switch v := v.(type) {
		case map[string]any:
			n[k] = []any{normStatement(v)}
		case []any:
			list := make([]any, len(v))
			for i, e := range v {
				if s, ok := e.(map[string]any); ok {
					list[i] = normStatement(s)
				} else {
					list[i] = e
				}
			}
			n[k] = list
		default:
			n[k] = v
		}
	}
	return raw, n
}

func normStatement(s map[string]any) map[string]any {
	m := make(map[string]any, len(s))
	for k, v := range s {
		switch k {
		case "Action", "NotAction", "Resource", "NotResource":
			m[k] = wrapScalar(v)
		case "Principal", "NotPrincipal":
			switch p := v.(type) {
			case string:
				if p == "*" {
					m[k] = map[string]any{"AWS": []any{"*"}}
				} else {
					m[k] = p
				}
			case map[string]any:
				np := make(map[string]any, len(p))
				for t, vals := range p {
					np[t] = wrapScalar(vals)
				}
				m[k] = np
			default:
				m[k] = v
			}
		case "Condition":
			c, ok := v.(map[string]any)
			if !ok {
				m[k] = v
				continue
			}
			nc := make(map[string]any, len(c))
			for op, keys := range c {
				km, ok := keys.(map[string]any)
				if !ok {
					nc[op] = keys
					continue
				}
				nk := make(map[string]any, len(km))
				for key, vals := range km {
					nk[key] = wrapScalar(vals)
				}
				nc[op] = nk
			}
			m[k] = nc
		default:
			m[k] = v
		}
	}
	return m
}

// wrapScalar turns a string, number or boolean into a one-element list and
// leaves anything else as it is.
func wrapScalar(v any) any {
	switch v.(type) {
	case string, json.Number, bool:
		return []any{v}
	}
	return v
}

// Lookup resolves a path into the normalized document (keys as strings,
// indexes as integers) to the raw node it came from, and returns that node
// with its JSON pointer. Normalization is undone on the way: an index into a
// list made from a lone value stays on that value, a key into a principal
// made from "*" stays on "*". Where the path leaves the document, Lookup
// stops at the deepest node it reached. A nil Root gives (nil, "").
func (d *Document) Lookup(path []any) (*Node, string) {
	n := d.Root
	if n == nil {
		return nil, ""
	}
	var ptr strings.Builder
	for _, step := range path {
		if key, ok := step.(string); ok {
			next := n.Get(key)
			if next == nil {
				break
			}
			ptr.WriteByte('/')
			ptr.WriteString(escapePointer(key))
			n = next
			continue
		}
		i, ok := pathIndex(step)
		if !ok {
			break
		}
		if n.Kind != Array {
			if i == 0 {
				continue // a lone value normalized into a list
			}
			break
		}
		if i < 0 || i >= len(n.Elems) {
			break
		}
		ptr.WriteByte('/')
		ptr.WriteString(strconv.Itoa(i))
		n = n.Elems[i]
	}
	return n, ptr.String()
}

func pathIndex(step any) (int, bool) {
	switch v := step.(type) {
	case int:
		return v, true
	case int64:
		return int(v), v == int64(int(v))
	case float64:
		if v != math.Trunc(v) || math.Abs(v) > math.MaxInt32 {
			return 0, false
		}
		return int(v), true
	case json.Number:
		i, err := strconv.Atoi(string(v))
		return i, err == nil
	}
	return 0, false
}

// Pointer renders a path of keys and indexes as a JSON pointer (RFC 6901).
func Pointer(path []any) string {
	var b strings.Builder
	for _, step := range path {
		b.WriteByte('/')
		if s, ok := step.(string); ok {
			b.WriteString(escapePointer(s))
		} else if i, ok := pathIndex(step); ok {
			b.WriteString(strconv.Itoa(i))
		}
	}
	return b.String()
}

// Canonical returns the document as canonical JSON: object keys sorted by
// their UTF-8 bytes, a duplicated key keeping its last value, no
// insignificant whitespace, strings re-escaped minimally, numbers as written.
// It returns nil when the input is not JSON.
func (d *Document) Canonical() []byte {
	if d.Root == nil {
		return nil
	}
	b := make([]byte, 0, len(d.Bytes))
	return appendCanonical(b, d.Root)
}

func appendCanonical(b []byte, n *Node) []byte {
	switch n.Kind {
	case Null:
		return append(b, "null"...)
	case Bool, Number:
		return append(b, n.Text...)
	case String:
		return appendString(b, n.Text)
	case Unresolved:
		// An object where a policy has a string, list or object of its own:
		// no deployable policy has this canonical form, so an unresolved
		// document never hashes like a concrete one.
		b = append(b, `{"$unresolved":`...)
		return append(appendString(b, n.Text), '}')
	case Array:
		b = append(b, '[')
		for i, e := range n.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCanonical(b, e)
		}
		return append(b, ']')
	}
	// Object: the last occurrence of each key, in sorted key order.
	idx := make([]int, 0, len(n.Members))
	seen := make(map[string]int, len(n.Members))
	for i, m := range n.Members {
		if j, ok := seen[m.Key]; ok {
			idx[j] = i
			continue
		}
		seen[m.Key] = len(idx)
		idx = append(idx, i)
	}
	slices.SortFunc(idx, func(x, y int) int { return strings.Compare(n.Members[x].Key, n.Members[y].Key) })
	b = append(b, '{')
	for i, j := range idx {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, n.Members[j].Key)
		b = append(b, ':')
		b = appendCanonical(b, n.Members[j].Value)
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, r)
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		default:
			b = append(b, c)
		}
		i++
	}
	return append(b, '"')
}

// Hash is the hex SHA-256 of the canonical JSON. For input that is not JSON
// it is the hash of the bytes as given, so every document has an identity.
func (d *Document) Hash() string {
	c := d.Canonical()
	if c == nil {
		c = d.Bytes
	}
	sum := sha256.Sum256(c)
	return hex.EncodeToString(sum[:])
}

// HasErrors reports whether Parse found a problem that makes the document
// unusable for diff or apply: invalid JSON, wrong structure or excess size.
// Duplicate keys are problems too (the meaning is ambiguous).
func (d *Document) HasErrors() bool { return len(d.Problems) > 0 }
