package rules_test

// Temporary harness until the engine in package lint runs the rules: it runs
// every *_test.rego with OPA's tester under the contract's conditions (data
// under data.mrapguard.<name>, restricted capabilities, Rego v1) and checks
// each rule's metadata and examples.

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"

	"github.com/mrapguard/mrapguard/rules"
)

const defaultSizeLimit = 20480

// capabilities: OPA's, minus network, runtime and signing built-ins.
func capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	var kept []*ast.Builtin
	for _, b := range caps.Builtins {
		switch {
		case b.Name == "http.send", b.Name == "opa.runtime", b.Name == "providers.aws.sign_req",
			strings.HasPrefix(b.Name, "net."):
			continue
		}
		kept = append(kept, b)
	}
	caps.Builtins = kept
	return caps
}

type ruleFile struct {
	file   string // e.g. principal_public.rego
	module *ast.Module
}

// load parses every embedded module; tests=false leaves out *_test.rego.
func load(t testing.TB, tests bool) map[string]*ast.Module {
	t.Helper()
	names, err := fs.Glob(rules.FS, "*.rego")
	if err != nil {
		t.Fatal(err)
	}
	mods := map[string]*ast.Module{}
	for _, n := range names {
		if !tests && strings.HasSuffix(n, "_test.rego") {
			continue
		}
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		m, err := ast.ParseModuleWithOpts(n, string(src), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatalf("parse %s: %v", n, err)
		}
		mods[n] = m
	}
	return mods
}

// store mounts rules/data/<name>.json at data.mrapguard.<name>.
func store(t testing.TB, extra map[string]any) storage.Store {
	t.Helper()
	names, err := fs.Glob(rules.FS, "data/*.json")
	if err != nil {
		t.Fatal(err)
	}
	root := map[string]any{}
	for _, n := range names {
		b, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("data %s: %v", n, err)
		}
		root[strings.TrimSuffix(path.Base(n), ".json")] = v
	}
	for k, v := range extra {
		root[k] = v
	}
	return inmem.NewFromObjectWithOpts(map[string]any{"mrapguard": root}, inmem.OptReturnASTValuesOnRead(true))
}

func compile(t testing.TB, mods map[string]*ast.Module) *ast.Compiler {
	t.Helper()
	c := ast.NewCompiler().WithCapabilities(capabilities()).WithDefaultRegoVersion(ast.RegoV1)
	if c.Compile(mods); c.Failed() {
		t.Fatalf("compile: %v", c.Errors)
	}
	return c
}

func TestRego(t *testing.T) {
	ctx := context.Background()
	st := store(t, nil)
	txn := storage.NewTransactionOrDie(ctx, st)
	defer st.Abort(ctx, txn)
	c := ast.NewCompiler().WithCapabilities(capabilities()).WithDefaultRegoVersion(ast.RegoV1)
	runner := tester.NewRunner().
		SetCompiler(c).
		SetStore(st).
		SetModules(load(t, true)).
		RaiseBuiltinErrors(true)
	ch, err := runner.RunTests(ctx, txn)
	if err != nil {
		t.Fatalf("run rego tests: %v", err)
	}
	n := 0
	for r := range ch {
		n++
		name := strings.TrimPrefix(r.Package, "data.") + "." + r.Name
		switch {
		case r.Error != nil:
			t.Errorf("%s: error: %v", name, r.Error)
		case r.Fail:
			t.Errorf("%s: FAIL (%s:%d)", name, r.Location.File, r.Location.Row)
		case r.Skip:
			t.Errorf("%s: skipped tests are not allowed", name)
		}
	}
	if n == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests", n)
}

type meta struct {
	ID, Severity, Title, Description, Remediation, Bad, Good string
	ExampleInput                                             map[string]any
}

func ruleModules(t testing.TB) map[string]*ast.Module {
	t.Helper()
	out := map[string]*ast.Module{}
	for n, m := range load(t, false) {
		if !strings.HasPrefix(n, "lib_") {
			out[n] = m
		}
	}
	return out
}

