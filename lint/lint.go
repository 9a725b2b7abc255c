package lint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

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

// verifyOnlyStages are compiler stages that only check modules (types,
// conflicts, recursion, imports) without changing what evaluation does. The
// built-in rules pass them in the test suite (TestBuiltinRulesPassEveryCheck),
// so a run with no user rules skips them: a fifth of the compile time at
// every start. With user rules, every stage runs, including those that
// enforce the restricted capabilities (undefined and unsafe builtins).
//
// The embedded rules are also trusted not to call rego.metadata (so their
// METADATA blocks, which the generated table holds, need no parsing) and
// to use only the builtins the restricted capabilities allow: the test
// suite compiles them with every stage and those capabilities.
var verifyOnlyStages = []ast.StageID{
	ast.StageCheckTypes,
	ast.StageCheckRecursion,
	ast.StageCheckUnusedImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckRuleConflicts,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageCheckVoidCalls,
	ast.StageBuildRequiredCapabilities,
	ast.StageSetAnnotationSet,
	ast.StageRewriteTestRulesForTracing,
	ast.StageParseMetadataBlocks,
	ast.StageRewriteRegoMetadataCalls,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckUnsafeBuiltins,
}

func (e *Engine) prepare(ctx context.Context) error {
	caps := restrictedCapabilities()
	shards := e.shards()
	compilers := make([]*ast.Compiler, len(shards))
	errs := make([]error, len(shards))
	var wg sync.WaitGroup
	for i, mods := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := ast.NewCompiler().
				WithCapabilities(caps).
				WithEnablePrintStatements(false).
				WithDefaultRegoVersion(ast.RegoV1)
			if e.onlyBuiltin {
				c = c.WithSkipStages(verifyOnlyStages...)
			}
			if c.Compile(mods); c.Failed() {
				errs[i] = fmt.Errorf("compile rules: %w", explainCompileErrors(c.Errors))
			}
			compilers[i] = c
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	e.compilers = compilers
	e.shardOf = make([]int, len(e.entries))
	for k, ref := range e.queryRefs {
		for i, c := range compilers {
			if c.GetRulesExact(ref) != nil {
				e.shardOf[k] = i
				break
			}
		}
	}
	all, err := e.prepareEntries(ctx, allEntries(len(e.entries)))
	if err != nil {
		return err
	}
	e.budget.init(e, all, e.evalTimeout, e.evalMemory)
	return nil
}

// shards splits the modules for compiling on several cores: compiling is
// most of the start-up, and OPA compiles on one core. The embedded rules
// are independent packages (TestShardedEngineFindsTheSame), so without user
// rules they are compiled in as many groups as there are cores (at most
// four), of about the same size; user rules may refer to any package, so
// with them everything is compiled together.
func (e *Engine) shards() []map[string]*ast.Module {
	n := min(runtime.GOMAXPROCS(0), 4)
	if !e.onlyBuiltin || n < 2 || len(e.modules) < 2*n {
		return []map[string]*ast.Module{e.modules}
	}
	names := make([]string, 0, len(e.modules))
	for name := range e.modules {
		names = append(names, name)
	}
	sort.Strings(names)
	// Largest first, each to the lightest group.
	size := func(name string) int { return len(e.modules[name].Rules) }
	sort.SliceStable(names, func(i, j int) bool { return size(names[i]) > size(names[j]) })
	out := make([]map[string]*ast.Module, n)
	weight := make([]int, n)
	for i := range out {
		out[i] = map[string]*ast.Module{}
	}
	for _, name := range names {
		g := 0
		for i := range weight {
			if weight[i] < weight[g] {
				g = i
			}
		}
		out[g][name] = e.modules[name]
		weight[g] += size(name) + 1
	}
	return out
}

// prepareEntries prepares the queries of some entry points (see queryText):
// one per compiler their rules are in.
func (e *Engine) prepareEntries(ctx context.Context, entries []int) (*preparedSet, error) {
	set := &preparedSet{}
	for i, c := range e.compilers {
		var mine []int
		for _, k := range entries {
			if e.shardOf[k] == i {
				mine = append(mine, k)
			}
		}
		if len(mine) == 0 {
			continue
		}
		r := rego.New(
			rego.Query(e.queryText(mine)),
			rego.Compiler(c),
			rego.Store(e.store),
			rego.Capabilities(restrictedCapabilities()),
			rego.StrictBuiltinErrors(e.strict),
		)
		pq, err := r.PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("prepare rules: %w", explainCompileErrors(err))
		}
		set.parts = append(set.parts, preparedPart{q: pq, entries: mine})
	}
	return set, nil
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
			out = append(out, e.finding(doc, rule, res))
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
		out[id] = append(out[id], results[i]...)
	}
	return out, nil
}

// eval runs the rules on one document: the results of each entry point by
// index, and findings for rules stopped by a budget.
func (e *Engine) eval(ctx context.Context, doc *policy.Document, target *Target) (map[int][]any, []Finding, error) {
	return e.evalBounded(ctx, doc, e.Input(doc, target))
}

// finding turns one rule result into a Finding with a position.
func (e *Engine) finding(doc *policy.Document, rule *RuleInfo, res any) Finding {
	f := Finding{File: doc.Name, Resource: doc.Resource, Rule: rule.ID, Severity: rule.Severity, Line: 1, Column: 1}
	if doc.Resource != "" && doc.Root != nil {
		// A policy in a template: the whole document is where the policy
		// starts, not the top of the file.
		f.Line, f.Column = doc.Root.Start.Line, doc.Root.Start.Column
	}
	obj, ok := res.(map[string]any)
	if !ok {
		f.Message = resultText(res)
		return f
	}
	if m, ok := obj["msg"]; ok {
		f.Message = resultText(m)
	} else {
		f.Message = resultText(res)
	}
	// A result may carry its own severity (a rule that answers checks of
	// several weights); the configuration's severity for the rule wins.
	if s, ok := obj["severity"].(string); ok && !rule.configured {
		if sev, err := ParseSeverity(s); err == nil && sev != SeverityNone {
			f.Severity = sev
		}
	}
	if p, ok := obj["path"].([]any); ok && doc.Root != nil {
		n, ptr := doc.Lookup(p)
		f.Path = ptr
		f.Line, f.Column = n.Start.Line, n.Start.Column
		f.EndLine, f.EndColumn = n.End.Line, n.End.Column
	} else {
		if ptr, ok := obj["pointer"].(string); ok {
			f.Path = ptr
			if doc.Root != nil {
				if n := lookupPointer(doc, ptr); n != nil {
					f.Line, f.Column = n.Start.Line, n.Start.Column
					f.EndLine, f.EndColumn = n.End.Line, n.End.Column
				}
			}
		}
		if l, ok := number(obj["line"]); ok && l >= 1 {
			f.Line = l
			f.Column = 1
			f.EndLine, f.EndColumn = 0, 0
			if c, ok := number(obj["column"]); ok && c >= 1 {
				f.Column = c
			}
		}
	}
	f.Sid = sidAt(doc, f.Path)
	return f
}

func resultText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func number(v any) (int, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := strconv.Atoi(string(n))
		return i, err == nil
	case float64:
		if n != math.Trunc(n) {
			return 0, false
		}
		return int(n), true
	case int:
		return n, true
	}
	return 0, false
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
