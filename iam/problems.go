package iam

import (
	"fmt"
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// What is wrong with one Action or Resource value of an MRAP policy, in
// one sentence for a finding: decided here, once per distinct value, so
// the rules that report it (action/unknown, resource/not-mrap,
// resource/alias-format) stay a lookup.

// mrapForm is how an MRAP ARN is written, for messages.
const mrapForm = "arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"

// ActionProblem says why an Action value (classified as info) names no S3
// action an MRAP policy can cover, or that it has a wildcard in its
// service name; "" when it is fine, and for a value holding a policy
// variable (variable/syntax explains that).
func (c *Catalog) ActionProblem(info ActionInfo) string {
	v := info.Value
	switch {
	case strings.Contains(v, "${"):
		return ""
	case info.Known && info.Service != "" && info.Service != "s3":
		_, name, _ := strings.Cut(v, ":")
		return fmt.Sprintf("%q has a wildcard in the service name, so it also matches other services' actions and a reader cannot tell which it means; only S3 actions reach an MRAP: write %q", v, "s3:"+name)
	case info.Known:
		return ""
	case !strings.Contains(v, ":"):
		return fmt.Sprintf("%q is not an action: actions are written service:Name, such as s3:GetObject", v)
	case info.Service != "" && info.Service != "s3":
		return fmt.Sprintf("%q is an action of service %q; a Multi-Region Access Point policy can only cover S3 actions (s3:...)", v, info.Service)
	case info.Wildcard:
		return fmt.Sprintf("%q matches no S3 action", v)
	}
	_, name, _ := strings.Cut(v, ":")
	if op := LookupOperation(name); op != nil {
		return fmt.Sprintf("%q is not an S3 action; %s is an API operation, which needs %s", v, op.Name, strings.Join(op.Actions, " and "))
	}
	if s := c.SuggestAction(v); s != "" {
		return fmt.Sprintf("%q is not an S3 action (did you mean %s?)", v, s)
	}
	return fmt.Sprintf("%q is not an S3 action", v)
}

// ResourceProblem says why a Resource value is not an MRAP ARN that names
// one MRAP of one account; "" when it is one, and when only its alias is
// wrong (AliasProblem).
func ResourceProblem(r string) string {
	if r == "*" {
		return fmt.Sprintf("Resource \"*\" is not the MRAP's ARN; name %s", mrapForm)
	}
	switch field := MRAPField(r); field {
	case "":
	case "alias":
		return "" // AliasProblem explains it
	default:
		return fmt.Sprintf("%q has ${...} in its %s: as a policy variable it makes the ARN name this MRAP only for requests whose value happens to match, and as a template placeholder it was left unfilled; write the fixed %s (%s)", r, field, field, mrapForm)
	}
	if !strings.HasPrefix(r, "arn:") {
		hint := ""
		if templateReference(r) {
			hint = " (an unresolved template reference?)"
		}
		return fmt.Sprintf("%q is not an ARN%s; an MRAP policy names %s", r, hint, mrapForm)
	}
	a, ok := ParseARN(r)
	if !ok {
		return fmt.Sprintf("%q is not a complete ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE); an MRAP policy names %s", r, mrapForm)
	}
	m, isMRAP := mrapFromARN(a)
	switch {
	case HasWildcard(a.Partition):
		return fmt.Sprintf("%q has a wildcard partition, so it would match ARNs of every partition; write aws (aws-cn or aws-us-gov in those partitions)", r)
	case !ValidPartition(a.Partition):
		return fmt.Sprintf("%q has partition %q, which is not an AWS partition", r, a.Partition)
	case strings.ToLower(a.Service) == "s3" && a.Service != "s3":
		return fmt.Sprintf("%q writes the service as %q; ARN service names are lower case: s3", r, a.Service)
	case HasWildcard(a.Service):
		return fmt.Sprintf("%q has a wildcard in its service (%q), so it would match other services' resources; an MRAP ARN names the service s3", r, a.Service)
	case a.Service != "s3":
		return fmt.Sprintf("%q is an ARN of service %q, not an S3 Multi-Region Access Point (%s)", r, a.Service, mrapForm)
	case HasWildcard(a.Region):
		return fmt.Sprintf("%q has a wildcard region; MRAP ARNs have no region: %s", r, mrapForm)
	case a.Account == "" && strings.HasPrefix(a.Resource, "accesspoint/"):
		return fmt.Sprintf("%q has no account; an MRAP ARN names the owner's 12-digit account ID: %s", r, mrapForm)
	case a.Region == "" && a.Account == "":
		return fmt.Sprintf("%q is a bucket ARN, which matches no request made through the MRAP; use %s (bucket ARNs belong in the bucket policy)", r, mrapForm)
	case a.Region != "" && strings.HasPrefix(a.Resource, "accesspoint/"):
		return fmt.Sprintf("%q is a regional access point ARN (region %q); MRAP ARNs have no region: %s", r, a.Region, mrapForm)
	case !isMRAP:
		return fmt.Sprintf("%q is not an MRAP ARN: MRAP ARNs have no region and look like %s", r, mrapForm)
	case HasWildcard(m.Account):
		return fmt.Sprintf("%q has a wildcard account, so it would match MRAPs of every account; name the owner's 12-digit account ID", r)
	case !awsid.Account(m.Account):
		return fmt.Sprintf("%q has account %q; the account part of an MRAP ARN is the owner's 12-digit account ID", r, m.Account)
	case m.Forms() == 0:
		return fmt.Sprintf("%q does not name objects the MRAP way: object ARNs are arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY", r)
	}
	return ""
}

// templateReference: r looks like a template expression left in the
// policy: ${...}, {{...}}, a Terraform reference (aws_s3_bucket.b.arn) or
// a CloudFormation function (Ref, !GetAtt, Sub).
func templateReference(r string) bool {
	if strings.Contains(r, "${") || strings.Contains(r, "{{") {
		return true
	}
	fn := strings.TrimPrefix(r, "!")
	for _, name := range []string{"Ref", "GetAtt", "Sub"} {
		if rest, ok := strings.CutPrefix(fn, name); ok && (rest == "" || !isWordChar(rest[0])) {
			return true
		}
	}
	// ^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_*\[\]-]+){2,}$
	parts := strings.Split(r, ".")
	if len(parts) < 3 || parts[0] == "" || !(isAlnum(parts[0][0]) && !isDigit(parts[0][0]) || parts[0][0] == '_') ||
		!all(parts[0], func(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }) {
		return false
	}
	for _, p := range parts[1:] {
		if p == "" || !all(p, func(c byte) bool { return isAlnum(c) || strings.IndexByte("_*[]-", c) >= 0 }) {
			return false
		}
	}
	return true
}

func isWordChar(c byte) bool { return isAlnum(c) || c == '_' }

// AliasProblem says why the alias of an MRAP ARN r is not an MRAP alias;
// "" when it is one, and when r is not an MRAP ARN (ResourceProblem).
func AliasProblem(r string) string {
	m, ok := ParseMRAPARN(r)
	if !ok || awsid.MRAPAlias(m.Alias) {
		return ""
	}
	alias := m.Alias
	lower := strings.ToLower(alias)
	switch {
	case alias == "":
		return fmt.Sprintf("%q has no alias after accesspoint/", r)
	case policyVariableAt(alias):
		return fmt.Sprintf("alias %q in %q is a policy variable, so the ARN names this MRAP only for requests whose value happens to be its alias; write the MRAP's alias, such as mfzwi23gnjvgw.mrap", alias, r)
	case HasWildcard(alias):
		return fmt.Sprintf("alias %q in %q is a wildcard; a policy on one MRAP names that MRAP's alias, such as mfzwi23gnjvgw.mrap", alias, r)
	case strings.ContainsAny(alias, "<>{}$") || containsAny(lower, "alias", "example", "placeholder", "your", "xxx"):
		return fmt.Sprintf("alias %q in %q looks like a placeholder; use the MRAP's alias, such as mfzwi23gnjvgw.mrap", alias, r)
	case mrapName(alias) && !strings.HasSuffix(alias, ".mrap"):
		return fmt.Sprintf("alias %q in %q looks like the MRAP's name; ARNs use its alias (lower-case letters and digits ending in .mrap), which AWS generates", alias, r)
	case strings.IndexFunc(alias, func(c rune) bool { return c >= 'A' && c <= 'Z' }) >= 0:
		return fmt.Sprintf("alias %q in %q has capital letters; MRAP aliases are lower case (^[a-z][a-z0-9]*\\.mrap$)", alias, r)
	}
	return fmt.Sprintf("alias %q in %q is not an MRAP alias (^[a-z][a-z0-9]*\\.mrap$, at most 63 characters)", alias, r)
}

// policyVariableAt: s holds a policy variable on a service's key:
// \$\{[a-z0-9-]+:[A-Za-z]
func policyVariableAt(s string) bool {
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return false
		}
		rest = rest[i+2:]
		n := 0
		for n < len(rest) && (isLowerAlnum(rest[n]) || rest[n] == '-') {
			n++
		}
		if n > 0 && n+1 < len(rest) && rest[n] == ':' && (isLower(rest[n+1]) || isUpper(rest[n+1])) {
			return true
		}
	}
}

// mrapName: ^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$, the shape of an MRAP's name.
func mrapName(s string) bool {
	return len(s) >= 3 && len(s) <= 50 && isLowerAlnum(s[0]) && isLowerAlnum(s[len(s)-1]) &&
		all(s, func(c byte) bool { return isLowerAlnum(c) || c == '-' })
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
