package regobin

import (
	"errors"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Decode reads a set written by Encode. The strings of the modules are
// slices of data, which must stay unchanged.
func Decode(data string) (s *Set, err error) {
	rest, ok := strings.CutPrefix(data, magic)
	if !ok {
		return nil, errors.New("not a module set of this version")
	}
	r := &reader{s: rest}
	defer func() {
		if e := recover(); e != nil {
			de, ok := e.(decodeError)
			if !ok {
				panic(e)
			}
			s, err = nil, de
		}
	}()
	s = &Set{Key: r.str0()}
	r.strs = make([]string, r.count())
	for i := range r.strs {
		r.strs[i] = r.str0()
	}
	r.values = make([]values, len(r.strs))
	srcs := make([][]byte, r.count())
	for i := range srcs {
		srcs[i] = []byte(r.str0())
	}
	locs := make([]ast.Location, r.count())
	r.locs = make([]*ast.Location, len(locs)+1)
	for i := range locs {
		l := &locs[i]
		l.File = r.str()
		l.Row, l.Col, l.Offset = r.int(), r.int(), r.int()
		switch r.uint() {
		case 0:
		case 1:
			src := srcs[r.index(len(srcs))]
			n := r.int()
			if l.Offset < 0 || n < 0 || l.Offset+n > len(src) {
				r.fail("location text out of its source")
			}
			l.Text = src[l.Offset : l.Offset+n : l.Offset+n]
		case 2:
			l.Text = []byte(r.str())
		default:
			r.fail("bad location")
		}
		r.locs[i+1] = l
	}
	r.terms = make([]ast.Term, r.count())
	r.exprs = make([]ast.Expr, r.count())
	n := r.count()
	r.rules, r.heads = make([]ast.Rule, n), make([]ast.Head, n)

	nm := r.count()
	s.Modules = make(map[string]*ast.Module, nm)
	for range nm {
		name := r.str()
		s.Modules[name] = r.module()
	}
	if n := r.count(); n > 0 {
		s.Stages = make([]string, n)
		for i := range s.Stages {
			s.Stages[i] = r.str()
		}
	}
	nv := r.count()
	if nv > 0 {
		s.RewrittenVars = make(map[ast.Var]ast.Var, nv)
	}
	for range nv {
		k := ast.Var(r.str())
		s.RewrittenVars[k] = ast.Var(r.str())
	}
	if r.pos != len(r.s) {
		r.fail("trailing data")
	}
	return s, nil
}

type decodeError string

func (e decodeError) Error() string { return "decode modules: " + string(e) }

type reader struct {
	s      string
	pos    int
	strs   []string
	values []values        // by string: its values, made once and shared
	locs   []*ast.Location // [0] is nil

	// Nodes are taken from these, in order.
	terms []ast.Term
	exprs []ast.Expr
	rules []ast.Rule
	heads []ast.Head

	// Lists are cut from these.
	termPtrs []*ast.Term
	exprPtrs []*ast.Expr
}

// values are the Rego values of one string: a value in an interface is
// allocated, and most strings are in many terms.
type values struct{ str, v ast.Value }

// stringValue is the ast.String of the string at index i.
func (r *reader) stringValue() ast.Value {
	i := r.index(len(r.strs))
	if r.values[i].str == nil {
		r.values[i].str = ast.String(r.strs[i])
	}
	return r.values[i].str
}

// varValue is the ast.Var of the string at index i.
func (r *reader) varValue() ast.Value {
	i := r.index(len(r.strs))
	if r.values[i].v == nil {
		r.values[i].v = ast.Var(r.strs[i])
	}
	return r.values[i].v
}

// slab is how many list elements are allocated at once.
const slab = 1024

// readList reads a list written by writeList, cut from block (a new one
// when it is used up); nil when nil was written.
func readList[T any](r *reader, block *[]*T, read func() *T) []*T {
	n := r.list()
	if n < 0 {
		return nil
	}
	if len(*block) < n {
		*block = make([]*T, max(n, slab))
	}
	xs := (*block)[:n:n]
	*block = (*block)[n:]
	for i := range xs {
		xs[i] = read()
	}
	return xs
}

func (r *reader) fail(msg string) { panic(decodeError(fmt.Sprintf("%s at byte %d", msg, r.pos))) }

// uint reads a varint; the common one-byte case is inlined.
func (r *reader) uint() uint64 {
	if p := r.pos; p < len(r.s) && r.s[p] < 0x80 {
		r.pos = p + 1
		return uint64(r.s[p])
	}
	return r.uintSlow()
}

func (r *reader) uintSlow() uint64 {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if r.pos >= len(r.s) {
			r.fail("unexpected end")
		}
		b := r.s[r.pos]
		r.pos++
		if b < 0x80 {
			return x | uint64(b)<<shift
		}
		x |= uint64(b&0x7f) << shift
	}
	r.fail("bad number")
	return 0
}

