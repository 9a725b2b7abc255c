package iam

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrivateIP(t *testing.T) {
	for _, tt := range []struct {
		v           string
		private, ok bool
	}{
		{"10.0.0.0/8", true, true},
		{"10.1.2.3", true, true},
		{"172.16.0.0/12", true, true},
		{"172.31.255.0/24", true, true},
		{"172.32.0.0/16", false, true},
		{"192.168.1.0/24", true, true},
		{"192.168.0.0/15", false, true}, // 192.168.0.0-192.169.255.255: partly public
		{"10.0.0.0/7", false, true},
		{"203.0.113.0/24", false, true},
		{"0.0.0.0/0", false, true},
		{"fd00::/8", true, true},
		{"fc00::/7", true, true},
		{"fc00::/6", false, true},
		{"2001:db8::/32", false, true},
		{"10.0.0.0/33", false, false},
		{"vpce-1a2b3c4d", false, false},
	} {
		private, ok := PrivateIP(tt.v)
		if private != tt.private || ok != tt.ok {
			t.Errorf("PrivateIP(%q) = %v, %v; want %v, %v", tt.v, private, ok, tt.private, tt.ok)
		}
	}
}

func TestMaskedIP(t *testing.T) {
	for v, want := range map[string]string{
		"203.0.113.7/24":      "203.0.113.0/24",
		"203.0.113.0/24":      "",
		"203.0.113.7":         "",
		"203.0.113.7/32":      "",
		"2001:DB8::1/32":      "2001:db8::/32",
		"2001:db8:1234::/48":  "",
		"192.0.2.255/0":       "0.0.0.0/0",
		"not an address/24":   "",
		"2001:db8::1/129":     "",
		"10.10.10.10/8":       "10.0.0.0/8",
		"2001:db8:0:1::5/64":  "2001:db8:0:1::/64",
		"2001:db8:0:1::/64":   "",
		"fe80::1234:5678/112": "fe80::1234:0/112",
	} {
		if got := MaskedIP(v); got != want {
			t.Errorf("MaskedIP(%q) = %q, want %q", v, got, want)
		}
	}
}

