package emulator

import (
	"strings"
	"testing"
)

const (
	tAccount = "111122223333"
	tAlias   = "mfzwi23gnjvgw.mrap"
	tObjects = `"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"`
)

// stmt builds a one-statement policy from raw JSON members.
func stmt(members string) string {
	return `{"Version":"2012-10-17","Statement":[{` + members + `}]}`
}

func TestValidatePolicy(t *testing.T) {
	ok := `"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":` + tObjects
	tests := []struct {
		name    string
		doc     string
		wantErr string // substring; "" means valid
	}{
		{"valid", stmt(ok), ""},
		{"statement object, not list", `{"Statement":{` + ok + `}}`, ""},
		{"leading white space", " \n" + stmt(ok), ""},
		{"MRAP itself as resource", stmt(`"Effect":"Deny","Principal":"*","NotAction":["s3:Get*"],"Resource":"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"`), ""},
		{"wildcard resource", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"`), ""},
		{"wildcard alias", stmt(`"Effect":"Allow","Principal":"*","Action":"*","Resource":"arn:aws:s3::111122223333:accesspoint/*"`), ""},
		{"condition", stmt(ok + `,"Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:TlsVersion":[1.2]}}`), ""},
		{"not JSON", `{"Statement": [`, "must be valid JSON"},
		{"array", `[]`, "must be valid JSON"},
		{"empty", ``, "must be valid JSON"},
		{"unknown top-level field", `{"Statement":[{` + ok + `}],"Extra":1}`, "Unknown field Extra"},
		{"bad version", `{"Version":"2020-01-01","Statement":[{` + ok + `}]}`, "Invalid policy version"},
		{"no statement", `{"Version":"2012-10-17"}`, "Missing required field Statement"},
		{"empty statement list", `{"Statement":[]}`, "Missing required field Statement"},
		{"statement not object", `{"Statement":["x"]}`, "Statement must be"},
		{"bad effect", stmt(strings.Replace(ok, `"Allow"`, `"Alow"`, 1)), "Invalid effect: Alow"},
		{"no effect", stmt(strings.Replace(ok, `"Effect":"Allow",`, ``, 1)), "Missing required field Effect"},
		{"no principal", stmt(`"Effect":"Allow","Action":"s3:GetObject","Resource":` + tObjects), "Missing required field Principal"},
		{"principal and not principal", stmt(ok + `,"NotPrincipal":"*"`), "both Principal and NotPrincipal"},
		{"bad principal", stmt(`"Effect":"Allow","Principal":"someone","Action":"s3:GetObject","Resource":` + tObjects), "Invalid principal"},
		{"bad principal key", stmt(`"Effect":"Allow","Principal":{"Users":"x"},"Action":"s3:GetObject","Resource":` + tObjects), "Invalid principal"},
		{"non-s3 action", stmt(`"Effect":"Allow","Principal":"*","Action":"ec2:RunInstances","Resource":` + tObjects), "invalid action"},
		{"action not a string", stmt(`"Effect":"Allow","Principal":"*","Action":7,"Resource":` + tObjects), "invalid action"},
		{"no resource", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject"`), "Missing required field Resource"},
		{"name in place of alias", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:accesspoint/demo/object/*"`), "invalid resource"},
		{"other account", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3::444455556666:accesspoint/mfzwi23gnjvgw.mrap/object/*"`), "invalid resource"},
		{"bucket ARN", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"`), "invalid resource"},
		{"unknown statement field", stmt(ok + `,"Principals":"*"`), "Unknown field Principals"},
		{"condition not object", stmt(ok + `,"Condition":[]`), "Invalid Condition"},
		{"condition value object", stmt(ok + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":{"x":1}}}`), "Invalid Condition value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validatePolicy(tt.doc, tAccount, tAlias)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error = %v, want valid", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestIsPublicPolicy(t *testing.T) {
	allow := func(principal, cond string) string {
		m := `"Effect":"Allow","Principal":` + principal + `,"Action":"s3:GetObject","Resource":` + tObjects
		if cond != "" {
			m += `,"Condition":` + cond
		}
		return stmt(m)
	}
	tests := []struct {
		name string
		doc  string
		want bool
	}{
		{"account principal", allow(`{"AWS":"111122223333"}`, ""), false},
		{"star", allow(`"*"`, ""), true},
		{"AWS star", allow(`{"AWS":"*"}`, ""), true},
		{"AWS star in list", allow(`{"AWS":["arn:aws:iam::111122223333:root","*"]}`, ""), true},
		{"deny star", stmt(`"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"`), false},
		{"allow with NotPrincipal", stmt(`"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"`), true},
		{"org id", allow(`"*"`, `{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}`), false},
		{"org id, case-insensitive key", allow(`"*"`, `{"StringEquals":{"AWS:principalorgid":["o-abc123"]}}`), false},
		{"principal account", allow(`"*"`, `{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}`), false},
		{"source vpce", allow(`"*"`, `{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c"}}`), false},
		{"source arn like", allow(`"*"`, `{"ArnLike":{"aws:SourceArn":"arn:aws:cloudfront::111122223333:distribution/E1"}}`), false},
		{"source account", allow(`"*"`, `{"StringEquals":{"aws:SourceAccount":"111122223333"}}`), false},
		{"principal arn with account", allow(`"*"`, `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/r"}}`), false},
		{"principal arn with wildcard account", allow(`"*"`, `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/r"}}`), true},
		{"org id wildcard", allow(`"*"`, `{"StringLike":{"aws:PrincipalOrgID":"o-*"}}`), true},
		{"negated operator", allow(`"*"`, `{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc123"}}`), true},
		{"IfExists", allow(`"*"`, `{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"}}`), true},
		{"ForAllValues", allow(`"*"`, `{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":["o-abc123"]}}`), true},
		{"ForAnyValue", allow(`"*"`, `{"ForAnyValue:StringEquals":{"aws:PrincipalOrgID":["o-abc123"]}}`), false},
		{"non-identifying key", allow(`"*"`, `{"Bool":{"aws:SecureTransport":"true"}}`), true},
		{"source ip range", allow(`"*"`, `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`), false},
		{"source ip everything", allow(`"*"`, `{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}`), true},
		{"one narrowed, one not", `{"Statement":[` +
			`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}},` +
			`{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := validatePolicy(tt.doc, tAccount, tAlias); err != nil {
				t.Fatalf("test policy invalid: %v", err)
			}
			if got := isPublicPolicy(tt.doc); got != tt.want {
				t.Errorf("isPublicPolicy = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s  string
		match, pref bool
	}{
		{"abc", "abc", true, true},
		{"abc", "ab", false, true},
		{"a*c", "abbbc", true, true},
		{"a?c", "abc", true, true},
		{"a?c", "ac", false, true},
		{"*", "", true, true},
		{"a*", "b", false, false},
		{"abc/object/*", "abc/object/", true, true},
		{"abd", "abc", false, false},
	}
	for _, tt := range tests {
		if got := globMatch(tt.pattern, tt.s); got != tt.match {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.match)
		}
		if got := globCanStartWith(tt.pattern, tt.s); got != tt.pref {
			t.Errorf("globCanStartWith(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.pref)
		}
	}
}

func TestAlias(t *testing.T) {
	a := aliasFor(tAccount, "demo")
	if len(a) != 18 || !strings.HasSuffix(a, ".mrap") || a[0] != 'm' || strings.Trim(a[:13], "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
		t.Errorf("alias %q is not m + 12 lowercase letters or digits + .mrap", a)
	}
	if b := aliasFor(tAccount, "demo"); b != a {
		t.Errorf("alias not deterministic: %q then %q", a, b)
	}
	if b := aliasFor("444455556666", "demo"); b == a {
		t.Errorf("two accounts share alias %q", a)
	}
}
