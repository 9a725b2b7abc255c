package policy

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
)

// accessNarrowingKeys are the condition keys (lower case) that, with a fixed value
// and a positive operator, confine a wildcard principal to callers the owner
// names: an organization, an account, a network path or a source resource.
// aws:Referer, aws:UserAgent, aws:SecureTransport and the like are absent on
// purpose: any caller can satisfy them.
var accessNarrowingKeys = map[string]bool{
	"aws:principalorgid":        true,
	"aws:principalorgpaths":     true,
	"aws:principalaccount":      true,
	"aws:sourceaccount":         true,
	"aws:sourcevpce":            true,
	"aws:sourcevpc":             true,
	"aws:sourcearn":             true,
	"aws:principalarn":          true,
	"s3:dataaccesspointarn":     true,
	"s3:dataaccesspointaccount": true,
}

// accessARNKeys hold ARNs: they narrow when the account field is fixed, even if the
// resource part has wildcards (arn:aws:iam::111122223333:role/*).
var accessARNKeys = map[string]bool{
	"aws:sourcearn":         true,
	"aws:principalarn":      true,
	"s3:dataaccesspointarn": true,
}

// accessPositiveOperators are the operators that can narrow: the key must be
// present and match one of the values. Operator names are case-sensitive in
// IAM, so "stringequals" is not one of them.
var accessPositiveOperators = map[string]bool{
	"StringEquals":           true,
	"StringEqualsIgnoreCase": true,
	"StringLike":             true,
	"ArnEquals":              true,
	"ArnLike":                true,
}

// Public reports whether s grants access to anyone: an Allow whose principal
// is a wildcard ("*" in any shape, or NotPrincipal) with no condition that
// narrows it to known callers. The reason says why in one line, for both
// answers.
//
// A condition narrows when its operator is one of StringEquals,
// StringEqualsIgnoreCase, StringLike, ArnEquals, ArnLike (optionally with the
// ForAnyValue: prefix), without the IfExists suffix (an absent key would
// pass), on one of aws:PrincipalOrgID, aws:PrincipalOrgPaths,
// aws:PrincipalAccount, aws:SourceAccount, aws:SourceVpce, aws:SourceVpc,
// aws:SourceArn, aws:PrincipalArn, s3:DataAccessPointArn,
// s3:DataAccessPointAccount (keys compared case-insensitively), and every
// value is fixed: no wildcard or policy variable, except that an ARN value may
// have wildcards after a fixed 12-digit account and an organization path may
// have them after a fixed organization ID. Negated operators, ForAllValues:
// (true when the key is absent) and any other key do not narrow.
//
// This is the model mrapguard uses to predict that AWS refuses a policy on a
// Multi-Region Access Point that blocks public policies; it errs towards
// "public".
func Public(s Statement) (bool, string) {
	if s.Effect != "Allow" {
		return false, fmt.Sprintf("effect %q grants nothing", s.Effect)
	}
	who := accessWildcardPrincipal(s)
	if who == "" {
		return false, "principal names specific callers"
	}
	if key, op, ok := accessNarrowingCondition(s.Condition); ok {
		return false, fmt.Sprintf("%s narrowed by condition %s %s", who, op, key)
	}
	return true, who + " with no condition narrowing it to known callers"
}

// accessWildcardPrincipal describes the wildcard that makes the principal anyone,
// or returns "".
func accessWildcardPrincipal(s Statement) string {
	if s.Principal == nil && s.NotPrincipal != nil {
		return "NotPrincipal (everyone but the listed principals)"
	}
	for _, typ := range accessSortedKeys(s.Principal) {
		for _, v := range s.Principal[typ] {
			if v == "*" {
				if typ == "AWS" {
					return "principal *"
				}
				return fmt.Sprintf("principal %s *", typ)
			}
			if strings.ContainsAny(v, "*?") {
				return fmt.Sprintf("principal %s %s (wildcard)", typ, v)
			}
		}
	}
	return ""
}