func (r *reader) int() int {
	u := r.uint()
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return int(n)
}

// count reads a length, which cannot be more than the bytes left.
func (r *reader) count() int {
	n := r.uint()
	if n > uint64(len(r.s)-r.pos) {
		r.fail("bad length")
	}
	return int(n)
}

func (r *reader) index(n int) int {
	i := r.uint()
	if i >= uint64(n) {
		r.fail("bad index")
	}
	return int(i)
}

func (r *reader) byte() byte {
	if r.pos >= len(r.s) {
		r.fail("unexpected end")
	}
	b := r.s[r.pos]
	r.pos++
	return b
}

func (r *reader) flag() bool { return r.byte() != 0 }

func (r *reader) str0() string {
	n := r.count()
	s := r.s[r.pos : r.pos+n]
	r.pos += n
	return s
}

func (r *reader) str() string { return r.strs[r.index(len(r.strs))] }

func (r *reader) loc() *ast.Location { return r.locs[r.index(len(r.locs))] }

func (r *reader) module() *ast.Module {
	lo, hi := ast.RegoVersion(r.uint()), ast.RegoVersion(r.uint())
	span, err := ast.NewRegoVersionSpan(lo, hi)
	if err != nil {
		r.fail(err.Error())
	}
	m := &ast.Module{Package: &ast.Package{}}
	m.SetRegoVersionSpan(span)
	m.Package.Path = r.termList()
	m.Package.Location = r.loc()
	if n := r.count(); n > 0 {
		m.Imports = make([]*ast.Import, n)
		for i := range m.Imports {
			m.Imports[i] = &ast.Import{Path: r.term(), Alias: ast.Var(r.str()), Location: r.loc(), AliasLocation: r.loc()}
		}
	}
	if n := r.count(); n > 0 {
		m.Rules = make([]*ast.Rule, n)
		for i := range m.Rules {
			m.Rules[i] = r.rule(m)
		}
	}
	return m
}

func (r *reader) rule(m *ast.Module) *ast.Rule {
	rule, h := take(r, &r.rules, "rules"), take(r, &r.heads, "rules")
	flags := r.uint()
	rule.Module, rule.Head, rule.Default = m, h, flags&rDefault != 0
	rule.Location = r.loc()
	h.Name = ast.Var(r.str())
	h.Reference = r.termList()
	h.Args = r.termList()
	h.Assign = flags&hAssign != 0
	if flags&hKey != 0 {
		h.Key = r.term()
	}
	if flags&hValue != 0 {
		h.Value = r.term()
	}
	h.Location = r.loc()
	rule.Body = r.body()
	if flags&rElse != 0 {
		rule.Else = r.rule(m)
	}
	return rule
}

// list reads the length of a list written by writer.list: -1 for nil.
func (r *reader) list() int {
	n := r.uint()
	if n > uint64(len(r.s)-r.pos)+1 {
		r.fail("bad length")
	}
	return int(n) - 1
}

func (r *reader) body() ast.Body { return readList(r, &r.exprPtrs, r.expr) }

