package lint

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
)

// A rule whose every clause reads into a part of the input that a document
// does not have gives nothing on that document, and the engine does not
// evaluate it there: the rules that forward parser problems (json/syntax,
// iac/*, ...) on a document without problems, the rules that look at
// input.facts.unusual on an ordinary policy, the condition rules on a
// policy without conditions; any rule, built-in or the user's, written so.
// What a rule needs is read from its compiled clauses (needsOf), so no
// rule declares it and none can get it wrong. A rule evaluated costs OPA
// tens of thousands of instructions even when it finds nothing, and every
// rule in the query makes preparing it dearer.
//
// Rego's rule: an expression with an undefined term is undefined, and a
// clause with an undefined expression gives nothing. So a clause needs
// input.P to be a collection with something in it when an expression of
// its body reads into it (input.P[x], input.P.k): one that is not negated,
// has no "with", and not inside a comprehension (which is defined when its
// body is not). Of those, the engine looks at the first in the body, which
// evaluation reads first anyway: looking at more would convert parts of the
// input (lazily converted, see inputValue) that evaluation may never read.
// A rule is skipped on a document when that part is empty or missing for
// each of its clauses.

// needs is what the rules' clauses need of the input.
type needs struct {
	paths [][]*ast.Term // distinct parts of the input (the string keys after input)
	// entry: by entry point, the part each clause of its rule needs; nil
	// for an entry point never skipped.
	entry [][]int
}

// needsOf reads what the entry points' clauses need.
func needsOf(c *ast.Compiler, refs []ast.Ref) *needs {
	n := &needs{entry: make([][]int, len(refs))}
	index := map[string]int{}
	for k, ref := range refs {
		var clauses []int
		rules := c.GetRulesWithPrefix(ref)
		ok := len(rules) > 0
		for _, r := range rules {
			for ; r != nil && ok; r = r.Else {
				p := firstNeeded(r.Body)
				if r.Default || p == nil {
					ok = false
					break
				}
				key := ast.Ref(p).String()
				i, seen := index[key]
				if !seen {
					i = len(n.paths)
					index[key] = i
					n.paths = append(n.paths, p)
				}
				clauses = append(clauses, i)
			}
		}
		if ok {
			n.entry[k] = clauses
		}
	}
	return n
}

// firstNeeded is the first part of the input a body reads into (see
// above), or nil.
func firstNeeded(body ast.Body) []*ast.Term {
	var part []*ast.Term
	vis := ast.NewGenericVisitor(func(x any) bool {
		switch v := x.(type) {
		case *ast.ArrayComprehension, *ast.SetComprehension, *ast.ObjectComprehension:
			return true
		case ast.Ref:
			if part == nil {
				part = neededPart(v)
			}
		}
		return part != nil
	})
	for _, e := range body {
		if e.Negated || len(e.With) > 0 {
			continue
		}
		switch t := e.Terms.(type) {
		case *ast.Term:
			vis.Walk(t)
		case []*ast.Term:
			for _, t := range t {
				vis.Walk(t)
			}
		}
		if part != nil {
			return part
		}
	}
	return nil
}

// neededPart is the part of the input a reference reads into: input.a.b
// for input.a.b[x] and for input.a.b.c; nil when it reads nothing below
// the input's own keys.
func neededPart(ref ast.Ref) []*ast.Term {
	if len(ref) < 3 || !ref[0].Equal(ast.InputRootDocument) {
		return nil
	}
	n := 0
	for _, t := range ref[1 : len(ref)-1] {
		if _, ok := t.Value.(ast.String); !ok {
			break
		}
		n++
	}
	if n == 0 {
		return nil
	}
	return ref[1 : 1+n]
}

// active are the entry points to evaluate on input: those in keep that
// the document does not let skip.
func (n *needs) active(input ast.Value, keep func(k int) bool) []int {
	empty := make([]int8, len(n.paths)) // 0 not looked at, 1 empty, 2 not
	out := make([]int, 0, len(n.entry))
	for k, clauses := range n.entry {
		if !keep(k) {
			continue
		}
		skip := clauses != nil
		for _, p := range clauses {
			if empty[p] == 0 {
				empty[p] = 2
				if emptyAt(input, n.paths[p]) {
					empty[p] = 1
				}
			}
			if empty[p] == 2 {
				skip = false
				break
			}
		}
		if !skip {
			out = append(out, k)
		}
	}
	return out
}

// emptyAt reports whether the input has nothing to read at path: the path
// is missing, or leads to an empty collection or to a value that is not a
// collection.
func emptyAt(v ast.Value, path []*ast.Term) bool {
	for _, key := range path {
		obj, ok := v.(ast.Object)
		if !ok {
			return true
		}
		t := obj.Get(key)
		if t == nil {
			return true
		}
		v = t.Value
	}
	switch c := v.(type) {
	case ast.Object:
		return c.Len() == 0
	case *ast.Array:
		return c.Len() == 0
	case ast.Set:
		return c.Len() == 0
	}
	return true
}

// checkEntryPoints refuses an entry point that is a function: it cannot be
// queried for its results.
func checkEntryPoints(c *ast.Compiler, refs []ast.Ref) error {
	for _, ref := range refs {
		for _, r := range c.GetRulesWithPrefix(ref) {
			if len(r.Head.Args) > 0 {
				file, row := "", 0
				if r.Location != nil {
					file, row = r.Location.File, r.Location.Row
				}
				return fmt.Errorf("%s:%d: %s is a function; deny, warn and violation must be rules (deny contains msg if ...)", file, row, ref)
			}
		}
	}
	return nil
}
