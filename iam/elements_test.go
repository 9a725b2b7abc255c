package iam

import (
	"strings"
	"testing"

	"github.com/mrapguard/mrapguard/policy"
)

func TestUniqueIDKind(t *testing.T) {
	for v, want := range map[string]string{
		"AROADBQP57FF2AEXAMPLE":            "role",
		"AIDACKCEVSQ6C2EXAMPLE":            "user",
		"AROA":                             "",
		"AKIAIOSFODNN7EXAMPLE":             "",
		"aroadbqp57ff2aexample":            "",
		"arn:aws:iam::111122223333:role/x": "",
		"111122223333":                     "",
	} {
		if got := UniqueIDKind(v); got != want {
			t.Errorf("UniqueIDKind(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestVariableSyntax(t *testing.T) {
	for s, want := range map[string]string{
		"arn:aws:s3::111122223333:accesspoint/a.mrap/object/${aws:username}/*": "",
		"${aws:PrincipalTag/team, 'company-wide'}":                             "",
		"${aws:PrincipalTag/team,'none'}":                                      "",
		"${*}${?}${$} and $ or {x} or $x}":                                     "",
		"no variable":                                                          "",
		"home/${aws:username/*":                                                "MISSING_BRACE_IN_VARIABLE",
		"ok ${aws:userid} then ${aws:username":                                 "MISSING_BRACE_IN_VARIABLE",
		"${aws:PrincipalTag/team, company-wide}":                               "MISSING_QUOTE_IN_VARIABLE",
		"${aws:PrincipalTag/team, 'company-wide}":                              "MISSING_QUOTE_IN_VARIABLE",
		"${aws:PrincipalTag/team, '}":                                          "MISSING_QUOTE_IN_VARIABLE",
		"${aws:user name}":                                                     "UNSUPPORTED_SPACE_IN_VARIABLE",
		"${ aws:username}":                                                     "UNSUPPORTED_SPACE_IN_VARIABLE",
		"${aws:PrincipalTag/team , 'x'}":                                       "UNSUPPORTED_SPACE_IN_VARIABLE",
		"${}":                                                                  "EMPTY_VARIABLE",
		"a${  }b":                                                              "EMPTY_VARIABLE",
	} {
		p, bad := VariableSyntax(s)
		if got := p.Code; got != want || bad != (want != "") {
			t.Errorf("VariableSyntax(%q) = %+v, %v; want code %q", s, p, bad, want)
		}
	}
	if p, _ := VariableSyntax("home/${aws:user name}/x"); p.Text != "${aws:user name}" {
		t.Errorf("Text = %q", p.Text)
	}
}

func TestMRAPField(t *testing.T) {
	for r, want := range map[string]string{
		"arn:aws:s3::111122223333:accesspoint/a.mrap/object/${aws:username}/*": "",
		"arn:aws:s3::${aws:PrincipalAccount}:accesspoint/a.mrap/object/*":      "account",
		"arn:aws:s3::${AWS::AccountId}:accesspoint/a.mrap":                     "account",
		"arn:${aws:partition}:s3::111122223333:accesspoint/a.mrap":             "partition",
		"arn:aws:${x}::111122223333:accesspoint/a.mrap":                        "service",
		"arn:aws:s3:${aws:RequestedRegion}:111122223333:accesspoint/a":         "region",
		"arn:aws:s3::111122223333:accesspoint/${aws:PrincipalTag/mrap}":        "alias",
		"arn:aws:s3::111122223333:accesspoint/${x}/object/*":                   "alias",
		"arn:aws:s3:::bucket/${aws:username}/*":                                "",
		"${aws_s3control_multi_region_access_point.example.arn}/object/*":      "",
		"arn:aws:s3::111122223333:accesspoint/a.mrap":                          "",
		"arn:aws:s3::${aws:PrincipalAccount":                                   "", // not a complete ARN
	} {
		if got := MRAPField(r); got != want {
			t.Errorf("MRAPField(%q) = %q, want %q", r, got, want)
		}
	}
}

func TestRestrictsSource(t *testing.T) {
	for _, tt := range []struct {
		op, key string
		values  []string
		want    bool
	}{
		{"StringEquals", "aws:SourceArn", []string{"arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}, true},
		{"ArnLike", "AWS:SourceArn", []string{"arn:aws:cloudfront::111122223333:distribution/*"}, true},
		{"StringEquals", "aws:SourceAccount", []string{"111122223333"}, true},
		{"StringEquals", "aws:SourceOrgID", []string{"o-a1b2c3d4e5"}, true},
		{"StringLike", "aws:SourceOrgPaths", []string{"o-a1b2c3d4e5/r-ab12/*"}, true},
		{"StringNotEquals", "aws:SourceAccount", []string{"111122223333"}, false},
		{"StringEqualsIfExists", "aws:SourceArn", []string{"arn:aws:cloudfront::111122223333:distribution/E1"}, false},
		{"ArnLike", "aws:SourceArn", []string{"arn:aws:cloudfront::*:distribution/*"}, false},
		{"StringEquals", "aws:SourceOrgID", []string{"my-org"}, false},
		{"StringEquals", "aws:Referer", []string{"https://example.com"}, false},
		{"StringEquals", "aws:PrincipalOrgID", []string{"o-a1b2c3d4e5"}, false},
	} {
		got, why := RestrictsSource(tt.op, tt.key, tt.values)
		if got != tt.want || why == "" {
			t.Errorf("RestrictsSource(%s, %s, %v) = %v, %q; want %v and a reason", tt.op, tt.key, tt.values, got, why, tt.want)
		}
	}
	if _, why := RestrictsSource("StringEquals", "aws:PrincipalOrgID", []string{"o-a1b2c3d4e5"}); why != "StringEquals on aws:PrincipalOrgID names the caller, not the source the service acts for" {
		t.Errorf("reason for a key that pins the caller: %q", why)
	}
	for key, want := range map[string]bool{"aws:PrincipalOrgID": true, "AWS:principalorgpaths": true, "aws:PrincipalTag/team": true,
		"aws:SourceArn": false, "aws:SourceIp": false, "aws:PrincipalAccount": false, "s3:prefix": false} {
		if ServicePrincipalLacks(key) != want {
			t.Errorf("ServicePrincipalLacks(%s) != %v", key, want)
		}
	}
}

func TestConditionImplied(t *testing.T) {
	c := func(op, key string, values ...string) policy.Condition {
		return policy.Condition{op: {key: values}}
	}
	both := func(x, y policy.Condition) policy.Condition {
		out := policy.Condition{}
		for _, m := range []policy.Condition{x, y} {
			for op, keys := range m {
				if out[op] == nil {
					out[op] = map[string][]string{}
				}
				for k, v := range keys {
					out[op][k] = v
				}
			}
		}
		return out
	}
	tls := c("Bool", "aws:SecureTransport", "false")
	for _, tt := range []struct {
		name              string
		b, a              policy.Condition
		implied, wildcard bool
	}{
		{"no condition", nil, tls, true, false},
		{"same", tls, tls, true, false},
		{"more conditions", tls, both(tls, c("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d")), true, false},
		{"more values", c("StringEquals", "aws:SourceVpce", "vpce-1", "vpce-2"), c("StringEquals", "AWS:sourcevpce", "vpce-1"), true, false},
		{"fewer values", c("StringEquals", "aws:SourceVpce", "vpce-1"), c("StringEquals", "aws:SourceVpce", "vpce-1", "vpce-2"), false, false},
		{"negated, fewer values", c("StringNotEquals", "aws:SourceVpce", "vpce-1"), c("StringNotEquals", "aws:SourceVpce", "vpce-1", "vpce-2"), true, false},
		{"stricter", tls, nil, false, false},
		{"other operator", c("StringLike", "aws:SourceVpce", "vpce-1"), c("StringEquals", "aws:SourceVpce", "vpce-1"), false, false},
		{"wildcard, key required", c("StringLike", "aws:PrincipalTag/team", "*"), c("StringEquals", "aws:PrincipalTag/team", "red"), true, true},
		{"wildcard, key required by Null", c("StringLike", "aws:PrincipalTag/team", "*"), c("Null", "aws:PrincipalTag/team", "false"), true, true},
		{"wildcard IfExists", c("StringLikeIfExists", "aws:PrincipalTag/team", "*"), nil, true, true},
		{"wildcard, key not required", c("StringLike", "aws:PrincipalTag/team", "*"), c("StringEqualsIfExists", "aws:PrincipalTag/team", "red"), false, false},
		{"unknown operator", c("StringEqualz", "aws:SourceVpce", "vpce-1"), c("StringEqualz", "aws:SourceVpce", "vpce-1"), false, false},
	} {
		implied, wildcard := ConditionImplied(tt.b, tt.a)
		if implied != tt.implied || wildcard != tt.wildcard {
			t.Errorf("%s: ConditionImplied = %v, %v; want %v, %v", tt.name, implied, wildcard, tt.implied, tt.wildcard)
		}
	}
}

func TestPrincipalCovered(t *testing.T) {
	other := map[string]map[string]struct{}{"AWS": {"arn:aws:iam::111122223333:root": {}}}
	if PrincipalCovered("AWS", "arn:aws:iam::111122223333:role/r", other) != No || PrincipalCovered("AWS", "arn:aws:iam::111122223333:root", other) != Yes {
		t.Error("a principal covers only itself")
	}
	if PrincipalCovered("Service", "cloudfront.amazonaws.com", map[string]map[string]struct{}{"AWS": {"*": {}}}) != Yes {
		t.Error(`"*" covers every principal`)
	}
}

// Covers answers No from the literal prefixes alone where they differ.
func TestCoversLiteralPrefix(t *testing.T) {
	for _, tt := range []struct {
		p, q      string
		fold, arn bool
		want      Tri
	}{
		{"abc*", "ab*cd", false, false, No},
		{"abc*", "abcd*", false, false, Yes},
		{"s3:Get*", "S3:GETOBJECT", true, false, Yes},
		{"s3:Get*", "s3:Put*", true, false, No},
		{"s3:get*", "S3:GET?BJECT*", true, false, Yes},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/a*", "arn:aws:s3::111122223333:accesspoint/a.mrap/object/b/*", false, true, No},
		{"arn:aws:s3::111122223333:accesspoint/a.mrap/object/*", "arn:aws:s3::111122223333:accesspoint/a.mrap/object/b/*", false, true, Yes},
		{"x*", "\u212a", true, false, No},
	} {
		if got := Covers(tt.p, tt.q, tt.fold, tt.arn); got != tt.want {
			t.Errorf("Covers(%q, %q, %v, %v) = %v, want %v", tt.p, tt.q, tt.fold, tt.arn, got, tt.want)
		}
	}
}

func TestTemplateReference(t *testing.T) {
	for r, want := range map[string]bool{
		"aws_s3_bucket.b.arn": true, "module.mrap.arn[0].x": true, "${MyBucket}": true, "{{resolve:x}}": true,
		"!Ref Mrap": true, "Ref": true, "!GetAtt Mrap.Alias": true, "Sub": true,
		"Bucket ARN": false, "a.b": false, "Reference.x": false, "1x.y.z": false, "Subway": false, "*": false,
	} {
		if got := templateReference(r); got != want {
			t.Errorf("templateReference(%q) = %v, want %v", r, got, want)
		}
	}
}

func TestProblems(t *testing.T) {
	for r, want := range map[string]string{
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*":      "",
		"arn:aws:s3::111122223333:accesspoint/my-mrap/object/*":                 "", // the alias's problem
		"arn:aws:s3::111122223333:accesspoint/${aws:PrincipalTag/m}/object/*":   "",
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/objects":       "does not name objects the MRAP way",
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/${x}/*": "",
	} {
		if got := ResourceProblem(r); want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("ResourceProblem(%q) = %q, want %q", r, got, want)
		}
	}
	if AliasProblem("arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap") != "" || AliasProblem("arn:aws:s3:::bucket") != "" ||
		!strings.Contains(AliasProblem("arn:aws:s3::111122223333:accesspoint/my-mrap"), "looks like the MRAP's name") {
		t.Error("AliasProblem")
	}
	for v, want := range map[string]string{
		"s3:GetObject": "", "*": "", "s3:Get*": "", "s3:${aws:username}": "", "S3:getobject": "",
		":GetObject":       "is not an S3 action",
		"*:GetObject":      `write "s3:GetObject"`,
		"ec2:RunInstances": `is an action of service "ec2"`,
		"s3:ListObjects":   "ListObjects is an API operation, which needs s3:ListBucket",
	} {
		got := S3().ActionProblem(S3().Classify(v))
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("ActionProblem(%q) = %q, want %q", v, got, want)
		}
	}
}
