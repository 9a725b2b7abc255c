package lint

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/internal/sample"
	"github.com/mrapguard/mrapguard/policy"
)

// What a rule needs of the input is read from its compiled clauses: the
// first part of the input an expression of a clause's body reads into,
// where undefined means the clause gives nothing.
func TestNeedsOf(t *testing.T) {
	for _, tc := range []struct {
		name, rule string
		want       []string // by clause; nil: never skipped
	}{
		{"iterating", `deny contains p.msg if { some p in input.problems }`, []string{"problems"}},
		{"a key below", `deny contains 1 if { input.facts.owner.account == "1" }`, []string{"facts.owner"}},
		{"the first of several", `deny contains 1 if { some s in input.facts.statements; some u in input.facts.unusual }`, []string{"facts.statements"}},
		{"each clause", "deny contains 1 if { some p in input.problems }\ndeny contains 2 if { some u in input.facts.unusual }", []string{"problems", "facts.unusual"}},
		{"a clause needing nothing", "deny contains 1 if { some p in input.problems }\ndeny contains 2 if { true }", nil},
		{"negated", `deny contains 1 if { not input.a.b; some c in input.c }`, []string{"c"}},
		{"only negated", `deny contains 1 if { not input.a.b }`, nil},
		{"in a comprehension", `deny contains 1 if { xs := [x | some x in input.a]; count(xs) == 0 }`, nil},
		{"with", `deny contains 1 if { input.a.b with input as {"a": {"b": true}} }`, nil},
		{"a key of the input", `deny contains 1 if { input.a }`, nil},
		{"a function argument", `deny contains 1 if { startswith(input.a.b, "x") }`, []string{"a"}},
		{"default", "default deny := []\ndeny := [1] if { input.a.b }", nil},
		{"else", "deny := [1] if { input.a.b } else := [2] if { input.c.d }", []string{"a", "c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ast.ParseModuleWithOpts("r.rego", "package team.r\n\n"+tc.rule+"\n", ast.ParserOptions{RegoVersion: ast.RegoV1})
			if err != nil {
				t.Fatal(err)
			}
			c := newCompiler()
			if c.Compile(map[string]*ast.Module{"r.rego": m}); c.Failed() {
				t.Fatal(c.Errors)
			}
			n := needsOf(c, []ast.Ref{ast.MustParseRef("data.team.r.deny")})
			var got []string
			for _, p := range n.entry[0] {
				got = append(got, strings.TrimPrefix(ast.Ref(append([]*ast.Term{ast.InputRootDocument}, n.paths[p]...)).String(), "input."))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("needs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEmptyAt(t *testing.T) {
	in := ast.LazyObject(map[string]any{
		"problems": []any{},
		"facts":    map[string]any{"unusual": []any{2}, "keys": ast.NewObject(), "owner": "x", "sids": ast.NewSet(ast.StringTerm("a"))},
	})
	for path, want := range map[string]bool{
		"problems": true, "facts": false, "facts.unusual": false, "facts.keys": true, "facts.owner": true,
		"facts.sids": false, "facts.missing": true, "missing.below": true, "facts.owner.below": true,
	} {
		var p []*ast.Term
		for _, k := range strings.Split(path, ".") {
			p = append(p, ast.StringTerm(k))
		}
		if got := emptyAt(in, p); got != want {
			t.Errorf("emptyAt(%s) = %v, want %v", path, got, want)
		}
	}
}

// The rules the engine skips on a document find nothing there: linting
// every test policy and template, and generated policies, with and without
// skipping gives the same report.
func TestSkippedRulesFindNothing(t *testing.T) {
	skipping, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	every, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	every.needs = &needs{entry: make([][]int, len(every.entries))}

	var files []string
	err = filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && slices.Contains([]string{".json", ".yaml", ".yml", ".tf", ".template"}, filepath.Ext(p)) {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for i, c := range sample.Corpus(5, 300) {
		p := filepath.Join(dir, fmt.Sprintf("sample%03d.json", i))
		if err := os.WriteFile(p, c, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	if len(files) < 300 {
		t.Fatalf("only %d files", len(files))
	}
	opts := RunOptions{Target: &Target{Account: "111122223333", Alias: "mfzwi23gnjvgw.mrap"}, SkipUnrecognized: true}
	for _, target := range []*Target{nil, opts.Target} {
		opts.Target = target
		a, err := skipping.Run(context.Background(), Inputs(files...), opts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := every.Run(context.Background(), Inputs(files...), opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Findings) < 1000 {
			t.Fatalf("only %d findings", len(b.Findings))
		}
		if diff := cmp.Diff(b, a, cmp.AllowUnexported(RuleInfo{})); diff != "" {
			t.Errorf("target %v: skipping rules changed the report (-every rule +skipping):\n%s", target, diff)
		}
	}
	// And rules were skipped.
	skipped := 0
	for i, c := range sample.Corpus(5, 50) {
		doc := policy.Parse(fmt.Sprint(i), c, policy.Options{})
		skipped += len(skipping.entries) - len(skipping.needs.active(skipping.Input(doc, nil), func(int) bool { return true }))
	}
	if skipped == 0 {
		t.Error("no rule was skipped on any generated policy")
	}
}
