// Package regobin stores Rego modules (OPA's AST) in a compact binary form
// and reads them back, so a program can embed modules it compiled at build
// time and load them at start-up without lexing or parsing Rego.
//
// Reading is cheap: strings are slices of the encoded data (no copies),
// nodes are allocated in a few large blocks, and a location's text is a
// slice of the module's source, stored once. What a module holds survives
// the round trip: every node, value, flag and location (file, row, column,
// offset and text). Not stored, because nothing evaluates them: comments,
// METADATA annotations, a location's tab offsets (used by traces to align
// columns) and the parser's formatting hints (keywords written, generated
// bodies and values; the compiler's notes on where an expression came
// from). TestASTFieldsKnown fails when OPA adds a field to a node, so a
// new field is decided on rather than dropped unseen.
//
// The format is private to one build: Decode reads what Encode of the same
// program wrote, and refuses anything else (the first bytes hold a
// version).
package regobin

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Set is what is stored: modules by name, with the compiler's record of
// the variables it renamed and an opaque key saying what they were built
// from.
type Set struct {
	Modules map[string]*ast.Module
	// Sources are the texts the modules were parsed from, by module name,
	// so locations can refer to them (optional; a location whose text is
	// not in its file's source is stored as it is).
	Sources map[string][]byte
	// RewrittenVars is ast.Compiler.RewrittenVars of the compiled modules.
	RewrittenVars map[ast.Var]ast.Var
	// Stages are the compiler stages the modules still need when loaded.
	Stages []string
	Key    string
}

const magic = "regobin\x02"

// Node tags.
const (
	tNull byte = iota
	tTrue
	tFalse
	tNumber
	tString
	tVar
	tRef
	tArray
	tSet
	tObject
	tArrayCompr
	tSetCompr
	tObjectCompr
	tCall
	tTemplate

	// Expression terms.
	eTerm
	eCall
	eSome
	eEvery
	eNot
	eAnd
	eOr
)

// Expression flags.
const (
	fNegated = 1 << iota
	fGenerated
	fWith
)

// Rule flags.
const (
	rDefault = 1 << iota
	rElse
	hAssign
	hKey
	hValue
)

// Encode writes a set; the output depends only on the set (maps are
// written in sorted order).
func Encode(s *Set) ([]byte, error) {
	w := &writer{strs: map[string]uint64{}, locs: map[*ast.Location]uint64{}, srcIdx: map[string]int{}}
	names := make([]string, 0, len(s.Modules))
	for name := range s.Modules {
		names = append(names, name)
	}
	slices.Sort(names)
	var body writer
	body.strs, body.locs = w.strs, w.locs
	body.strList, body.srcIdx, body.sources = nil, w.srcIdx, s.Sources
	body.uint(uint64(len(names)))
	for _, name := range names {
		m := s.Modules[name]
		body.file = name
		body.str(name)
		if err := body.module(m); err != nil {
			return nil, fmt.Errorf("encode %s: %w", name, err)
		}
	}
	body.uint(uint64(len(s.Stages)))
	for _, st := range s.Stages {
		body.str(st)
	}
	vars := make([]ast.Var, 0, len(s.RewrittenVars))
	for k := range s.RewrittenVars {
		vars = append(vars, k)
	}
	slices.Sort(vars)
	body.uint(uint64(len(vars)))
	for _, k := range vars {
		body.str(string(k))
		body.str(string(s.RewrittenVars[k]))
	}

	// Header: the tables the body refers to, then the body.
	var out bytes.Buffer
	out.WriteString(magic)
	hdr := &writer{}
	hdr.str0(s.Key)
	hdr.uint(uint64(len(body.strList)))
	for _, x := range body.strList {
		hdr.str0(x)
	}
	hdr.uint(uint64(len(body.srcList)))
	for _, name := range body.srcList {
		hdr.str0(string(s.Sources[name]))
	}
	hdr.uint(uint64(len(body.locList)))
	for _, l := range body.locList {
		hdr.buf = append(hdr.buf, l...)
	}
	hdr.uint(uint64(body.nTerms))
	hdr.uint(uint64(body.nExprs))
	hdr.uint(uint64(body.nRules))
	out.Write(hdr.buf)
	out.Write(body.buf)
	return out.Bytes(), nil
}

type writer struct {
	buf     []byte
	strs    map[string]uint64
	strList []string
	locs    map[*ast.Location]uint64
	locList [][]byte
	sources map[string][]byte
	srcIdx  map[string]int
	srcList []string
	file    string // the module being written

	nTerms, nExprs, nRules int
}

func (w *writer) uint(n uint64) { w.buf = binary.AppendUvarint(w.buf, n) }