func metadata(m *ast.Module) (meta, error) {
	var md meta
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	if ann == nil {
		return md, fmt.Errorf("no package METADATA")
	}
	md.Title, md.Description = ann.Title, ann.Description
	str := func(k string) string {
		s, _ := ann.Custom[k].(string)
		return s
	}
	md.ID, md.Severity, md.Remediation, md.Bad, md.Good = str("id"), str("severity"), str("remediation"), str("bad"), str("good")
	if ei, ok := ann.Custom["example_input"]; ok {
		md.ExampleInput, ok = ei.(map[string]any)
		if !ok {
			return md, fmt.Errorf("example_input is not an object")
		}
	}
	return md, nil
}

// TestRuleLayout checks file names, packages and metadata against the
// contract, and that every rule has a test file.
func TestRuleLayout(t *testing.T) {
	all := load(t, true)
	for file, m := range ruleModules(t) {
		t.Run(file, func(t *testing.T) {
			md, err := metadata(m)
			if err != nil {
				t.Fatal(err)
			}
			missing := []string{}
			for k, v := range map[string]string{"id": md.ID, "severity": md.Severity, "title": md.Title,
				"description": md.Description, "remediation": md.Remediation, "bad": md.Bad, "good": md.Good} {
				if strings.TrimSpace(v) == "" {
					missing = append(missing, k)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 {
				t.Errorf("metadata lacks %v", missing)
			}
			if md.Severity != "error" && md.Severity != "warning" && md.Severity != "info" {
				t.Errorf("severity %q is not error, warning or info", md.Severity)
			}
			if strings.Contains(md.Title, "\n") {
				t.Errorf("title spans lines")
			}
			group, name, ok := strings.Cut(md.ID, "/")
			if !ok {
				t.Fatalf("id %q is not group/name", md.ID)
			}
			wantFile := group + "_" + strings.ReplaceAll(name, "-", "_") + ".rego"
			wantPkg := "data.mrapguard.rules." + group + "." + strings.ReplaceAll(name, "-", "_")
			if diff := cmp.Diff([]string{wantFile, wantPkg}, []string{file, m.Package.Path.String()}); diff != "" {
				t.Errorf("file and package (-want +got):\n%s", diff)
			}
			if _, ok := all[strings.TrimSuffix(file, ".rego")+"_test.rego"]; !ok {
				t.Errorf("no %s_test.rego", strings.TrimSuffix(file, ".rego"))
			}
			if !hasRule(m, "deny") {
				t.Errorf("no deny rule")
			}
		})
	}
}

func hasRule(m *ast.Module, name string) bool {
	for _, r := range m.Rules {
		if r.Head.Name.String() == name || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.String() == name) {
			return true
		}
	}
	return false
}

type evaluator struct {
	compiler *ast.Compiler
	store    storage.Store
}

func newEvaluator(t testing.TB, extraData map[string]any) *evaluator {
	return &evaluator{compiler: compile(t, load(t, false)), store: store(t, extraData)}
}

// deny evaluates one rule package's deny set on an input.
func (e *evaluator) deny(t testing.TB, pkg string, input map[string]any) []map[string]any {
	t.Helper()
	rs, err := rego.New(rego.Query(pkg+".deny"), rego.Compiler(e.compiler), rego.Store(e.store),
		rego.Input(input), rego.StrictBuiltinErrors(true)).Eval(context.Background())
	if err != nil {
		t.Fatalf("eval %s: %v", pkg, err)
	}
	var out []map[string]any
	for _, r := range rs {
		for _, x := range r.Expressions[0].Value.([]any) {
			out = append(out, x.(map[string]any))
		}
	}
	return out
}

func exampleInput(name, src string, md meta) map[string]any {
	var opts struct {
		SizeLimit int            `json:"size_limit"`
		Target    map[string]any `json:"target"`
	}
	b, _ := json.Marshal(md.ExampleInput)
	_ = json.Unmarshal(b, &opts)
	if opts.SizeLimit == 0 {
		opts.SizeLimit = defaultSizeLimit
	}
	return buildInput(name, []byte(src), opts.SizeLimit, opts.Target)
}

// TestExamples: the bad example fires its rule, the good one does not, and
// every result has a message and a path that exists in input.policy.
func TestExamples(t *testing.T) {
	e := newEvaluator(t, nil)
	pq := prepare(t, e)
	severity := map[string]string{}
	for _, m := range ruleModules(t) {
		md, _ := metadata(m)
		severity[md.ID] = md.Severity
	}
	for file, m := range ruleModules(t) {
		t.Run(file, func(t *testing.T) {
			md, err := metadata(m)
			if err != nil {
				t.Fatal(err)
			}
			pkg := m.Package.Path.String()
			bad := exampleInput("bad.json", md.Bad, md)
			got := e.deny(t, pkg, bad)
			if len(got) == 0 {
				t.Errorf("bad example does not fire %s", md.ID)
			}
			checkResults(t, bad, got)
			good := exampleInput("good.json", md.Good, md)
			if got := e.deny(t, pkg, good); len(got) != 0 {
				t.Errorf("good example fires %s: %v", md.ID, got)
			}
			if g, ok := good["policy"]; !ok || g == nil {
				t.Errorf("good example is not a policy object")
			}
			// Good examples are also clean of every error-severity rule.
			for _, f := range lintAll(t, pq, good) {
				if severity[f.Rule] == "error" {
					t.Errorf("good example of %s has an error from %s: %s", md.ID, f.Rule, f.Msg)
				}
			}
		})
	}
}

// checkResults validates the shape of results: a message and either a path
// that resolves in input.policy or a pointer.
func checkResults(t testing.TB, input map[string]any, results []map[string]any) {
	t.Helper()
	for _, r := range results {
		msg, _ := r["msg"].(string)
		if strings.TrimSpace(msg) == "" {
			t.Errorf("result without msg: %v", r)
		}
		if strings.Contains(msg, "%!") {
			t.Errorf("msg has a sprintf formatting error: %s", msg)
		}
		p, hasPath := r["path"]
		if !hasPath {
			continue
		}
		steps, ok := p.([]any)
		if !ok {
			t.Errorf("path is not a list: %v", r)
			continue
		}
		var cur any = input["policy"]
		for _, s := range steps {
			switch k := s.(type) {
			case string:
				obj, ok := cur.(map[string]any)
				if !ok {
					t.Errorf("path %v: %q is not an object key here", steps, k)
					cur = nil
					break
				}
				cur, ok = obj[k]
				if !ok {
					t.Errorf("path %v: no key %q", steps, k)
				}
			case json.Number:
				i, _ := k.Int64()
				arr, ok := cur.([]any)
				if !ok || int(i) >= len(arr) {
					t.Errorf("path %v: index %d does not exist", steps, i)
					cur = nil
					break
				}
				cur = arr[i]
			default:
				t.Errorf("path %v: step %v (%T) is neither key nor index", steps, s, s)
			}
			if cur == nil {
				break
			}
		}
	}
}

// policyFiles lists testdata/policies/**/*.json and testdata/bad/**/*.json.
func policyFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, root := range []string{"../testdata/policies", "../testdata/bad"} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".json") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(files)
	return files
}

