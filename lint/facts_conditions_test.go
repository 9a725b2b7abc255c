package lint

import (
	"encoding/json"
	"os"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/policy"
)

// conditionNotesOf returns input.facts.condition_notes of a document as
// "note path" lines, sorted.
func conditionNotesOf(t *testing.T, e *Engine, doc *policy.Document) []string {
	t.Helper()
	in := e.Input(doc, nil).(ast.Object)
	facts := in.Get(ast.StringTerm("facts")).Value.(ast.Object)
	v, err := ast.JSON(facts.Get(ast.StringTerm("condition_notes")).Value)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for name, list := range v.(map[string]any) {
		for _, n := range list.([]any) {
			p, _ := json.Marshal(n.(map[string]any)["path"])
			out = append(out, name+" "+string(p))
		}
	}
	sort.Strings(out)
	return out
}

func statementWith(condition string) string {
	return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
		"Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
		"Action": ["s3:GetObject", "s3:DeleteObject"],
		"Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
		"Condition": ` + condition + `}]}`
}

func TestConditionNotes(t *testing.T) {
	e := newTestEngine(t, Options{})
	clean, err := os.ReadFile("../testdata/policies/clean.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := conditionNotesOf(t, e, policy.Parse("clean.json", clean, policy.Options{})); len(got) != 0 {
		t.Errorf("an ordinary policy has notes: %v", got)
	}
	src := statementWith(`{
		"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.7/24"], "aws:VpcSourceIp": "10.1.0.0/16"},
		"StringEquals": {"aws:SourceVpce": "vpce-1", "aws:sourcevpce": "vpce-1a2b3c4d", "aws:PrincipalTag/x": "a*", "aws:TagKeys": "x"},
		"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/r", "arn:aws:iam::111122223333:role/*"], "aws:Referer": "*",
			"s3:ExistingObjectTag/c": "x"},
		"Bool": {"aws:SecureTransport": ["true", true]},
		"StringNotEquals": {"aws:ResourceAccount": "111122223333", "s3:TlsVersion": "1.2"},
		"DateLessThan": {"aws:CurrentTime": "1767225600"},
		"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}
	}`)
	got := conditionNotesOf(t, e, policy.Parse("p.json", []byte(src), policy.Options{}))
	want := []string{
		`arn_string_like ["Statement",0,"Condition","StringLike","aws:PrincipalArn",0]`,
		`value_format ["Statement",0,"Condition","DateLessThan","aws:CurrentTime",0]`,
		`ip_host_bits ["Statement",0,"Condition","IpAddress","aws:SourceIp",1]`,
		`key_case_duplicate ["Statement",0,"Condition","StringEquals","aws:sourcevpce"]`,
		`missing_qualifier ["Statement",0,"Condition","StringEquals","aws:TagKeys"]`,
		`mixed_types ["Statement",0,"Condition","Bool","aws:SecureTransport"]`,
		`multiple_bool ["Statement",0,"Condition","Bool","aws:SecureTransport"]`,
		`owner_key ["Statement",0,"Condition","StringNotEquals","aws:ResourceAccount"]`,
		`presence_test ["Statement",0,"Condition","StringLike","aws:Referer"]`,
		`private_ip ["Statement",0,"Condition","IpAddress","aws:SourceIp",0]`,
		`tag_key_unsupported ["Statement",0,"Condition","StringEquals","aws:TagKeys"]`,
		`tag_key_unsupported ["Statement",0,"Condition","StringLike","s3:ExistingObjectTag/c"]`,
		`text_on_typed_key ["Statement",0,"Condition","StringNotEquals","s3:TlsVersion"]`,
		`untrusted_key ["Statement",0,"Condition","StringLike","aws:Referer"]`,
		`value_format ["Statement",0,"Condition","StringEquals","aws:SourceVpce",0]`,
		`redundant_value ["Statement",0,"Condition","NumericLessThan","aws:MultiFactorAuthAge",0]`,
		`wildcard_without_like ["Statement",0,"Condition","StringEquals","aws:PrincipalTag/x",0]`,
	}
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
}

// A value known only at deploy time is left out, and nothing is concluded
// from all the values of an entry, all the keys of a Condition or all the
// actions of a statement while one of them is unknown.
func TestConditionNotesSkipUnresolved(t *testing.T) {
	e := newTestEngine(t, Options{})
	tests := []struct {
		condition string
		path      []any // the value made unresolved
		want      []string
	}{
		{`{"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.1.0.0/16"]}}`, []any{"Statement", 0, "Condition", "IpAddress", "aws:SourceIp", 1},
			[]string{`private_ip ["Statement",0,"Condition","IpAddress","aws:SourceIp",0]`}},
		{`{"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}, "StringEquals": {"aws:SourceVpc": "vpc-111bbb22"}}`,
			[]any{"Statement", 0, "Condition", "StringEquals"}, []string{}},
		{`{"StringEquals": {"s3:ExistingObjectTag/c": "x"}}`, []any{"Statement", 0, "Action", 1}, []string{}},
		{`{"StringEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d", "vpce-1a2b3c4d"]}}`, []any{"Statement", 0, "Condition", "StringEquals", "aws:SourceVpce", 0}, []string{}},
	}
	for _, tt := range tests {
		doc := policy.Parse("p.json", []byte(statementWith(tt.condition)), policy.Options{})
		unresolve(t, doc.Root, tt.path)
		built := policy.Build("p.json", nil, doc.Root, policy.Options{})
		if diff := cmp.Diff(tt.want, conditionNotesOf(t, e, built)); diff != "" {
			t.Errorf("%s with %v unresolved (-want +got):\n%s", tt.condition, tt.path, diff)
		}
	}
}

// unresolve replaces the value at path with an Unresolved node, as the
// template readers leave a value known only at deploy time.
func unresolve(t *testing.T, n *policy.Node, path []any) {
	t.Helper()
	for k, step := range path {
		last := k == len(path)-1
		switch s := step.(type) {
		case int:
			if last {
				n.Elems[s] = &policy.Node{Kind: policy.Unresolved, Text: "${X}", Expr: &policy.Expr{Why: "test"}, Start: n.Elems[s].Start}
				return
			}
			n = n.Elems[s]
		case string:
			for _, m := range n.Members {
				if m.Key == s {
					if last {
						m.Value = &policy.Node{Kind: policy.Unresolved, Text: "${X}", Expr: &policy.Expr{Why: "test"}, Start: m.Value.Start}
						return
					}
					n = m.Value
					break
				}
			}
		}
	}
	t.Fatalf("no value at %v", path)
}
