package iam

import (
	"testing"

	"github.com/mrapguard/mrapguard/policy"
)

type (
	Statement = policy.Statement
	Principal = policy.Principal
	Condition = policy.Condition
)

func TestOpen(t *testing.T) {
	star := Principal{"AWS": {"*"}}
	cond := func(op, key string, vals ...string) Condition {
		return Condition{op: {key: vals}}
	}
	tests := []struct {
		name   string
		st     Statement
		public bool
	}{
		{"star no condition", Statement{Effect: "Allow", Principal: star}, true},
		{"star among accounts", Statement{Effect: "Allow", Principal: Principal{"AWS": {"111122223333", "*"}}}, true},
		{"service star", Statement{Effect: "Allow", Principal: Principal{"Service": {"*"}}}, true},
		{"wildcard in principal arn", Statement{Effect: "Allow", Principal: Principal{"AWS": {"arn:aws:iam::*:root"}}}, true},
		{"allow with NotPrincipal", Statement{Effect: "Allow", NotPrincipal: Principal{"AWS": {"111122223333"}}}, true},
		{"deny star", Statement{Effect: "Deny", Principal: star}, false},
		{"lower-case effect is not Allow", Statement{Effect: "allow", Principal: star}, false},
		{"specific account", Statement{Effect: "Allow", Principal: Principal{"AWS": {"arn:aws:iam::111122223333:root"}}}, false},
		{"org id", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")}, false},
		{"org id key case-insensitive", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "AWS:principalorgid", "o-a1b2c3d4e5")}, false},
		{"org id malformed", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-abc123")}, true},
		{"org id wildcard value", Statement{Effect: "Allow", Principal: star, Condition: cond("StringLike", "aws:PrincipalOrgID", "o-*")}, true},
		{"org id policy variable", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:PrincipalOrgID", "${aws:PrincipalTag/org}")}, true},
		{"org id one of two values wildcard", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5", "*")}, true},
		{"org id empty values", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:PrincipalOrgID")}, true},
		{"org id IfExists", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEqualsIfExists", "aws:PrincipalOrgID", "o-a1b2c3d4e5")}, true},
		{"org id ForAllValues", Statement{Effect: "Allow", Principal: star, Condition: cond("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")}, true},
		{"org id ForAnyValue", Statement{Effect: "Allow", Principal: star, Condition: cond("ForAnyValue:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")}, false},
		{"operator case matters", Statement{Effect: "Allow", Principal: star, Condition: cond("stringequals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")}, true},
		{"negated operator", Statement{Effect: "Allow", Principal: star, Condition: cond("StringNotEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")}, true},
		{"ArnNotEquals", Statement{Effect: "Allow", Principal: star, Condition: cond("ArnNotEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:root")}, true},
		{"org paths", Statement{Effect: "Allow", Principal: star, Condition: cond("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*")}, false},
		{"org paths wildcard org", Statement{Effect: "Allow", Principal: star, Condition: cond("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-*/r-ab12/*")}, true},
		{"principal account", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:PrincipalAccount", "111122223333")}, false},
		{"source account", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:SourceAccount", "111122223333")}, false},
		{"source vpce", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d")}, false},
		{"source vpc", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:SourceVpc", "vpc-111bbb22")}, false},
		{"source arn concrete account", Statement{Effect: "Allow", Principal: star, Condition: cond("ArnLike", "aws:SourceArn", "arn:aws:cloudfront::111122223333:distribution/*")}, false},
		{"source arn without account", Statement{Effect: "Allow", Principal: star, Condition: cond("ArnEquals", "aws:SourceArn", "arn:aws:s3:::my-bucket")}, false},
		{"principal arn concrete account", Statement{Effect: "Allow", Principal: star, Condition: cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/*")}, false},
		{"principal arn wildcard account", Statement{Effect: "Allow", Principal: star, Condition: cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/admin")}, true},
		{"principal arn partial account", Statement{Effect: "Allow", Principal: star, Condition: cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::1111222233*:role/admin")}, true},
		{"data access point arn", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "s3:DataAccessPointArn", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap")}, false},
		{"data access point account", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "s3:DataAccessPointAccount", "111122223333")}, false},
		{"referer", Statement{Effect: "Allow", Principal: star, Condition: cond("StringLike", "aws:Referer", "https://example.com/*")}, true},
		{"user agent", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:UserAgent", "curl")}, true},
		{"secure transport", Statement{Effect: "Allow", Principal: star, Condition: cond("Bool", "aws:SecureTransport", "true")}, true},
		{"not ip address", Statement{Effect: "Allow", Principal: star, Condition: cond("NotIpAddress", "aws:SourceIp", "10.0.0.0/8")}, true},
		{"null check is not a caller", Statement{Effect: "Allow", Principal: star, Condition: cond("Null", "aws:PrincipalOrgID", "false")}, true},
		{"one narrowing among others", Statement{Effect: "Allow", Principal: star, Condition: Condition{
			"Bool":         {"aws:SecureTransport": {"true"}},
			"StringEquals": {"aws:UserAgent": {"x"}, "aws:SourceVpce": {"vpce-1"}},
		}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := Open(tt.st)
			if got != tt.public {
				t.Errorf("Open() = %v (%s), want %v", got, reason, tt.public)
			}
			if reason == "" {
				t.Error("Open() gave no reason")
			}
		})
	}
}

func TestOpenReason(t *testing.T) {
	tests := []struct {
		st   Statement
		want string
	}{
		{Statement{Effect: "Allow", Principal: Principal{"AWS": {"*"}}}, "principal * with no condition narrowing it to known callers"},
		{Statement{Effect: "Allow", Principal: Principal{"AWS": {"*"}}, Condition: Condition{"StringEquals": {"aws:PrincipalOrgID": {"o-a1b2c3d4e5"}}}},
			"principal * narrowed by condition StringEquals aws:PrincipalOrgID"},
		{Statement{Effect: "Deny", Principal: Principal{"AWS": {"*"}}}, `effect "Deny" grants nothing`},
		{Statement{Effect: "Allow", Principal: Principal{"AWS": {"111122223333"}}}, "principal names specific callers"},
	}
	for _, tt := range tests {
		if _, got := Open(tt.st); got != tt.want {
			t.Errorf("Open() reason = %q, want %q", got, tt.want)
		}
	}
}

func TestPublicToAWS(t *testing.T) {
	star := Principal{"AWS": {"*"}}
	cond := func(op, key string, vals ...string) Condition { return Condition{op: {key: vals}} }
	tests := []struct {
		name          string
		st            Statement
		public, toAWS bool
	}{
		{"no condition", Statement{Effect: "Allow", Principal: star}, true, true},
		{"org id narrows for both", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")}, false, false},
		{"source ip /24", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "203.0.113.0/24", "198.51.100.7")}, true, false},
		{"source ip /8 is the broadest AWS accepts", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "10.0.0.0/8")}, true, false},
		{"source ip /7 is public", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "10.0.0.0/7")}, true, true},
		{"source ip 0.0.0.0/0", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "0.0.0.0/0")}, true, true},
		{"source ip one broad value", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "203.0.113.0/24", "::/0")}, true, true},
		{"source ipv6 /48", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "2001:db8:1234::/48")}, true, false},
		{"source ipv6 /31", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "2001:db8::/31")}, true, true},
		{"NotIpAddress does not narrow", Statement{Effect: "Allow", Principal: star, Condition: cond("NotIpAddress", "aws:SourceIp", "203.0.113.0/24")}, true, true},
		{"source ip not an address", Statement{Effect: "Allow", Principal: star, Condition: cond("IpAddress", "aws:SourceIp", "office")}, true, true},
		{"userid fixed", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "aws:userid", "AROAEXAMPLEID:alice")}, true, false},
		{"userid wildcard", Statement{Effect: "Allow", Principal: star, Condition: cond("StringLike", "aws:userid", "AROAEXAMPLEID:*")}, true, true},
		{"kms key", Statement{Effect: "Allow", Principal: star, Condition: cond("StringEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/abc")}, true, false},
		{"deny is never public", Statement{Effect: "Deny", Principal: star}, false, false},
	}
	for _, tt := range tests {
		if got, why := Open(tt.st); got != tt.public {
			t.Errorf("%s: Open = %v (%s), want %v", tt.name, got, why, tt.public)
		}
		if got, why := PublicToAWS(tt.st); got != tt.toAWS {
			t.Errorf("%s: PublicToAWS = %v (%s), want %v", tt.name, got, why, tt.toAWS)
		}
	}
}
