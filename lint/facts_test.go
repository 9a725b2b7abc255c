package lint

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/policy"
)

// TestFactsShape keeps testdata/facts.json, the example of input.facts that
// rules/README.md points to, equal to what lint computes for
// testdata/facts-policy.json. It also checks that the whole input turns
// into plain JSON (the lazy parts hold JSON values only), as json.marshal
// and rule results need. Refresh with go test ./lint -run FactsShape -update.
func TestFactsShape(t *testing.T) {
	src, err := os.ReadFile("testdata/facts-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), Options{Builtin: testRules})
	if err != nil {
		t.Fatal(err)
	}
	doc := policy.Parse("facts-policy.json", src, policy.Options{})
	in := e.Input(doc, &Target{Account: "111122223333", Alias: "mfzwi23gnjvgw.mrap"}).(ast.Object)
	field := func(o ast.Object, k string) ast.Value {
		t := o.Get(ast.StringTerm(k))
		if t == nil {
			panic("no " + k)
		}
		return t.Value
	}
	plain := func(v ast.Value) any {
		j, err := ast.JSON(v)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(j)
		if err != nil {
			t.Fatal(err)
		}
		var out any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if pol, _ := plain(field(in, "policy")).(map[string]any); pol == nil || pol["Statement"] == nil {
		t.Errorf("input.policy is not plain JSON: %v", pol)
	}
	// Every field of input.facts turns into plain JSON.
	fo := field(in, "facts").(ast.Object)
	facts := map[string]any{}
	for _, k := range fo.Keys() {
		facts[string(k.Value.(ast.String))] = plain(field(fo, string(k.Value.(ast.String))))
	}
	got, _ := json.MarshalIndent(facts, "", "  ")
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile("testdata/facts.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/facts.json")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("input.facts differs from testdata/facts.json (-want +got):\n%s", d)
	}
}
