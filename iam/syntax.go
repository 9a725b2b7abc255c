package iam

import (
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// Value shapes, checked by hand rather than with regular expressions:
// compiling a regular expression costs more than a lint run spends on all
// of these together. TestSyntaxMatchesRegexp checks each against the
// regular expression in its comment.

func isDigit(c byte) bool        { return c >= '0' && c <= '9' }
func isLower(c byte) bool        { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool        { return c >= 'A' && c <= 'Z' }
func isLowerAlnum(c byte) bool   { return isLower(c) || isDigit(c) }
func isAlnum(c byte) bool        { return isLower(c) || isUpper(c) || isDigit(c) }
func isHex(c byte) bool          { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isLowerHex(c byte) bool     { return isDigit(c) || c >= 'a' && c <= 'f' }
func isUpperAlnum(c byte) bool   { return isUpper(c) || isDigit(c) }
func isBase64Char(c byte) bool   { return isAlnum(c) || c == '+' || c == '/' }
func notNewline(s string) bool   { return !strings.ContainsAny(s, "\n") }
func nonEmptyLine(s string) bool { return s != "" && notNewline(s) }

func all(s string, f func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !f(s[i]) {
			return false
		}
	}
	return true
}

// digits: ^[0-9]+$
func digits(s string) bool { return s != "" && all(s, isDigit) }

// looksLikePlaceholder: [<>]|\$\{|\{\{|\}\}
func looksLikePlaceholder(s string) bool {
	return strings.ContainsAny(s, "<>") || strings.Contains(s, "${") || strings.Contains(s, "{{") || strings.Contains(s, "}}")
}

// uniqueID: ^(AIDA|AROA)[A-Z0-9]{12,}$
func uniqueID(s string) bool {
	return (strings.HasPrefix(s, "AIDA") || strings.HasPrefix(s, "AROA")) && len(s) >= 16 && all(s[4:], isUpperAlnum)
}

// iamResource: ^(root|user/.+|role/.+)$
func iamResource(s string) bool {
	if s == "root" {
		return true
	}
	for _, p := range []string{"user/", "role/"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return nonEmptyLine(rest)
		}
	}
	return false
}

// stsResource: ^(assumed-role/[^/]+/.+|federated-user/.+)$
func stsResource(s string) bool {
	if rest, ok := strings.CutPrefix(s, "federated-user/"); ok {
		return nonEmptyLine(rest)
	}
	rest, ok := strings.CutPrefix(s, "assumed-role/")
	if !ok {
		return false
	}
	role, session, ok := strings.Cut(rest, "/")
	return ok && role != "" && nonEmptyLine(session)
}

// servicePrincipal: ^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$
func servicePrincipal(s string) bool {
	for _, suffix := range []string{".amazonaws.com", ".amazonaws.com.cn"} {
		if name, ok := strings.CutSuffix(s, suffix); ok && name != "" && isLowerAlnum(name[0]) &&
			all(name, func(c byte) bool { return isLowerAlnum(c) || c == '.' || c == '-' }) {
			return true
		}
	}
	return false
}

// federatedProvider: ^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(saml-provider|oidc-provider)/.+$
func federatedProvider(s string) bool {
	a, ok := ParseARN(s)
	if !ok || !ValidPartition(a.Partition) || a.Service != "iam" || a.Region != "" || !awsid.Account(a.Account) {
		return false
	}
	for _, p := range []string{"saml-provider/", "oidc-provider/"} {
		if rest, ok := strings.CutPrefix(a.Resource, p); ok {
			return nonEmptyLine(rest)
		}
	}
	return false
}

// domainName: ^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$
func domainName(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || !isLowerAlnum(l[0]) || !isLowerAlnum(l[len(l)-1]) ||
			!all(l, func(c byte) bool { return isLowerAlnum(c) || c == '-' }) {
			return false
		}
	}
	return true
}

// canonicalUser: ^[0-9a-f]{64}$
func canonicalUser(s string) bool { return len(s) == 64 && all(s, isLowerHex) }

// organizationID: ^o-[a-z0-9]{10,32}$
func organizationID(s string) bool {
	rest, ok := strings.CutPrefix(s, "o-")
	return ok && len(rest) >= 10 && len(rest) <= 32 && all(rest, isLowerAlnum)
}

// organizationPath: ^o-[a-z0-9]{10,32}/
func organizationPath(s string) bool {
	org, _, ok := strings.Cut(s, "/")
	return ok && organizationID(org)
}