func (w *writer) int(n int) { w.buf = binary.AppendVarint(w.buf, int64(n)) }

func (w *writer) flag(b bool) {
	if b {
		w.buf = append(w.buf, 1)
	} else {
		w.buf = append(w.buf, 0)
	}
}

// str0 writes a string in place.
func (w *writer) str0(s string) {
	w.uint(uint64(len(s)))
	w.buf = append(w.buf, s...)
}

// str writes a reference to a string in the table.
func (w *writer) str(s string) {
	i, ok := w.strs[s]
	if !ok {
		i = uint64(len(w.strList))
		w.strs[s] = i
		w.strList = append(w.strList, s)
	}
	w.uint(i)
}

// loc writes a reference to a location in the table (0 is none); a
// location shared by several nodes is stored once and read back shared.
func (w *writer) loc(l *ast.Location) {
	if l == nil {
		w.uint(0)
		return
	}
	i, ok := w.locs[l]
	if !ok {
		var e writer
		e.strs, e.strList = w.strs, w.strList
		e.str(l.File)
		e.int(l.Row)
		e.int(l.Col)
		e.int(l.Offset)
		switch src, isSrc := w.sources[l.File]; {
		case l.Text == nil:
			e.uint(0)
		case isSrc && l.Offset >= 0 && l.Offset+len(l.Text) <= len(src) && bytes.Equal(src[l.Offset:l.Offset+len(l.Text)], l.Text):
			si, ok := w.srcIdx[l.File]
			if !ok {
				si = len(w.srcList)
				w.srcIdx[l.File] = si
				w.srcList = append(w.srcList, l.File)
			}
			e.uint(1)
			e.uint(uint64(si))
			e.int(len(l.Text))
		default:
			e.uint(2)
			e.str(string(l.Text))
		}
		w.strList = e.strList
		i = uint64(len(w.locList)) + 1
		w.locs[l] = i
		w.locList = append(w.locList, e.buf)
	}
	w.uint(i)
}

