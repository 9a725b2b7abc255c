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
	v, err := ast.JSON(e.Input(doc, &Target{Account: "111122223333", Alias: "mfzwi23gnjvgw.mrap"}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var in struct {
		Policy map[string]any  `json:"policy"`
		Raw    map[string]any  `json:"raw"`
		Facts  json.RawMessage `json:"facts"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	if _, ok := in.Policy["Statement"].([]any); !ok || in.Raw == nil {
		t.Errorf("input.policy and input.raw are not plain JSON: %s", b)
	}
	var facts any
	if err := json.Unmarshal(in.Facts, &facts); err != nil {
		t.Fatal(err)
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
