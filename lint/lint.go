package lint

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/mrapguard/mrapguard/policy"
)

// Target is the MRAP a policy is meant for, when known. Rules that compare
// ARNs with it stay silent for fields that are empty.
type Target struct {
	Account string
	Name    string
	Alias   string
}

// ARN is the MRAP's ARN as used in policies, or "" if account or alias is
// unknown.
func (t *Target) ARN() string {
	if t == nil || t.Account == "" || t.Alias == "" {
		return ""
	}
	return "arn:aws:s3::" + t.Account + ":accesspoint/" + t.Alias
}

func (e *Engine) prepare(ctx context.Context) error {
	c := newCompiler()
	if e.precompiled != nil {
		c = c.WithSkipStages(skippedStages(e.precompiled)...)
	}
	if c.Compile(e.modules); c.Failed() {
		return fmt.Errorf("compile rules: %w", explainCompileErrors(c.Errors))
	}
	if err := checkEntryPoints(c, e.queryRefs); err != nil {
		return fmt.Errorf("compile rules: %w", err)
	}
	maps.Copy(c.RewrittenVars, e.rewritten)
	e.compiler = c
	e.needs = needsOf(c, e.queryRefs)
	e.queries = map[string]*preparedSet{}
	e.budget.init(e, e.evalTimeout, e.evalMemory)
	return nil
}

// maxQueries bounds the queries prepared for the sets of rules documents
// need; past it, a document gets every rule that has not run over.
const maxQueries = 16

// query is the prepared query of a set of entry points, prepared the first
// time a document needs that set.
func (e *Engine) query(entries []int) (*preparedSet, error) {
	key := make([]byte, (len(e.entries)+7)/8)
	for _, k := range entries {
		key[k/8] |= 1 << (k % 8)
	}
	e.qmu.Lock()
	defer e.qmu.Unlock()
	if q, ok := e.queries[string(key)]; ok {
		return q, nil
	}
	if len(e.queries) >= maxQueries {
		e.budget.mu.Lock()
		stopped := e.budget.stopped
		e.budget.mu.Unlock()
		entries = slices.DeleteFunc(allEntries(len(e.entries)), func(k int) bool { return stopped[e.entries[k].rule] })
		clear(key)
		for _, k := range entries {
			key[k/8] |= 1 << (k % 8)
		}
		if q, ok := e.queries[string(key)]; ok {
			return q, nil
		}
	}
	q, err := e.prepareEntries(context.Background(), entries)
	if err != nil {
		return nil, err
	}
	e.queries[string(key)] = q
	return q, nil
}

// prepareEntries prepares the query of some entry points (see queryText).
func (e *Engine) prepareEntries(ctx context.Context, entries []int) (*preparedSet, error) {
	r := rego.New(
		rego.Query(e.queryText(entries)),
		rego.Compiler(e.compiler),
		rego.Store(e.store),
		rego.Capabilities(restrictedCapabilities()),
		rego.StrictBuiltinErrors(e.strict),
		rego.GenerateJSON(resultValue),
	)
	pq, err := r.PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare rules: %w", explainCompileErrors(err))
	}
	return &preparedSet{q: pq, entries: entries}, nil
}

// Input returns the document rules see as input (rules/README.md
// documents its shape).
func (e *Engine) Input(doc *policy.Document, target *Target) ast.Value {
	return inputValue(doc, target, e.parse)
}

// Lint evaluates every enabled rule on one parsed document, within the
// evaluation budgets (see DefaultEvalTimeout): a rule that runs over is a
// RuleOverBudget finding, not an error.
func (e *Engine) Lint(ctx context.Context, doc *policy.Document, target *Target) ([]Finding, error) {
	results, out, err := e.eval(ctx, doc, target)
	if err != nil {
		return nil, err
	}
	for i, ent := range e.entries {
		rule := &e.rules[ent.rule]
		for _, res := range results[i] {
			out = append(out, e.finding(doc, rule, res.Value))
		}
	}
	return out, nil
}

// Results evaluates every enabled rule on one document and returns what each
// rule reported, exactly as the rule wrote it (objects with msg and path, or
// strings), by rule ID. Lint turns the same results into Findings; rule tests
// use Results to check their shape. A rule that runs over its budget is an
// error here.
func (e *Engine) Results(ctx context.Context, doc *policy.Document, target *Target) (map[string][]any, error) {
	results, extra, err := e.eval(ctx, doc, target)
	if err != nil {
		return nil, err
	}
	if len(extra) > 0 {
		return nil, fmt.Errorf("lint %s: %s", doc.Name, extra[0].Message)
	}
	out := map[string][]any{}
	for i, ent := range e.entries {
		id := e.rules[ent.rule].ID
		for _, res := range results[i] {
			v, err := ast.JSON(res.Value)
			if err != nil {
				return nil, fmt.Errorf("lint %s: rule %s: %w", doc.Name, id, err)
			}
			out[id] = append(out[id], v)
		}
		if _, ok := out[id]; !ok {
			out[id] = nil
		}
	}
	return out, nil
}