func (w *writer) module(m *ast.Module) error {
	if m.Package == nil {
		return errors.New("module without package")
	}
	span := m.RegoVersionSpan()
	w.uint(uint64(span.Min()))
	w.uint(uint64(span.Max()))
	if err := w.terms(m.Package.Path); err != nil {
		return err
	}
	w.loc(m.Package.Location)
	w.uint(uint64(len(m.Imports)))
	for _, imp := range m.Imports {
		if err := w.term(imp.Path); err != nil {
			return err
		}
		w.str(string(imp.Alias))
		w.loc(imp.Location)
		w.loc(imp.AliasLocation)
	}
	w.uint(uint64(len(m.Rules)))
	for _, r := range m.Rules {
		if err := w.rule(r); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) rule(r *ast.Rule) error {
	w.nRules++
	h := r.Head
	var flags uint64
	if r.Default {
		flags |= rDefault
	}
	if r.Else != nil {
		flags |= rElse
	}
	if h.Assign {
		flags |= hAssign
	}
	if h.Key != nil {
		flags |= hKey
	}
	if h.Value != nil {
		flags |= hValue
	}
	w.uint(flags)
	w.loc(r.Location)
	w.str(string(h.Name))
	if err := w.terms(h.Reference); err != nil {
		return err
	}
	if err := w.terms(h.Args); err != nil {
		return err
	}
	if h.Key != nil {
		if err := w.term(h.Key); err != nil {
			return err
		}
	}
	if h.Value != nil {
		if err := w.term(h.Value); err != nil {
			return err
		}
	}
	w.loc(h.Location)
	if err := w.body(r.Body); err != nil {
		return err
	}
	if r.Else != nil {
		return w.rule(r.Else)
	}
	return nil
}

// list writes the length of a list, keeping nil apart from empty.
func (w *writer) list(n int, isNil bool) {
	if isNil {
		w.uint(0)
	} else {
		w.uint(uint64(n) + 1)
	}
}

// writeList writes a list: its length (see list), then each element.
func writeList[T any](w *writer, xs []T, write func(T) error) error {
	w.list(len(xs), xs == nil)
	for _, x := range xs {
		if err := write(x); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) body(b ast.Body) error { return writeList(w, b, w.expr) }

func (w *writer) expr(e *ast.Expr) error {
	w.nExprs++
	var flags uint64
	if e.Negated {
		flags |= fNegated
	}
	if e.Generated {
		flags |= fGenerated
	}
	if len(e.With) > 0 {
		flags |= fWith
	}
	w.uint(flags)
	w.int(e.Index)
	w.loc(e.Location)
	if len(e.With) > 0 {
		w.uint(uint64(len(e.With)))
		for _, x := range e.With {
			if err := w.term(x.Target); err != nil {
				return err
			}
			if err := w.term(x.Value); err != nil {
				return err
			}
			w.loc(x.Location)
		}
	}
	switch t := e.Terms.(type) {
	case *ast.Term:
		w.buf = append(w.buf, eTerm)
		return w.term(t)
	case []*ast.Term:
		w.buf = append(w.buf, eCall)
		return w.terms(t)
	case *ast.SomeDecl:
		w.buf = append(w.buf, eSome)
		w.loc(t.Location)
		return w.terms(t.Symbols)
	case *ast.Every:
		w.buf = append(w.buf, eEvery)
		w.loc(t.Location)
		if err := w.optTerm(t.Key); err != nil {
			return err
		}
		if err := w.optTerm(t.Value); err != nil {
			return err
		}
		if err := w.term(t.Domain); err != nil {
			return err
		}
		return w.body(t.Body)
	case *ast.Not:
		w.buf = append(w.buf, eNot)
		w.loc(t.Location)
		w.flag(t.ExplicitBody)
		return w.body(t.Body)
	case *ast.LogicalAnd:
		w.buf = append(w.buf, eAnd)
		return w.logical(t.Lhs, t.Rhs, t.ExplicitLhs, t.ExplicitRhs, t.Location)
	case *ast.LogicalOr:
		w.buf = append(w.buf, eOr)
		return w.logical(t.Lhs, t.Rhs, t.ExplicitLhs, t.ExplicitRhs, t.Location)
	}
	return fmt.Errorf("expression of type %T at %v is not supported", e.Terms, e.Location)
}

func (w *writer) logical(lhs, rhs ast.Body, el, er bool, loc *ast.Location) error {
	w.loc(loc)
	w.flag(el)
	w.flag(er)
	if err := w.body(lhs); err != nil {
		return err
	}
	return w.body(rhs)
}

func (w *writer) optTerm(t *ast.Term) error {
	w.flag(t != nil)
	if t == nil {
		return nil
	}
	return w.term(t)
}

func (w *writer) terms(ts []*ast.Term) error { return writeList(w, ts, w.term) }

func (w *writer) term(t *ast.Term) error {
	if t == nil {
		return errors.New("nil term")
	}
	w.nTerms++
	tag := func(tag byte) {
		w.buf = append(w.buf, tag)
		w.loc(t.Location)
	}
	switch v := t.Value.(type) {
	case ast.Null:
		tag(tNull)
	case ast.Boolean:
		if v {
			tag(tTrue)
		} else {
			tag(tFalse)
		}
	case ast.Number:
		tag(tNumber)
		w.str(string(v))
	case ast.String:
		tag(tString)
		w.str(string(v))
	case ast.Var:
		tag(tVar)
		w.str(string(v))
	case ast.Ref:
		tag(tRef)
		return w.terms(v)
	case *ast.Array:
		tag(tArray)
		w.list(v.Len(), false)
		for i := range v.Len() {
			if err := w.term(v.Elem(i)); err != nil {
				return err
			}
		}
	case ast.Set:
		tag(tSet)
		return w.terms(v.Slice())
	case ast.Object:
		tag(tObject)
		w.uint(uint64(v.Len()))
		var err error
		v.Foreach(func(k, x *ast.Term) {
			if err == nil {
				err = w.term(k)
			}
			if err == nil {
				err = w.term(x)
			}
		})
		return err
	case *ast.ArrayComprehension:
		tag(tArrayCompr)
		if err := w.term(v.Term); err != nil {
			return err
		}
		return w.body(v.Body)
	case *ast.SetComprehension:
		tag(tSetCompr)
		if err := w.term(v.Term); err != nil {
			return err
		}
		return w.body(v.Body)
	case *ast.ObjectComprehension:
		tag(tObjectCompr)
		if err := w.term(v.Key); err != nil {
			return err
		}
		if err := w.term(v.Value); err != nil {
			return err
		}
		return w.body(v.Body)
	case ast.Call:
		tag(tCall)
		return w.terms(v)
	case *ast.TemplateString:
		tag(tTemplate)
		w.flag(v.MultiLine)
		w.uint(uint64(len(v.Parts)))
		for _, p := range v.Parts {
			switch p := p.(type) {
			case *ast.Expr:
				w.buf = append(w.buf, 0)
				if err := w.expr(p); err != nil {
					return err
				}
			case *ast.Term:
				w.buf = append(w.buf, 1)
				if err := w.term(p); err != nil {
					return err
				}
			default:
				return fmt.Errorf("template string part of type %T at %v is not supported", p, t.Location)
			}
		}
	default:
		return fmt.Errorf("value of type %T at %v is not supported", t.Value, t.Location)
	}
	return nil
}
