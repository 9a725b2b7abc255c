package iam

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// Each hand-written shape check answers as the regular expression in its
// comment does, on edge cases and on random strings over the characters
// that matter.
func TestSyntaxMatchesRegexp(t *testing.T) {
	tests := []struct {
		name     string
		re       string
		f        func(string) bool
		alphabet string
		seeds    []string
	}{
		{"digits", `^[0-9]+$`, digits, "0123456789a", nil},
		{"placeholder", `[<>]|\$\{|\{\{|\}\}`, looksLikePlaceholder, "<>${}a", nil},
		{"uniqueID", `^(AIDA|AROA)[A-Z0-9]{12,}$`, uniqueID, "AIDROZ9a", []string{"AIDAAAAAAAAAAAAA", "AROA12345678901Z", "AIDA12345678901"}},
		{"iamResource", `^(root|user/.+|role/.+)$`, iamResource, "rotuse/l\nx", []string{"root", "user/", "role/x", "user/a\n", "roots"}},
		{"stsResource", `^(assumed-role/[^/]+/.+|federated-user/.+)$`, stsResource, "a/\nx", []string{"assumed-role/r/s", "assumed-role//s", "assumed-role/r/", "assumed-role/r\n/s", "federated-user/x", "federated-user/", "assumed-role/r/s/t"}},
		{"servicePrincipal", `^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`, servicePrincipal, "a.-Z", []string{"s3.amazonaws.com", ".amazonaws.com", "-x.amazonaws.com", "x.amazonaws.com.cn", "X.amazonaws.com", "a.amazonaws.com.amazonaws.com"}},
		{"federatedProvider", `^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(saml-provider|oidc-provider)/.+$`, federatedProvider, "", []string{"arn:aws:iam::111122223333:saml-provider/x", "arn:aws-cn:iam::111122223333:oidc-provider/a:b", "arn:aws:iam::11112222333:saml-provider/x", "arn:aws:iam::111122223333:saml-provider/", "arn:aws:iam:x:111122223333:saml-provider/x", "arn:aws-:iam::111122223333:saml-provider/x"}},
		{"domainName", `^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`, domainName, "a1.-A", nil},
		{"canonicalUser", `^[0-9a-f]{64}$`, canonicalUser, "", []string{strings.Repeat("a", 64), strings.Repeat("A", 64), strings.Repeat("a", 63)}},
		{"organizationID", `^o-[a-z0-9]{10,32}$`, organizationID, "", []string{"o-a1b2c3d4e5", "o-abc", "o-" + strings.Repeat("a", 32), "o-" + strings.Repeat("a", 33), "o-A1B2C3D4E5"}},
		{"organizationPath", `^o-[a-z0-9]{10,32}/`, organizationPath, "", []string{"o-a1b2c3d4e5/", "o-a1b2c3d4e5/r-ab12/*", "o-a1b2c3d4e5", "x/o-a1b2c3d4e5/"}},
		{"vpce", `^vpce-[0-9a-zA-Z]+$`, func(s string) bool { return prefixedID(s, "vpce") }, "vpce-1Z_", nil},
		{"resourceID", `^vpce-([0-9a-z]{8}|[0-9a-z]{17})$`, func(s string) bool { return resourceID(s, "vpce") }, "", []string{"vpce-1a2b3c4d", "vpce-0123456789abcdef0", "vpce-1a2b3c4", "vpce-1A2B3C4D", "vpc-1a2b3c4d", "vpce-1a2b3c4d5"}},
		{"regionCode", `^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}$`, regionCode, "", []string{"us-east-1", "us-gov-west-1", "eusc-de-east-1", "ap-southeast-12", "us-east", "US-east-1", "useast-1", "us--east-1", "us-east-123", "abcde-east-1"}},
		{"policyVariable", `^\$\{[^}]+\}$`, policyVariable, "${}a\n", nil},
		{"decimal", `^-?[0-9]+(\.[0-9]+)?$`, decimal, "-.01", nil},
		{"isoDate", `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$`, isoDate, "",
			[]string{"2026-01-31", "2026-01-31T00:00:00Z", "2026-13-01", "2026-01-00", "2026-01-31T24:00", "2026-01-31T23:59:59.123+05:30", "2026-01-31T23:59+0530", "2026-01-31T23:59:59.", "2026-01-31T23:5", "2026-01-31T23:59:5Z", "2026-01-31Z", "2026-01-31T10:20+05:3"}},
		{"ipv4CIDR", `^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?$`, ipv4CIDR, "0125./3",
			[]string{"10.0.0.0/8", "255.255.255.255", "256.0.0.0", "01.0.0.0", "1.2.3.4/33", "1.2.3.4/05", "1.2.3"}},
		{"ipv6Full", `^([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}$`, ipv6Full, "0fF:g", []string{"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7", "12345:2:3:4:5:6:7:8"}},
		{"ipv6Compressed", `^(([0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{1,4})?::(([0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{1,4})?$`, ipv6Compressed, "0f:", []string{"::", "::1", "2001:db8::", "2001:db8::1::2", ":::", "1:::2"}},
		{"arnValue", `^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$`, arnValue, "arn:x\n", []string{"arn:aws:s3:::b", "arn::s3:::b", "arn:aws:s3:::", "arn:a\nb:s3:::x", "arn:aws:s3:::x\n"}},
		{"base64Value", `^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`, base64Value, "aZ+=", []string{"", "QmluYXJ5", "ab==", "abc=", "a===", "====", "a=b="}},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, tt := range tests {
		re := regexp.MustCompile(tt.re)
		cases := append([]string{""}, tt.seeds...)
		for range 3000 {
			if tt.alphabet == "" && len(tt.seeds) > 0 {
				// Mutate a seed: replace, drop or insert one byte.
				s := []byte(tt.seeds[r.IntN(len(tt.seeds))])
				if len(s) > 0 {
					i := r.IntN(len(s))
					switch r.IntN(3) {
					case 0:
						s[i] = "09afAF:-/T.Z+x"[r.IntN(14)]
					case 1:
						s = append(s[:i], s[i+1:]...)
					case 2:
						s = append(s[:i], append([]byte{s[i]}, s[i:]...)...)
					}
				}
				cases = append(cases, string(s))
				continue
			}
			alpha := tt.alphabet
			if alpha == "" {
				alpha = "a1"
			}
			b := make([]byte, r.IntN(12))
			for i := range b {
				b[i] = alpha[r.IntN(len(alpha))]
			}
			cases = append(cases, string(b))
		}
		for _, s := range cases {
			if got, want := tt.f(s), re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v, regexp says %v", tt.name, s, got, want)
			}
		}
	}
	if got := camelWords("PutObjectAclVersion2x"); strings.Join(got, ",") != "Put,Object,Acl,Version2x" {
		t.Errorf("camelWords = %v", got)
	}
}
