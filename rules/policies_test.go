package rules_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/lint"
)

var exampleTarget = &lint.Target{Account: "111122223333", Name: "my-mrap", Alias: "mfzwi23gnjvgw.mrap"}

// TestPolicies lints every policy under testdata/policies and testdata/bad with all rules and
// compares the rule IDs that fire (one entry per finding). Real-world
// policies are listed with the reason for each finding in SOURCES.md.
func TestPolicies(t *testing.T) {
	tests := []struct {
		file   string
		target bool
		want   []string
	}{
		{file: "policies/clean.json"},
		{file: "policies/clean.json", target: true},
		{file: "bad/bad-syntax.json", want: []string{"json/syntax"}},
		{file: "bad/bad-empty.json", want: []string{"json/syntax"}},
		{file: "bad/bad-duplicate-key.json", want: []string{"json/duplicate-key"}},
		{file: "bad/bad-structure.json", want: []string{
			"action/not-action-allow", "policy/structure", "policy/structure", "policy/structure"}},
		{file: "bad/bad-elements.json", want: []string{
			"action/missing", "effect/invalid", "policy/unknown-element", "policy/unknown-element",
			"principal/missing", "sid/duplicate", "sid/invalid", "sid/invalid", "version/legacy"}},
		{file: "bad/bad-no-statements.json", want: []string{"statement/missing", "version/invalid"}},
		{file: "bad/bad-missing-elements.json", want: []string{
			"action/missing", "effect/invalid", "resource/missing", "version/missing"}},
		// principal/public reports iam.Open, which also counts a wildcard
		// inside a principal ARN and an Allow with NotPrincipal as open.
		{file: "bad/bad-principals.json", want: []string{
			"principal/cross-account", "principal/empty", "principal/invalid", "principal/invalid",
			"principal/invalid", "principal/invalid", "principal/not-principal-allow", "principal/public", "principal/public"}},
		{file: "bad/bad-public.json", want: []string{
			"action/wildcard", "condition/insecure-transport-allow", "condition/untrusted-key", "principal/public"}},
		// action/redundant: s3:Put* also covers s3:PutBucketPolicy.
		{file: "bad/bad-actions.json", want: []string{
			"action/not-action-allow", "action/not-via-mrap", "action/redundant", "action/unknown", "action/unknown",
			"action/unknown", "action/wildcard"}},
		{file: "bad/bad-resources.json", want: []string{
			"resource/action-mismatch", "resource/alias-format", "resource/not-mrap", "resource/not-mrap",
			"resource/not-mrap", "resource/not-resource-allow"}},
		{file: "bad/bad-resources.json", target: true, want: []string{
			"resource/account-mismatch", "resource/action-mismatch", "resource/alias-format",
			"resource/alias-mismatch", "resource/not-mrap", "resource/not-mrap", "resource/not-mrap",
			"resource/not-resource-allow"}},
		{file: "bad/bad-conditions.json", want: []string{
			"condition/empty", "condition/empty", "condition/key-not-applicable",
			"condition/set-operator-misuse", "condition/set-operator-misuse", "condition/unknown-key",
			"condition/unknown-operator", "condition/value-type", "condition/value-type"}},
		{file: "bad/bad-condition-values.json", want: []string{
			"condition/arn-key-string-operator", "condition/ip-host-bits", "condition/irrelevant-key",
			"condition/missing-paired-key", "condition/missing-qualifier", "condition/null-equivalent",
			"condition/private-ip", "condition/redundant-value", "condition/s3-prefix-negated",
			"condition/tag-key-unsupported", "condition/unknown-key", "condition/untrusted-key",
			"condition/value-format", "condition/value-format", "condition/value-format", "condition/value-format",
			"condition/value-type", "condition/value-type", "condition/value-type", "condition/wildcard-without-like"}},
		{file: "bad/bad-deny-everyone.json", want: []string{"deny/everyone"}},
		// IAM Access Analyzer's element checks (issue 12).
		{file: "bad/bad-access-analyzer.json", want: []string{
			"action/empty", "action/redundant", "principal/federated", "principal/service-unrestricted",
			"principal/service-unrestricted", "principal/unique-id", "resource/redundant", "sid/empty",
			"statement/redundant", "variable/syntax"}},

		// Real-world policies (SOURCES.md says where each comes from and why it has findings).
		{file: "policies/real/aws-s3-userguide-example2.json"},
		{file: "policies/real/terraform-aws-mrap-policy.json"},
		{file: "policies/real/aws-s3-userguide-mrap-policy-filled.json"},
		{file: "policies/real/aws-s3-userguide-mrap-policy-filled.json", target: true},
		{file: "policies/real/aws-s3-userguide-mrap-policy-cli-filled.json", target: true},
		{file: "policies/real/aws-cloudfront-oac-mrap-policy-filled.json", target: true},
		{file: "policies/real/terraform-aws-acc-mrap-policy-updated.json"},
		{file: "bad/real/aws-s3-userguide-mrap-policy.json", want: []string{
			"principal/invalid", "resource/alias-format", "resource/alias-format"}},
		{file: "bad/real/aws-s3-userguide-mrap-policy-cli.json", want: []string{
			"resource/alias-format", "resource/alias-format"}},
		{file: "bad/real/aws-s3-userguide-privatelink-open-read.json", want: []string{"principal/public", "sid/invalid"}},
		{file: "bad/real/aws-cloudfront-oac-mrap-policy.json", want: []string{"resource/alias-format"}},
		{file: "bad/real/aws-cloudfront-oac-bucket-policy-delegate.json", want: []string{
			"action/wildcard", "resource/not-mrap", "resource/not-mrap"}},
		{file: "bad/real/aws-s3-userguide-example1-bucket-policy.json", want: []string{
			"action/wildcard", "principal/public", "resource/not-mrap", "resource/not-mrap"}},
		{file: "bad/real/alchemy-mrap-policy-minimal.json", want: []string{"resource/not-mrap"}},
		{file: "bad/real/aws-cloudformation-mrap-policy.json", want: []string{"principal/service-unrestricted", "version/missing"}},
	}
	es := engines{}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.file] = true
		name := tt.file
		if tt.target {
			name += " with target"
		}
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("../testdata", tt.file)
			var target *lint.Target
			if tt.target {
				target = exampleTarget
			}
			findings, pol := lintDoc(t, es, file, readPolicy(t, file), defaultSizeLimit, target)
			got := []string{}
			for _, f := range findings {
				got = append(got, f.Rule)
			}
			sort.Strings(got)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rules fired (-want +got):\n%s\nfindings: %v", diff, findings)
			}
			checkResults(t, pol, findings)
		})
	}
	for _, f := range policyFiles(t) {
		rel := strings.TrimPrefix(filepath.ToSlash(f), "../testdata/")
		if !covered[rel] {
			t.Errorf("%s has no expectation in TestPolicies", rel)
		}
	}
}