func TestValueFormat(t *testing.T) {
	good := map[string][]string{
		"aws:SourceVpc":       {"vpc-111bbb22", "vpc-0123456789abcdef0", "vpc-*", "${aws:PrincipalTag/vpc}"},
		"aws:SourceVpce":      {"vpce-1a2b3c4d", "vpce-0123456789abcdef0"},
		"aws:sourcevpce":      {"vpce-1a2b3c4d"},
		"aws:RequestedRegion": {"us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "us-*"},
		"s3:x-amz-server-side-encryption-aws-kms-key-id": {
			"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			"arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
			"arn:aws:kms:*:111122223333:key/*"},
		"aws:PrincipalServiceName": {"cloudfront.amazonaws.com", "s3.amazonaws.com.cn"},
		"aws:CalledVia":            {"athena.amazonaws.com"},
		"aws:SourceAccount":        {"111122223333"},
		"aws:PrincipalOrgID":       {"o-a1b2c3d4e5"},
		"aws:PrincipalArn":         {"anything"},
		"s3:prefix":                {"vpc-x"},
	}
	bad := map[string][]string{
		"aws:SourceVpc":       {"vpc-1", "vpce-1a2b3c4d", "VPC-111BBB22", "111bbb22"},
		"aws:SourceVpce":      {"vpce-1", "vpc-1a2b3c4d", "vpce-1A2B3C4D", "vpce-1a2b3c4d "},
		"aws:RequestedRegion": {"US East (N. Virginia)", "us-east", "useast1", "us_east_1"},
		"s3:x-amz-server-side-encryption-aws-kms-key-id": {
			"1234abcd-12ab-34cd-56ef-1234567890ab",
			"arn:aws:kms:us-east-1:111122223333:alias/my-key",
			"arn:aws:kms:us-east-1:1111:key/x",
			"arn:aws:kms::111122223333:key/x",
			"arn:aws:s3:us-east-1:111122223333:key/x"},
		"aws:PrincipalServiceName": {"cloudfront", "CloudFront.amazonaws.com", "arn:aws:iam::111122223333:role/x"},
		"aws:SourceAccount":        {"1111-2222-3333", "11112222333"},
		"aws:PrincipalOrgID":       {"o-123", "ou-ab12-11111111"},
	}
	for key, vs := range good {
		for _, v := range vs {
			if p := ValueFormat(key, v); p != "" {
				t.Errorf("ValueFormat(%q, %q) = %q, want none", key, v, p)
			}
		}
	}
	for key, vs := range bad {
		for _, v := range vs {
			if p := ValueFormat(key, v); p == "" {
				t.Errorf("ValueFormat(%q, %q) found no problem", key, v)
			}
		}
	}
	if got, want := ValueFormat("aws:SourceVpce", "vpce-1"), `"vpce-1" is not a VPC endpoint ID (vpce- and 8 or 17 lower-case letters and digits)`; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

func TestLiteralWildcard(t *testing.T) {
	for v, want := range map[string]bool{
		"a*":                     true,
		"a?b":                    true,
		"${*}":                   false,
		"a${?}b":                 false,
		"home/${aws:username}/":  false,
		"home/${aws:username}/*": true,
		"${x":                    false,
		"${x*":                   true,
		"$*":                     true,
		"plain":                  false,
	} {
		if got := LiteralWildcard(v); got != want {
			t.Errorf("LiteralWildcard(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestPresenceTest(t *testing.T) {
	for op, want := range map[string]Presence{
		"StringLike":                        PresencePresent,
		"ArnLike":                           PresencePresent,
		"ArnEquals":                         PresencePresent,
		"ForAnyValue:StringLike":            PresencePresent,
		"StringNotLike":                     PresenceAbsent,
		"ArnNotLike":                        PresenceAbsent,
		"StringNotLikeIfExists":             PresenceAbsent,
		"ForAllValues:StringNotLike":        PresenceAbsent,
		"StringLikeIfExists":                PresenceAlways,
		"ForAllValues:StringLike":           PresenceAlways,
		"ForAnyValue:StringNotLike":         PresenceNever,
		"StringEquals":                      PresenceNone,
		"StringNotEqualsIgnoreCase":         PresenceNone,
		"ForAnyValue:StringNotLikeIfExists": PresenceAbsent,
	} {
		o, ok := ParseOperator(op)
		if !ok {
			t.Fatalf("%s does not parse", op)
		}
		if got := PresenceTest(o, []string{"x", "*"}); got != want {
			t.Errorf("PresenceTest(%s, *) = %v, want %v", op, got, want)
		}
		if got := PresenceTest(o, []string{"x*"}); got != PresenceNone {
			t.Errorf("PresenceTest(%s, x*) = %v, want none", op, got)
		}
	}
}

func TestPairedKeys(t *testing.T) {
	tests := []struct {
		key    string
		values []string
		want   []string
	}{
		{"aws:VpcSourceIp", []string{"10.0.0.0/16"}, []string{"aws:SourceVpc", "aws:SourceVpce"}},
		{"aws:SourceArn", []string{"arn:aws:s3:::my-bucket"}, []string{"aws:SourceAccount"}},
		{"aws:SourceArn", []string{"arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}, nil},
		{"aws:SourceIp", []string{"203.0.113.0/24"}, nil},
	}
	for _, tt := range tests {
		got, why := PairedKeys(tt.key, tt.values)
		if (why == "") != (got == nil) {
			t.Errorf("PairedKeys(%s): keys %v, reason %q", tt.key, got, why)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("PairedKeys(%s, %v) (-want +got):\n%s", tt.key, tt.values, diff)
		}
	}
}

func TestTagKeys(t *testing.T) {
	for key, want := range map[string]bool{
		"aws:ResourceTag/team":      true,
		"aws:RequestTag/team":       true,
		"aws:TagKeys":               true,
		"s3:ExistingObjectTag/team": true,
		"s3:RequestObjectTagKeys":   true,
		"aws:PrincipalTag/team":     false,
		"aws:SourceVpce":            false,
		"s3:prefix":                 false,
	} {
		if got := LookupKey(key).Tag(); got != want {
			t.Errorf("%s: Tag() = %v, want %v", key, got, want)
		}
	}
}

func TestRedundantValues(t *testing.T) {
	tests := []struct {
		op     string
		values []string
		want   []Redundant
	}{
		// AWS's example: NumericLessThan 2700 and 3600 on aws:MultiFactorAuthAge.
		{"NumericLessThan", []string{"2700", "3600"}, []Redundant{{Index: 0, By: 1, Bound: true}}},
		{"NumericGreaterThanEquals", []string{"1.2", "1.0", "1.3"}, []Redundant{{Index: 0, By: 1, Bound: true}, {Index: 2, By: 1, Bound: true}}},
		{"NumericLessThan", []string{"10", "${aws:PrincipalTag/max}"}, nil},
		{"NumericLessThan", []string{"10"}, nil},
		{"NumericEquals", []string{"10", "10.0"}, []Redundant{{Index: 1, By: 0}}},
		{"StringLike", []string{"logs/app/*", "logs/*"}, []Redundant{{Index: 0, By: 1}}},
		{"StringLike", []string{"logs/*", "logs/*"}, []Redundant{{Index: 1, By: 0}}},
		{"StringLike", []string{"a*", "a**"}, []Redundant{{Index: 1, By: 0}}},
		{"StringLike", []string{"home/${aws:username}/*", "home/*"}, []Redundant{{Index: 0, By: 1}}},
		{"StringLike", []string{"home/*", "${aws:username}*"}, nil},
		{"StringNotLike", []string{"tmp/*", "tmp/x"}, []Redundant{{Index: 1, By: 0}}},
		{"ArnLike", []string{"arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:role/app"}, []Redundant{{Index: 1, By: 0}}},
		{"StringEquals", []string{"a*", "ab"}, nil},
		{"StringEquals", []string{"a", "b", "a"}, []Redundant{{Index: 2, By: 0}}},
		{"StringEqualsIgnoreCase", []string{"Team", "team"}, []Redundant{{Index: 1, By: 0}}},
		{"IpAddress", []string{"10.1.0.0/16", "10.0.0.0/8", "203.0.113.0/24"}, []Redundant{{Index: 0, By: 1}}},
		{"NotIpAddress", []string{"2001:db8::/32", "2001:db8:1::/48"}, []Redundant{{Index: 1, By: 0}}},
		{"Bool", []string{"true", "true"}, nil},
		{"StringLike", []string{"", "x*", ""}, nil},
	}
	for _, tt := range tests {
		o, ok := ParseOperator(tt.op)
		if !ok {
			t.Fatalf("%s does not parse", tt.op)
		}
		if diff := cmp.Diff(tt.want, RedundantValues(o, tt.values)); diff != "" {
			t.Errorf("RedundantValues(%s, %q) (-want +got):\n%s", tt.op, tt.values, diff)
		}
	}
}

func TestOperatorClasses(t *testing.T) {
	for _, tt := range []struct {
		op            string
		typ           string
		likes, absent bool
		text          bool
	}{
		{"StringLike", "ARN", true, false, false},
		{"StringEquals", "Numeric", false, false, true},
		{"StringNotEquals", "Bool", false, true, true},
		{"StringEqualsIfExists", "IPAddress", false, true, true},
		{"StringEquals", "ArrayOfString", false, false, false},
		{"ArnEquals", "ARN", true, false, false},
		{"ForAnyValue:StringNotLike", "ArrayOfString", true, false, false},
		{"ForAllValues:StringLike", "ArrayOfString", true, true, false},
		{"NumericLessThan", "Date", false, false, false},
		{"Null", "String", false, false, false},
	} {
		o, _ := ParseOperator(tt.op)
		if absent := AbsentKey(tt.op, nil) == Yes; o.Likes() != tt.likes || absent != tt.absent || o.TextOnTypedKey(tt.typ) != tt.text {
			t.Errorf("%s on %s: Likes %v AbsentKey %v TextOnTypedKey %v; want %v %v %v", tt.op, tt.typ,
				o.Likes(), absent, o.TextOnTypedKey(tt.typ), tt.likes, tt.absent, tt.text)
		}
	}
	if !EpochDate("aws:CurrentTime", "1767225600") || EpochDate("aws:EpochTime", "1767225600") || EpochDate("aws:CurrentTime", "2026-01-31") {
		t.Error("EpochDate")
	}
	if !OwnerKey("AWS:ResourceAccount") || OwnerKey("aws:SourceAccount") {
		t.Error("OwnerKey")
	}
	if RetiredKey("aws:arn") != "aws:PrincipalArn or aws:SourceArn" || RetiredKey("aws:PrincipalArn") != "" {
		t.Error("RetiredKey")
	}
}

func TestWildcardSpansSegments(t *testing.T) {
	for v, want := range map[string]bool{
		"arn:aws:iam::*:role/app":                 true,
		"arn:aws:*:*:111122223333:*":              true,
		"arn:aws:iam::111122223333:role/app-*":    false,
		"arn:aws:s3:::my-bucket/*":                false,
		"arn:aws:iam::111122223333:*":             false,
		"*":                                       false,
		"arn:aws:iam::${aws:PrincipalAccount}:*":  false,
		"arn:aws:iam::111122223333:role/${x}:a*":  false,
		"arn:aws:iam::1111*":                      true,
		"arn:aws:s3::111122223333:accesspoint/a?": false,
	} {
		if got := WildcardSpansSegments(v); got != want {
			t.Errorf("WildcardSpansSegments(%q) = %v, want %v", v, got, want)
		}
	}
}

// validIPv6 agrees with net/netip on strings of hex digits and colons.
func TestValidIPv6MatchesNetip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []string{"::", "::1", "1::", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", "1::2::3", ":::", "1:2:3:4:5:6::7"}
	for range 20000 {
		b := make([]byte, r.IntN(20))
		for i := range b {
			b[i] = "0af::"[r.IntN(5)]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		a, err := netip.ParseAddr(s)
		if want := err == nil && a.Is6(); validIPv6(s) != want {
			t.Errorf("validIPv6(%q) = %v, netip says %v", s, !want, want)
		}
	}
}
