package diff

import (
	"sort"
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
	"github.com/mrapguard/mrapguard/policy"
)

// set is a set of canonical element values.
type set map[string]struct{}

// condID names one condition entry: an operator (case-sensitive, as IAM
// reads it) and a condition key (case-insensitive, so lower-cased). Variant
// is the key as written, set only when one operator holds the same key in
// two spellings: IAM evaluates both, so they are not merged.
type condID struct {
	Op      string
	Key     string
	Variant string
}

// canon is the canonical form of a statement: what go-cmp compares. Sets
// make order and duplicates irrelevant; values are canonicalized (see
// canonAction, canonPrincipal) so equivalent spellings compare equal.
// Which of Action/NotAction etc. is present is kept in stmt.form, not here.
type canon struct {
	Sid          string
	Effect       string
	Principal    map[string]set
	NotPrincipal map[string]set
	Action       set
	NotAction    set
	Resource     set
	NotResource  set
	Condition    map[condID]set
}

// ref is where a canonical element came from.
type ref struct {
	raw   string // the value as written
	index int    // its index in the normalized list
	key   string // condition key or principal type as written
}

type refKey struct {
	field string
	sub   string // principal type, or condition operator + "\x00" + key
	value string
}

type form uint8

const (
	formNone form = iota
	formPos
	formNot
	formBoth
)

// stmt is a statement prepared for matching and comparison.
type stmt struct {
	st    *policy.Statement
	c     canon
	key   string // canonical serialization: equal keys mean equivalent statements
	refs  map[refKey]ref
	entry map[condID]string // condition key as written (first spelling)
	forms [3]form           // principal, action, resource
	sc    *scope            // what it can match (computer.scopeOf)
}

const (
	dimPrincipal = iota
	dimAction
	dimResource
)

func formOf(pos, not bool) form {
	switch {
	case pos && not:
		return formBoth
	case pos:
		return formPos
	case not:
		return formNot
	}
	return formNone
}

func newStmt(st *policy.Statement) *stmt {
	n := len(st.Action) + len(st.NotAction) + len(st.Resource) + len(st.NotResource)
	for _, vs := range st.Principal {
		n += len(vs)
	}
	for _, vs := range st.NotPrincipal {
		n += len(vs)
	}
	for _, keys := range st.Condition {
		for _, vs := range keys {
			n += len(vs)
		}
	}
	s := &stmt{st: st, refs: make(map[refKey]ref, n), entry: make(map[condID]string, len(st.Condition))}
	s.c = canon{
		Sid:          st.Sid,
		Effect:       st.Effect,
		Principal:    s.principals(FieldPrincipal, st.Principal),
		NotPrincipal: s.principals(FieldNotPrincipal, st.NotPrincipal),
		Action:       s.list(FieldAction, st.Action, canonAction),
		NotAction:    s.list(FieldNotAction, st.NotAction, canonAction),
		Resource:     s.list(FieldResource, st.Resource, nil),
		NotResource:  s.list(FieldNotResource, st.NotResource, nil),
		Condition:    s.conditions(st.Condition),
	}
	s.forms = [3]form{
		formOf(st.Principal != nil, st.NotPrincipal != nil),
		formOf(st.Action != nil, st.NotAction != nil),
		formOf(st.Resource != nil, st.NotResource != nil),
	}
	s.key = s.serialize()
	return s
}

// canonAction lower-cases an action: IAM matches actions case-insensitively.
func canonAction(v string) string { return strings.ToLower(v) }

// canonPrincipal writes a 12-digit account as the ARN IAM stores for it.
func canonPrincipal(typ, v string) string {
	if typ == "AWS" && awsid.Account(v) {
		return "arn:aws:iam::" + v + ":root"
	}
	return v
}

func (s *stmt) list(field string, vals []string, canonical func(string) string) set {
	out := make(set, len(vals))
	for i, v := range vals {
		c := v
		if canonical != nil {
			c = canonical(v)
		}
		if _, dup := out[c]; dup {
			continue
		}
		out[c] = struct{}{}
		s.refs[refKey{field, "", c}] = ref{raw: v, index: i}
	}
	return out
}

func (s *stmt) principals(field string, p policy.Principal) map[string]set {
	out := make(map[string]set, len(p))
	for typ, vals := range p {
		m := make(set, len(vals))
		for i, v := range vals {
			c := canonPrincipal(typ, v)
			if _, dup := m[c]; dup {
				continue
			}
			m[c] = struct{}{}
			s.refs[refKey{field, typ, c}] = ref{raw: v, index: i, key: typ}
		}
		out[typ] = m
	}
	return out
}