// prefixedID: ^PREFIX-[0-9a-zA-Z]+$ (vpce-, vpc-)
func prefixedID(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix+"-")
	return ok && rest != "" && all(rest, isAlnum)
}

// policyVariable: ^\$\{[^}]+\}$
func policyVariable(s string) bool {
	inner, ok := strings.CutPrefix(s, "${")
	if !ok {
		return false
	}
	inner, ok = strings.CutSuffix(inner, "}")
	return ok && inner != "" && !strings.Contains(inner, "}")
}

// decimal: ^-?[0-9]+(\.[0-9]+)?$
func decimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return digits(whole) && (!dot || digits(frac))
}

// isoDate: ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])
// (T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$
func isoDate(s string) bool {
	num := func(s string, lo, hi int) bool {
		if len(s) != 2 || !digits(s) {
			return false
		}
		n := int(s[0]-'0')*10 + int(s[1]-'0')
		return n >= lo && n <= hi
	}
	if len(s) < 10 || !digits(s[:4]) || s[4] != '-' || !num(s[5:7], 1, 12) || s[7] != '-' || !num(s[8:10], 1, 31) {
		return false
	}
	t := s[10:]
	if t == "" {
		return true
	}
	if len(t) < 6 || t[0] != 'T' || !num(t[1:3], 0, 23) || t[3] != ':' || !num(t[4:6], 0, 59) {
		return false
	}
	t = t[6:]
	if len(t) >= 3 && t[0] == ':' {
		if !num(t[1:3], 0, 59) {
			return false
		}
		t = t[3:]
		if len(t) > 0 && t[0] == '.' {
			n := 1
			for n < len(t) && isDigit(t[n]) {
				n++
			}
			if n == 1 {
				return false
			}
			t = t[n:]
		}
	}
	switch {
	case t == "" || t == "Z":
		return true
	case t[0] == '+' || t[0] == '-':
		z := t[1:]
		return len(z) == 4 && digits(z) || len(z) == 5 && digits(z[:2]) && z[2] == ':' && digits(z[3:])
	}
	return false
}

// ipv4CIDR: ^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}
// (25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?$
func ipv4CIDR(s string) bool {
	addr, bits, hasBits := strings.Cut(s, "/")
	if hasBits && !smallNumber(bits, 32) {
		return false
	}
	for k := range 4 {
		part, rest, more := strings.Cut(addr, ".")
		if more != (k < 3) || !smallNumber(part, 255) {
			return false
		}
		addr = rest
	}
	return true
}

// smallNumber: a decimal without leading zeros (but "0") no larger than max.
func smallNumber(s string, max int) bool {
	if s == "" || len(s) > 3 || !digits(s) || len(s) > 1 && s[0] == '0' {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n <= max
}

// hexGroup: [0-9A-Fa-f]{1,4}
func hexGroup(s string) bool { return len(s) >= 1 && len(s) <= 4 && all(s, isHex) }

// ipv6Full: ^([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}$
func ipv6Full(s string) bool {
	return strings.Count(s, ":") == 7 && hexGroups(s)
}

// ipv6Compressed: ^(([0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{1,4})?::(([0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{1,4})?$
func ipv6Compressed(s string) bool {
	// Every way of splitting s at a "::" into head and tail must give
	// groups; the regular expression tries each.
	for i := 0; i+2 <= len(s); i++ {
		if s[i:i+2] != "::" {
			continue
		}
		if hexGroups(s[:i]) && hexGroups(s[i+2:]) {
			return true
		}
	}
	return false
}

// hexGroups: (([0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{1,4})?
func hexGroups(s string) bool {
	if s == "" {
		return true
	}
	for {
		g, rest, more := strings.Cut(s, ":")
		if !hexGroup(g) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// arnValue: ^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$
func arnValue(s string) bool {
	a, ok := ParseARN(s)
	return ok && a.Partition != "" && nonEmptyLine(a.Resource)
}

// base64Value: ^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$
func base64Value(s string) bool {
	if len(s)%4 != 0 {
		return false
	}
	body := strings.TrimSuffix(s, "=")
	body = strings.TrimSuffix(body, "=")
	if len(s)-len(body) == 2 && len(s) >= 4 && s[len(s)-3] == '=' {
		return false
	}
	return all(body, isBase64Char)
}
