package rules_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/iac"
	"github.com/mrapguard/mrapguard/lint"
)

// TestTemplates lints the template fixtures under testdata/templates (their
// sources are in testdata/templates/SOURCES.md) with every built-in rule, as
// lint does, and pins each finding: file, line and column in the template,
// and rule.
func TestTemplates(t *testing.T) {
	tests := []struct {
		file string
		o    iac.Options
		want []string
	}{
		// AWS's own example: PolicyDocument is no property (CloudFormation
		// rejects it; the policy under it is still checked), the Ref names
		// nothing, and the policy has no Version.
		{file: "cloudformation/aws-docs-mrap-policy.json", want: []string{"8:21 iac/template", "9:9 iac/template", "9:27 version/missing", "18:41 principal/service-unrestricted"}},
		{file: "cloudformation/aws-docs-mrap-policy.yaml", want: []string{"8:9 iac/template", "9:7 iac/template", "10:9 version/missing", "22:24 principal/service-unrestricted"}},
		// cfn-policy-validator's test template: MrapName is no valid name;
		// the Resource needs the account, and with it the alias is malformed.
		{file: "cloudformation/cfn-policy-validator-test-file-2.yaml", want: []string{"5:17 iac/template", "12:23 iac/unresolved"}},
		{file: "cloudformation/cfn-policy-validator-test-file-2.yaml", o: iac.Options{Account: "123456789123"},
			want: []string{"5:17 iac/template", "12:23 resource/alias-format", "15:19 principal/cross-account"}},
		{file: "cloudformation/cfn-policy-validator-test-file-2.json", want: []string{"6:29 iac/template", "15:41 iac/unresolved"}},
		// MrapName names a bucket; the bucket ARN built with Fn::Sub is no
		// MRAP ARN whatever the bucket's name.
		{file: "cloudformation/cfn-policy-validator-references.json",
			want: []string{"12:21 iac/mrap-reference", "20:17 iac/unresolved", "21:17 iac/unresolved", "21:17 resource/not-mrap"}},
		// An account parameter without Default: no error, and what was not
		// checked is said; given the parameter, only the alias is left.
		{file: "cloudformation/unresolved-account.yaml", want: []string{"24:20 iac/unresolved", "27:17 iac/unresolved", "28:17 iac/unresolved"}},
		{file: "cloudformation/unresolved-account.yaml", o: iac.Options{Parameters: map[string]string{"AccountId": "111122223333"}},
			want: []string{"27:17 iac/unresolved", "28:17 iac/unresolved"}},
		// Both branches of an undecided Fn::If; with the condition decided
		// (Stage=dev) only the one that applies.
		{file: "cloudformation/forms.yaml", want: []string{"37:21 action/unknown", "46:26 principal/public", "60:64 condition/unknown-key",
			"71:66 iac/unresolved", "73:25 iac/mrap-reference", "73:25 iac/unresolved", "79:17 iac/mrap-reference"}},
		{file: "cloudformation/forms.yaml", o: iac.Options{Parameters: map[string]string{"Stage": "dev"}},
			want: []string{"37:21 action/unknown", "60:64 condition/unknown-key",
				"71:66 iac/unresolved", "73:25 iac/mrap-reference", "73:25 iac/unresolved", "79:17 iac/mrap-reference"}},
		{file: "cloudformation/sam/template.yaml", want: []string{"20:20 iac/unresolved", "21:21 action/wildcard"}},
		{file: "cloudformation/cdk.out/MrapStack.template.json", want: []string{"30:16 iac/unresolved", "47:20 iac/unresolved"}},
		{file: "cloudformation/cdk.out/MrapStack.template.json", o: iac.Options{Account: "111122223333"}, want: []string{"47:20 iac/unresolved"}},
		// The Terraform provider's documentation and acceptance test: clean
		// but for what only Terraform knows (the account, the alias).
		{file: "terraform/provider-docs/main.tf", want: []string{"28:21 iac/unresolved", "31:24 iac/unresolved"}},
		{file: "terraform/provider-docs/main.tf", o: iac.Options{Account: "123456789012"}, want: []string{"31:24 iac/unresolved"}},
		{file: "terraform/acceptance/main.tf", o: iac.Options{Account: "123456789012"}, want: []string{"32:24 iac/unresolved"}},
		// Every policy form, each finding where it is written.
		{file: "terraform/forms/main.tf", want: []string{
			"29:32 iac/unresolved", "30:38 action/unknown", "31:23 iac/mrap-reference", "31:23 iac/unresolved",
			"42:100 principal/public", "65:15 iac/mrap-reference", "73:14 iac/template",
			"terraform/forms/policies.tf:8:34 resource/action-mismatch", "terraform/forms/policies.tf:24:19 iac/unresolved",
			"terraform/forms/policy.json:8:19 resource/not-mrap",
			"terraform/forms/policy.json.tftpl:6:28 iac/unresolved", "terraform/forms/policy.json.tftpl:13:17 action/wildcard",
		}},
		// Plans: a first create, where the policy names the alias AWS has
		// not generated yet, and an update, checked inside the JSON string.
		{file: "plan/create/plan.json", want: []string{"107:26 iac/unresolved"}},
		{file: "plan/update/plan.json", want: []string{"38:54 action/wildcard", "38:138 resource/not-mrap"}},
	}
	e, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		name := tt.file
		if tt.o.Account != "" {
			name += " --account " + tt.o.Account
		}
		for k, v := range tt.o.Parameters {
			name += " --parameter " + k + "=" + v
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "templates", tt.file)
			rep, err := e.Run(context.Background(), lint.Inputs(path), lint.RunOptions{IaC: tt.o})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Findings {
				where := ""
				if f.File != path {
					where = strings.TrimPrefix(f.File, filepath.Join("..", "testdata", "templates")+"/") + ":"
				}
				got = append(got, fmt.Sprintf("%s%d:%d %s", where, f.Line, f.Column, f.Rule))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			for _, f := range rep.Findings {
				t.Logf("%s:%d:%d %s %s [%s]", f.File, f.Line, f.Column, f.Rule, f.Message, f.Resource)
			}
		})
	}
}