func (s *stmt) conditions(c policy.Condition) map[condID]set {
	out := map[condID]set{}
	for op, keys := range c {
		var spellings map[string]int // only needed when a key could repeat
		if len(keys) > 1 {
			spellings = make(map[string]int, len(keys))
			for key := range keys {
				spellings[strings.ToLower(key)]++
			}
		}
		for key, vals := range keys {
			id := condID{Op: op, Key: strings.ToLower(key)}
			if spellings[id.Key] > 1 {
				id.Variant = key
			}
			m := make(set, len(vals))
			for i, v := range vals {
				if _, dup := m[v]; dup {
					continue
				}
				m[v] = struct{}{}
				s.refs[refKey{FieldCondition, op + "\x00" + key, v}] = ref{raw: v, index: i, key: key}
			}
			out[id] = m
			s.entry[id] = key
		}
	}
	return out
}

// rawKey is the condition key of id as written.
func (s *stmt) rawKey(id condID) string {
	if k, ok := s.entry[id]; ok {
		return k
	}
	return id.Key
}

// rawKeyOf is a lower-case condition key as the statement writes it.
func (s *stmt) rawKeyOf(key string) string {
	out := ""
	for id, k := range s.entry {
		if id.Key == key && (out == "" || k < out) {
			out = k
		}
	}
	if out == "" {
		return key
	}
	return out
}

func (s *stmt) condRef(id condID, v string) ref {
	return s.refs[refKey{FieldCondition, id.Op + "\x00" + s.rawKey(id), v}]
}

// serialize writes the canonical form as a string, for exact matching and
// fast equality without reflection.
func (s *stmt) serialize() string {
	var b strings.Builder
	w := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
			b.WriteByte(0)
		}
	}
	end := func() { b.WriteByte(1) }
	list := func(tag string, m set) {
		w(tag)
		for _, v := range sortedKeys(m) {
			w(v)
		}
		end()
	}
	w("sid", s.c.Sid, "effect", s.c.Effect)
	end()
	for _, f := range s.forms {
		b.WriteByte('0' + byte(f))
	}
	end()
	for _, p := range []struct {
		tag string
		m   map[string]set
	}{{"p", s.c.Principal}, {"np", s.c.NotPrincipal}} {
		for _, typ := range sortedKeys(p.m) {
			list(p.tag+"\x00"+typ, p.m[typ])
		}
	}
	list("a", s.c.Action)
	list("na", s.c.NotAction)
	list("r", s.c.Resource)
	list("nr", s.c.NotResource)
	ids := make([]condID, 0, len(s.c.Condition))
	for id := range s.c.Condition {
		ids = append(ids, id)
	}
	sortIDs(ids)
	for _, id := range ids {
		list("c\x00"+id.Op+"\x00"+id.Key+"\x00"+id.Variant, s.c.Condition[id])
	}
	return b.String()
}

func sortIDs(ids []condID) {
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		if a.Op != b.Op {
			return a.Op < b.Op
		}
		return a.Variant < b.Variant
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// element is one piece of a statement's content, for listing an added or
// removed statement.
type element struct {
	field, typ, op, key string
	values              []string
	ptr                 string
}

func (s *stmt) elements(sd *side) []element {
	st := s.st
	idx := st.Index
	var out []element
	if st.HasSid {
		out = append(out, element{field: FieldSid, values: []string{st.Sid}, ptr: sd.pointer("Statement", idx, "Sid")})
	}
	out = append(out, element{field: FieldEffect, values: []string{st.Effect}, ptr: sd.pointer("Statement", idx, "Effect")})
	for _, pf := range []struct {
		name string
		p    policy.Principal
	}{{FieldPrincipal, st.Principal}, {FieldNotPrincipal, st.NotPrincipal}} {
		for _, typ := range sortedKeys(pf.p) {
			for i, v := range pf.p[typ] {
				out = append(out, element{field: pf.name, typ: typ, values: []string{v}, ptr: sd.pointer("Statement", idx, pf.name, typ, i)})
			}
		}
	}
	for _, lf := range []struct {
		name string
		vals []string
	}{{FieldAction, st.Action}, {FieldNotAction, st.NotAction}, {FieldResource, st.Resource}, {FieldNotResource, st.NotResource}} {
		for i, v := range lf.vals {
			out = append(out, element{field: lf.name, values: []string{v}, ptr: sd.pointer("Statement", idx, lf.name, i)})
		}
	}
	for _, op := range sortedKeys(st.Condition) {
		for _, key := range sortedKeys(st.Condition[op]) {
			out = append(out, element{field: FieldCondition, op: op, key: key, values: st.Condition[op][key], ptr: sd.pointer("Statement", idx, "Condition", op, key)})
		}
	}
	return out
}
