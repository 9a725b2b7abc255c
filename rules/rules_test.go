package rules_test

// The built-in rules' Go tests: the Rego tests, run by lint's own test
// runner; the layout and metadata of every rule; and its examples, linted by
// lint's engine — the same capabilities, data and input as a lint run, with
// builtin errors made fatal so no rule relies on one to stay silent.

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/iac"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/policy"
	"github.com/mrapguard/mrapguard/rules"
)

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

func TestRego(t *testing.T) {
	res, err := lint.RunTests(context.Background(), lint.Options{StrictBuiltinErrors: true}, lint.TestOptions{Builtin: true})
	if err != nil {
		t.Fatalf("run rego tests: %v", err)
	}
	for _, r := range res {
		name := r.Package + "." + r.Name
		switch {
		case r.Err != nil:
			t.Errorf("%s: error: %v", name, r.Err)
		case r.Skip:
			t.Errorf("%s: skipped tests are not allowed", name)
		case !r.Pass:
			t.Errorf("%s: FAIL (%s:%d)", name, r.File, r.Line)
		}
	}
	if len(res) == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests", len(res))
}

type meta struct {
	ID, Severity, Title, Description, Remediation, Bad, Good string
	ExampleInput                                             map[string]any
	AccessAnalyzer                                           []string
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
	if aa, ok := ann.Custom["access_analyzer"]; ok {
		list, _ := aa.([]any)
		for _, c := range list {
			s, ok := c.(string)
			if !ok {
				return md, fmt.Errorf("access_analyzer holds %v, not an issue code", c)
			}
			md.AccessAnalyzer = append(md.AccessAnalyzer, s)
		}
		if len(md.AccessAnalyzer) == 0 {
			return md, fmt.Errorf("access_analyzer is not a list of issue codes")
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
			for _, tm := range rules.Metadata() {
				if tm.File == file {
					if diff := cmp.Diff(md.AccessAnalyzer, tm.AccessAnalyzer); diff != "" {
						t.Errorf("access_analyzer differs from metadata_gen.go (run go generate ./rules) (-rego +table):\n%s", diff)
					}
				}
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

// defaultSizeLimit is the policy size limit when an example names none.
const defaultSizeLimit = 20480

// engines holds one engine per size limit (policy/size's examples use a
// small one), built once.
type engines map[int]*lint.Engine

func (es engines) get(t testing.TB, limit int) *lint.Engine {
	t.Helper()
	if e, ok := es[limit]; ok {
		return e
	}
	e, err := lint.New(context.Background(), lint.Options{Parse: policy.Options{MaxBytes: limit}, StrictBuiltinErrors: true})
	if err != nil {
		t.Fatal(err)
	}
	es[limit] = e
	return e
}

// finding is one rule result as the rule wrote it.
type finding struct {
	Rule string
	Msg  string
	Path []any
}

// lintDoc lints one document with the engine and returns every rule result
// (sorted by rule and message) and the normalized policy the rules saw.
func lintDoc(t testing.TB, es engines, name string, src []byte, limit int, target *lint.Target) ([]finding, any) {
	t.Helper()
	return lintDocs(t, es, []*policy.Document{policy.Parse(name, src, policy.Options{MaxBytes: limit})}, limit, target)
}

// lintTemplate is lintDoc for a template: every policy it holds.
func lintTemplate(t testing.TB, es engines, name string, src []byte, format iac.Format, limit int, target *lint.Target) ([]finding, any) {
	t.Helper()
	docs, _ := iac.Load(name, src, true, iac.Options{Format: format, Policy: policy.Options{MaxBytes: limit}})
	if len(docs) == 0 {
		t.Fatalf("%s holds no policy", name)
	}
	return lintDocs(t, es, docs, limit, target)
}

func lintDocs(t testing.TB, es engines, docs []*policy.Document, limit int, target *lint.Target) ([]finding, any) {
	t.Helper()
	e := es.get(t, limit)
	var out []finding
	for _, doc := range docs {
		out = append(out, results(t, e, doc, target)...)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Msg < out[j].Msg
	})
	return out, docs[0].Normalized()
}

// results returns every rule result on one document.
func results(t testing.TB, e *lint.Engine, doc *policy.Document, target *lint.Target) []finding {
	t.Helper()
	res, err := e.Results(context.Background(), doc, target)
	if err != nil {
		t.Fatalf("lint %s: %v", doc.Name, err)
	}
	var out []finding
	for id, results := range res {
		for _, r := range results {
			f := finding{Rule: id}
			switch v := r.(type) {
			case string:
				f.Msg = v
			case map[string]any:
				f.Msg, _ = v["msg"].(string)
				f.Path, _ = v["path"].([]any)
				if p, ok := v["path"]; ok && f.Path == nil {
					t.Errorf("%s: path is not a list: %v", id, p)
				}
			default:
				t.Errorf("%s: result is neither a string nor an object: %v", id, r)
			}
			out = append(out, f)
		}
	}
	return out
}

// exampleOptions reads a rule's optional custom.example_input: a size limit
// and a target for its examples.
func exampleOptions(md meta) (int, *lint.Target, iac.Format) {
	var opts struct {
		SizeLimit int               `json:"size_limit"`
		Target    map[string]string `json:"target"`
		Format    string            `json:"format"`
	}
	b, _ := json.Marshal(md.ExampleInput)
	_ = json.Unmarshal(b, &opts)
	if opts.SizeLimit == 0 {
		opts.SizeLimit = defaultSizeLimit
	}
	var target *lint.Target
	if opts.Target != nil {
		target = &lint.Target{Account: opts.Target["account"], Name: opts.Target["name"], Alias: opts.Target["alias"]}
	}
	format := iac.Policy
	if opts.Format != "" {
		format, _ = iac.ParseFormat(opts.Format)
	}
	return opts.SizeLimit, target, format
}

func ofRule(fs []finding, id string) []finding {
	var out []finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

// TestExamples: the bad example fires its rule, the good one does not, and
// every result has a message and a path that exists in input.policy.
func TestExamples(t *testing.T) {
	es := engines{}
	severity := map[string]lint.Severity{}
	for _, r := range es.get(t, defaultSizeLimit).Rules() {
		severity[r.ID] = r.Default
	}
	for file, m := range ruleModules(t) {
		t.Run(file, func(t *testing.T) {
			md, err := metadata(m)
			if err != nil {
				t.Fatal(err)
			}
			limit, target, format := exampleOptions(md)
			lintExample := func(name, src string) ([]finding, any) {
				if format != iac.Policy {
					return lintTemplate(t, es, name, []byte(src), format, limit, target)
				}
				return lintDoc(t, es, name+".json", []byte(src), limit, target)
			}
			bad, pol := lintExample("bad", md.Bad)
			if len(ofRule(bad, md.ID)) == 0 {
				t.Errorf("bad example does not fire %s", md.ID)
			}
			checkResults(t, pol, bad)
			good, pol := lintExample("good", md.Good)
			if got := ofRule(good, md.ID); len(got) != 0 {
				t.Errorf("good example fires %s: %v", md.ID, got)
			}
			if pol == nil {
				t.Errorf("good example is not a policy object")
			}
			// Good examples are also clean of every error-severity rule.
			for _, f := range good {
				if severity[f.Rule] == lint.SeverityError {
					t.Errorf("good example of %s has an error from %s: %s", md.ID, f.Rule, f.Msg)
				}
			}
		})
	}
}

// checkResults validates the shape of results: a message, and a path that
// resolves in input.policy (pol) when there is one.
func checkResults(t testing.TB, pol any, results []finding) {
	t.Helper()
	for _, r := range results {
		msg := r.Msg
		if strings.TrimSpace(msg) == "" {
			t.Errorf("%s: result without msg", r.Rule)
		}
		if strings.Contains(msg, "%!") {
			t.Errorf("msg has a sprintf formatting error: %s", msg)
		}
		steps := r.Path
		if steps == nil {
			continue
		}
		var cur any = pol
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

func readPolicy(t testing.TB, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAccessAnalyzerCoverage: every IAM Access Analyzer check of
// access-analyzer.yaml (AWS's 113 checks that can apply to an MRAP policy)
// is answered: a built-in rule lists its code in custom.access_analyzer, or
// the file says why an MRAP policy needs no rule for it, never both.
func TestAccessAnalyzerCoverage(t *testing.T) {
	checks := rules.AccessAnalyzerChecks()
	if len(checks) != 113 {
		t.Errorf("access-analyzer.yaml lists %d checks; AWS's reference list has 113", len(checks))
	}
	covered := map[string][]string{}
	for _, m := range rules.Metadata() {
		for _, c := range m.AccessAnalyzer {
			covered[c] = append(covered[c], m.ID)
		}
	}
	for _, c := range checks {
		by := covered[c.Code]
		switch {
		case len(by) > 0 && c.Reason != "":
			t.Errorf("%s is covered by %v and also has a reason for needing no rule", c.Code, by)
		case len(by) == 0 && c.Reason == "":
			t.Errorf("%s (%s) is covered by no rule: list it in a rule's custom.access_analyzer, or give the reason no rule is needed", c.Code, c.Title)
		}
	}
}
