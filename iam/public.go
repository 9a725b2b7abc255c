package iam

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/mrapguard/mrapguard/policy"
)

// The two notions of "public". They answer different questions and both
// are right for their own: a statement with Principal "*" and a fixed
// aws:SourceIp condition is open (anyone on that network gets in, whoever
// they are) but not public to AWS (Block Public Access accepts an IP range
// as a restriction).

// Open reports whether statement s lets in callers the owner does not
// control: an Allow whose principal is a wildcard ("*" of any principal
// type, a value with a wildcard, or NotPrincipal: everyone but the listed
// principals) with no condition that pins the caller to parties the owner
// names (see PinsCaller). The reason says why in one line, for both
// answers. This is what lint's principal/public reports.
func Open(s policy.Statement) (bool, string) {
	who, narrow, why := openness(s)
	switch {
	case who == "":
		return false, why
	case narrow != "":
		return false, who + " narrowed by condition " + narrow
	}
	return true, who + " with no condition narrowing it to known callers"
}

// PublicToAWS predicts whether AWS considers statement s public under S3
// Block Public Access, which decides whether an MRAP that blocks public
// policies refuses the policy. It is Open with AWS's additional
// restrictions: a set of CIDR blocks on aws:SourceIp (IpAddress; none
// broader than /8 for IPv4 or /32 for IPv6) and fixed values of
// aws:SourceOwner, aws:userid and
// s3:x-amz-server-side-encryption-aws-kms-key-id. It errs towards
// "public". This is what the apply guard uses.
func PublicToAWS(s policy.Statement) (bool, string) {
	open, why := Open(s)
	if !open {
		return false, why
	}
	for _, op := range slices.Sorted(maps.Keys(s.Condition)) {
		for _, key := range slices.Sorted(maps.Keys(s.Condition[op])) {
			if awsPinsCaller(op, key, s.Condition[op][key]) {
				return false, fmt.Sprintf("S3 Block Public Access accepts %s on %s as a restriction", op, key)
			}
		}
	}
	return true, why
}

// openness describes the wildcard that lets in anyone (who, "" when the
// statement does not), the first condition (in sorted order, for a stable
// reason) that pins the caller ("OPERATOR KEY", or ""), and, when who is
// "", why the statement is not open.
func openness(s policy.Statement) (who, narrow, why string) {
	if s.Effect != "Allow" {
		return "", "", fmt.Sprintf("effect %q grants nothing", s.Effect)
	}
	who = wildcardPrincipal(s)
	if who == "" {
		return "", "", "principal names specific callers"
	}
	for _, op := range slices.Sorted(maps.Keys(s.Condition)) {
		for _, key := range slices.Sorted(maps.Keys(s.Condition[op])) {
			if ok, _ := PinsCaller(op, key, s.Condition[op][key]); ok {
				return who, op + " " + key, ""
			}
		}
	}
	return who, "", ""
}

// wildcardPrincipal describes the wildcard that makes the principal
// anyone, or returns "".
func wildcardPrincipal(s policy.Statement) string {
	typ, v, not, ok := WildcardPrincipal(s)
	switch {
	case !ok:
		return ""
	case not:
		return "NotPrincipal (everyone but the listed principals)"
	case v == "*" && typ == "AWS":
		return "principal *"
	case v == "*":
		return fmt.Sprintf("principal %s *", typ)
	}
	return fmt.Sprintf("principal %s %s (wildcard)", typ, v)
}

// WildcardPrincipal returns the principal that makes the statement's
// principal "anyone": NotPrincipal (when there is no Principal), else the
// type and value of the first "*" (AWS first, then the other types in
// sorted order), else of the first value holding a wildcard. ok is false
// when the principal names specific callers.
func WildcardPrincipal(s policy.Statement) (typ, value string, notPrincipal, ok bool) {
	if s.Principal == nil && s.NotPrincipal != nil {
		return "", "", true, true
	}
	types := slices.Sorted(maps.Keys(s.Principal))
	for _, t := range types {
		for _, v := range s.Principal[t] {
			if v == "*" {
				return t, v, false, true
			}
		}
	}
	for _, t := range types {
		for _, v := range s.Principal[t] {
			if HasWildcard(v) {
				return t, v, false, true
			}
		}
	}
	return "", "", false, false
}

// Subject describes in words who an open statement lets in, for messages
// (`any principal ("*")`, `everyone but the principals in NotPrincipal`...),
// and whether that includes anonymous callers (Principal "*" and
// NotPrincipal do; a wildcard ARN or a service "*" does not). "" when the
// principal is not a wildcard.
func Subject(s policy.Statement) (who string, anonymous bool) {
	w := wildcardPrincipal(s)
	switch {
	case w == "principal *":
		return `any principal ("*")`, true
	case strings.HasPrefix(w, "NotPrincipal"):
		return "everyone but the principals in NotPrincipal", true
	case strings.HasSuffix(w, " *"):
		return fmt.Sprintf(`any %s principal ("*")`, strings.TrimSuffix(strings.TrimPrefix(w, "principal "), " *")), false
	case w != "":
		typ, v, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(w, "principal "), " (wildcard)"), " ")
		return fmt.Sprintf("any %s principal matching %q", typ, v), false
	}
	return "", false
}

// ConditionReasons returns why each condition of s does or does not pin
// the caller (see PinsCaller), sorted and without repeats: for an open
// statement, the reasons none of its conditions narrows it.
func ConditionReasons(s policy.Statement) []string {
	seen := map[string]bool{}
	var out []string
	for op, keys := range s.Condition {
		for key, values := range keys {
			_, why := PinsCaller(op, key, values)
			if !seen[why] {
				seen[why] = true
				out = append(out, why)
			}
		}
	}
	sort.Strings(out)
	return out
}
