package lint

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRunTests(t *testing.T) {
	dir := writeRules(t, map[string]string{
		"rule.rego": `package team.tags

deny contains "missing Id" if not input.policy.Id
`,
		"rule_test.rego": `package team.tags_test

import data.team.tags

test_fires if {
	tags.deny == {"missing Id"} with input as {"policy": {}}
}

test_silent if {
	count(tags.deny) == 0 with input as {"policy": {"Id": "x"}}
}

test_builtin_data_visible if {
	data.mrapguard.iam.actions["s3:getobject"].name == "s3:GetObject"
}

test_wrong if {
	count(tags.deny) == 0 with input as {"policy": {}}
}
`,
	})
	res, err := RunTests(context.Background(), Options{Builtin: testRules, RuleDirs: []string{dir}}, TestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range res {
		got[r.Name] = r.Pass
		if !strings.HasSuffix(r.File, "rule_test.rego") || r.Line == 0 {
			t.Errorf("%s: location %s:%d", r.Name, r.File, r.Line)
		}
	}
	want := map[string]bool{"test_fires": true, "test_silent": true, "test_builtin_data_visible": true, "test_wrong": false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}

	// Tests run with the same restricted capabilities as lint.
	evil := writeRules(t, map[string]string{"x_test.rego": "package x_test\n\ntest_net if {\n\thttp.send({\"method\": \"GET\", \"url\": \"http://example.com\"})\n}\n"})
	if _, err := RunTests(context.Background(), Options{Builtin: testRules, RuleDirs: []string{evil}}, TestOptions{}); err == nil ||
		!strings.Contains(err.Error(), "http.send is disabled") {
		t.Errorf("a test calling http.send: err = %v", err)
	}
	// No tests is an error, not a pass.
	empty := writeRules(t, map[string]string{"r.rego": "package y\n\ndeny contains 1 if false\n"})
	if _, err := RunTests(context.Background(), Options{Builtin: testRules, RuleDirs: []string{empty}}, TestOptions{}); err == nil ||
		!strings.Contains(err.Error(), "no tests found") {
		t.Errorf("no tests: err = %v", err)
	}
}