// accessNarrowingCondition returns the first (in sorted order, for a stable
// reason) condition that narrows a wildcard principal.
func accessNarrowingCondition(c Condition) (key, op string, ok bool) {
	for _, op := range accessSortedKeys(c) {
		base := strings.TrimPrefix(op, "ForAnyValue:")
		if !accessPositiveOperators[base] {
			continue
		}
		for _, key := range accessSortedKeys(c[op]) {
			lk := strings.ToLower(key)
			if !accessNarrowingKeys[lk] {
				continue
			}
			vals := c[op][key]
			if len(vals) == 0 {
				continue
			}
			fixed := true
			for _, v := range vals {
				if !accessFixedValue(lk, v) {
					fixed = false
					break
				}
			}
			if fixed {
				return key, op, true
			}
		}
	}
	return "", "", false
}

// awsExtraNarrowingKeys are keys that AWS's own definition of "public" (S3
// Block Public Access) accepts on top of the ones Public does: with fixed
// values they make a wildcard principal non-public to AWS, although anyone
// who can send from that network or hold that key still gets in.
var awsExtraNarrowingKeys = map[string]bool{
	"aws:sourceowner": true,
	"aws:userid":      true,
	"s3:x-amz-server-side-encryption-aws-kms-key-id": true,
}

// PublicToAWS predicts whether AWS considers s public under S3 Block Public
// Access, which decides whether an MRAP that blocks public policies refuses
// the policy. It is Public plus AWS's additional narrowing conditions: a set
// of CIDR blocks on aws:SourceIp (IpAddress; no broader than /8 for IPv4 and
// /32 for IPv6) and fixed values of aws:SourceOwner, aws:userid and
// s3:x-amz-server-side-encryption-aws-kms-key-id. mrapguard's lint rule
// principal/public stays with Public: an IP range is not a caller identity.
func PublicToAWS(s Statement) (bool, string) {
	public, why := Public(s)
	if !public {
		return false, why
	}
	for _, op := range accessSortedKeys(s.Condition) {
		base := strings.TrimPrefix(op, "ForAnyValue:")
		for _, key := range accessSortedKeys(s.Condition[op]) {
			lk, vals := strings.ToLower(key), s.Condition[op][key]
			if len(vals) == 0 {
				continue
			}
			ok := false
			switch {
			case lk == "aws:sourceip" && base == "IpAddress":
				ok = slices.IndexFunc(vals, func(v string) bool { return !narrowCIDR(v) }) < 0
			case awsExtraNarrowingKeys[lk] && accessPositiveOperators[base]:
				ok = slices.IndexFunc(vals, func(v string) bool { return v == "" || !accessLiteral(v) }) < 0
			}
			if ok {
				return false, fmt.Sprintf("%s narrowed by condition %s %s (AWS's definition of public)", strings.TrimSuffix(why, " with no condition narrowing it to known callers"), op, key)
			}
		}
	}
	return true, why
}

// narrowCIDR: an address, or a CIDR block no broader than AWS accepts as
// non-public.
func narrowCIDR(v string) bool {
	if a, err := netip.ParseAddr(v); err == nil {
		return a.IsValid()
	}
	p, err := netip.ParsePrefix(v)
	if err != nil {
		return false
	}
	if p.Addr().Is4() {
		return p.Bits() >= 8
	}
	return p.Bits() >= 32
}

func accessFixedValue(key, v string) bool {
	switch {
	case accessARNKeys[key]:
		// arn:partition:service:region:account:resource
		parts := strings.SplitN(v, ":", 6)
		if len(parts) == 6 && accessIsAccountID(parts[4]) && accessLiteral(strings.Join(parts[:5], ":")) {
			return true
		}
	case key == "aws:principalorgpaths":
		// o-xxxxxxxxxx/r-xxxx/ou-…/: the organization must be fixed.
		org, _, _ := strings.Cut(v, "/")
		if org != "" && accessLiteral(org) {
			return true
		}
	}
	return v != "" && accessLiteral(v)
}

// accessLiteral reports whether v has no wildcard and no policy variable.
func accessLiteral(v string) bool {
	return !strings.ContainsAny(v, "*?") && !strings.Contains(v, "${")
}

func accessIsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func accessSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