// eval runs the rules on one document: the results of each entry point by
// index, and findings for rules stopped by a budget.
func (e *Engine) eval(ctx context.Context, doc *policy.Document, target *Target) ([][]*ast.Term, []Finding, error) {
	return e.evalBounded(ctx, doc, e.Input(doc, target))
}

// Keys of a rule's result object.
var (
	keyMsg      = ast.StringTerm("msg")
	keyPath     = ast.StringTerm("path")
	keyPointer  = ast.StringTerm("pointer")
	keyLine     = ast.StringTerm("line")
	keyColumn   = ast.StringTerm("column")
	keySeverity = ast.StringTerm("severity")
)

// finding turns one rule result into a Finding with a position.
func (e *Engine) finding(doc *policy.Document, rule *RuleInfo, res ast.Value) Finding {
	f := Finding{File: doc.Name, Resource: doc.Resource, Rule: rule.ID, Severity: rule.Severity, Line: 1, Column: 1}
	if doc.Resource != "" && doc.Root != nil {
		// A policy in a template: the whole document is where the policy
		// starts, not the top of the file.
		f.Line, f.Column = doc.Root.Start.Line, doc.Root.Start.Column
	}
	obj, ok := res.(ast.Object)
	if !ok {
		f.Message = resultText(res)
		return f
	}
	if m := obj.Get(keyMsg); m != nil {
		f.Message = resultText(m.Value)
	} else {
		f.Message = resultText(res)
	}
	// A result may carry its own severity (a rule that answers checks of
	// several weights); the configuration's severity for the rule wins.
	if sv, ok := valueOf(obj, keySeverity).(ast.String); ok && !rule.configured {
		if sev, err := ParseSeverity(string(sv)); err == nil && sev != SeverityNone {
			f.Severity = sev
		}
	}
	if p, ok := valueOf(obj, keyPath).(*ast.Array); ok && doc.Root != nil {
		path := make([]any, p.Len())
		for i := range path {
			switch v := p.Elem(i).Value.(type) {
			case ast.String:
				path[i] = string(v)
			case ast.Number:
				path[i] = json.Number(v)
			default:
				path[i] = nil // matches nothing: the path stops here
			}
		}
		n, ptr := doc.Lookup(path)
		f.Path = ptr
		f.Line, f.Column = n.Start.Line, n.Start.Column
		f.EndLine, f.EndColumn = n.End.Line, n.End.Column
	} else {
		if ptr, ok := valueOf(obj, keyPointer).(ast.String); ok {
			f.Path = string(ptr)
			if doc.Root != nil {
				if n := lookupPointer(doc, f.Path); n != nil {
					f.Line, f.Column = n.Start.Line, n.Start.Column
					f.EndLine, f.EndColumn = n.End.Line, n.End.Column
				}
			}
		}
		if l, ok := number(valueOf(obj, keyLine)); ok && l >= 1 {
			f.Line = l
			f.Column = 1
			f.EndLine, f.EndColumn = 0, 0
			if c, ok := number(valueOf(obj, keyColumn)); ok && c >= 1 {
				f.Column = c
			}
		}
	}
	f.Sid = sidAt(doc, f.Path)
	return f
}

func valueOf(obj ast.Object, key *ast.Term) ast.Value {
	if t := obj.Get(key); t != nil {
		return t.Value
	}
	return nil
}

func resultText(v ast.Value) string {
	if s, ok := v.(ast.String); ok {
		return string(s)
	}
	j, err := ast.JSON(v)
	if err != nil {
		return v.String()
	}
	b, err := json.Marshal(j)
	if err != nil {
		return v.String()
	}
	return string(b)
}

// number is an integral Rego number as an int.
func number(v ast.Value) (int, bool) {
	n, ok := v.(ast.Number)
	if !ok {
		return 0, false
	}
	i, ok := n.Int()
	return i, ok
}

// lookupPointer resolves a JSON pointer in the raw document, stopping at the
// deepest node it reaches.
func lookupPointer(doc *policy.Document, ptr string) *policy.Node {
	n := doc.Root
	if ptr == "" || !strings.HasPrefix(ptr, "/") {
		return n
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		var next *policy.Node
		if n.Kind == policy.Array {
			if idx, err := strconv.Atoi(tok); err == nil && idx >= 0 && idx < len(n.Elems) {
				next = n.Elems[idx]
			}
		} else {
			next = n.Get(tok)
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// sidAt returns the Sid of the statement a pointer points into.
func sidAt(doc *policy.Document, ptr string) string {
	rest, ok := strings.CutPrefix(ptr, "/Statement")
	if !ok || (rest != "" && rest[0] != '/') {
		return ""
	}
	idx := 0
	if st := doc.Root.Get("Statement"); st != nil && st.Kind == policy.Array {
		tok, _, _ := strings.Cut(strings.TrimPrefix(rest, "/"), "/")
		n, err := strconv.Atoi(tok)
		if err != nil {
			return ""
		}
		idx = n
	}
	for _, s := range doc.Policy.Statements {
		if s.Index == idx {
			return s.Sid
		}
	}
	return ""
}