// take takes the next node from a block of those the header counted.
func take[T any](r *reader, block *[]T, what string) *T {
	if len(*block) == 0 {
		r.fail("more " + what + " than counted")
	}
	x := &(*block)[0]
	*block = (*block)[1:]
	return x
}

func (r *reader) expr() *ast.Expr {
	e := take(r, &r.exprs, "expressions")
	flags := r.uint()
	e.Negated, e.Generated = flags&fNegated != 0, flags&fGenerated != 0
	e.Index = r.int()
	e.Location = r.loc()
	if flags&fWith != 0 {
		e.With = make([]*ast.With, r.count())
		for i := range e.With {
			e.With[i] = &ast.With{Target: r.term(), Value: r.term(), Location: r.loc()}
		}
	}
	switch r.byte() {
	case eTerm:
		e.Terms = r.term()
	case eCall:
		e.Terms = r.termList()
	case eSome:
		loc := r.loc()
		e.Terms = &ast.SomeDecl{Location: loc, Symbols: r.termList()}
	case eEvery:
		x := &ast.Every{Location: r.loc()}
		x.Key, x.Value = r.optTerm(), r.optTerm()
		x.Domain = r.term()
		x.Body = r.body()
		e.Terms = x
	case eNot:
		x := &ast.Not{Location: r.loc(), ExplicitBody: r.flag()}
		x.Body = r.body()
		e.Terms = x
	case eAnd:
		x := &ast.LogicalAnd{Location: r.loc(), ExplicitLhs: r.flag(), ExplicitRhs: r.flag()}
		x.Lhs, x.Rhs = r.body(), r.body()
		e.Terms = x
	case eOr:
		x := &ast.LogicalOr{Location: r.loc(), ExplicitLhs: r.flag(), ExplicitRhs: r.flag()}
		x.Lhs, x.Rhs = r.body(), r.body()
		e.Terms = x
	default:
		r.fail("bad expression")
	}
	return e
}

func (r *reader) optTerm() *ast.Term {
	if !r.flag() {
		return nil
	}
	return r.term()
}

func (r *reader) termList() []*ast.Term { return readList(r, &r.termPtrs, r.term) }

func (r *reader) term() *ast.Term {
	t := take(r, &r.terms, "terms")
	tag := r.byte()
	t.Location = r.loc()
	switch tag {
	case tNull:
		t.Value = ast.Null{}
	case tTrue:
		t.Value = ast.Boolean(true)
	case tFalse:
		t.Value = ast.Boolean(false)
	case tNumber:
		t.Value = ast.Number(r.str())
	case tString:
		t.Value = r.stringValue()
	case tVar:
		t.Value = r.varValue()
	case tRef:
		t.Value = ast.Ref(r.termList())
	case tArray:
		t.Value = ast.NewArray(r.termList()...)
	case tSet:
		t.Value = ast.NewSet(r.termList()...)
	case tObject:
		kvs := make([][2]*ast.Term, r.count())
		for i := range kvs {
			kvs[i][0] = r.term()
			kvs[i][1] = r.term()
		}
		t.Value = ast.NewObject(kvs...)
	case tArrayCompr:
		x := &ast.ArrayComprehension{Term: r.term()}
		x.Body = r.body()
		t.Value = x
	case tSetCompr:
		x := &ast.SetComprehension{Term: r.term()}
		x.Body = r.body()
		t.Value = x
	case tObjectCompr:
		x := &ast.ObjectComprehension{Key: r.term()}
		x.Value = r.term()
		x.Body = r.body()
		t.Value = x
	case tCall:
		t.Value = ast.Call(r.termList())
	case tTemplate:
		x := &ast.TemplateString{MultiLine: r.flag()}
		x.Parts = make([]ast.Node, r.count())
		for i := range x.Parts {
			switch r.byte() {
			case 0:
				x.Parts[i] = r.expr()
			case 1:
				x.Parts[i] = r.term()
			default:
				r.fail("bad template part")
			}
		}
		t.Value = x
	default:
		r.fail("bad term")
	}
	return t
}