// allRulesQuery evaluates the deny set of every rule in one query, keyed by
// rule ID, as the engine does. It names each deny set: evaluating whole
// packages (data.mrapguard.rules) would also evaluate every helper rule.
func allRulesQuery(t testing.TB) string {
	t.Helper()
	var parts []string
	for _, m := range ruleModules(t) {
		md, err := metadata(m)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("%q: %s.deny", md.ID, m.Package.Path))
	}
	sort.Strings(parts)
	return "x := {" + strings.Join(parts, ", ") + "}"
}

func prepare(t testing.TB, e *evaluator) rego.PreparedEvalQuery {
	t.Helper()
	pq, err := rego.New(rego.Query(allRulesQuery(t)), rego.Compiler(e.compiler), rego.Store(e.store)).
		PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pq
}

type finding struct {
	Rule string
	Msg  string
	Path []any
}

// lintAll returns every result of every rule for one input, sorted.
func lintAll(t testing.TB, pq rego.PreparedEvalQuery, input map[string]any) []finding {
	t.Helper()
	rs, err := pq.Eval(context.Background(), rego.EvalInput(input))
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	var out []finding
	byRule, _ := rs[0].Bindings["x"].(map[string]any)
	for id, set := range byRule {
		d, _ := set.([]any)
		for _, x := range d {
			r := x.(map[string]any)
			p, _ := r["path"].([]any)
			msg, _ := r["msg"].(string)
			out = append(out, finding{Rule: id, Msg: msg, Path: p})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Msg < out[j].Msg
	})
	return out
}

func readPolicy(t testing.TB, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
