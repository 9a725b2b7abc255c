package lint

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/internal/regobin"
)

// The compiled rules say which compiler stages they need when loaded: the
// comprehension indices only when OPA indexes a comprehension of theirs.
func TestStagesNeeded(t *testing.T) {
	plain := "package mrapguard.rules.a.b\n\ndeny contains s.name if {\n\tsome s in input.statements\n\ts.bad\n}\n"
	// Indexed on g: the comprehension is evaluated once, its results
	// grouped by g.
	indexed := "package mrapguard.rules.a.c\n\ndeny contains g if {\n\tsome s in input.statements\n\tg := s.group\n\tsame := [t | some t in input.statements; t.group = g]\n\tcount(same) > 1\n}\n"
	for _, tc := range []struct {
		files map[string]string
		want  bool
	}{
		{map[string]string{"a_b.rego": plain}, false},
		{map[string]string{"a_b.rego": plain, "a_c.rego": indexed}, true},
	} {
		fsys := fstest.MapFS{}
		for name, src := range tc.files {
			fsys[name] = &fstest.MapFile{Data: []byte(src)}
		}
		b, _, err := buildRules(fsys)
		if err != nil {
			t.Fatal(err)
		}
		set, err := regobin.Decode(string(b))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range alwaysStages {
			if !slices.Contains(set.Stages, string(s)) {
				t.Errorf("%v: stages %v lack %s", tc.files, set.Stages, s)
			}
		}
		if got := slices.Contains(set.Stages, string(ast.StageBuildComprehensionIndices)); got != tc.want {
			t.Errorf("%v: stages %v: comprehension indices %v, want %v", tc.files, set.Stages, got, tc.want)
		}
		if slices.Contains(set.Stages, string(ast.StageSetGraph)) {
			t.Errorf("stages %v include the graph", set.Stages)
		}
	}
}
