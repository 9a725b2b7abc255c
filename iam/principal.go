package iam

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// PrincipalTypes are the principal types IAM defines, sorted.
var PrincipalTypes = []string{"AWS", "CanonicalUser", "Federated", "Service"}

// PrincipalAccount returns the 12-digit account an AWS principal value
// belongs to: the value itself when it is an account ID, else the account
// field of an ARN when that is 12 digits; "" otherwise.
func PrincipalAccount(v string) string {
	if IsAccountID(v) {
		return v
	}
	if a, ok := ParseARN(v); ok && IsAccountID(a.Account) {
		return a.Account
	}
	return ""
}

// Regular expressions are compiled on first use, so a process that never
// checks a principal never pays for them.
var principalRE = sync.OnceValue(func() map[string]*regexp.Regexp {
	return map[string]*regexp.Regexp{
		"placeholder": regexp.MustCompile(`[<>]|\$\{|\{\{|\}\}`),
		"uniqueID":    regexp.MustCompile(`^(AIDA|AROA)[A-Z0-9]{12,}$`),
		"iamResource": regexp.MustCompile(`^(root|user/.+|role/.+)$`),
		"stsResource": regexp.MustCompile(`^(assumed-role/[^/]+/.+|federated-user/.+)$`),
		"service":     regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`),
		"federated":   regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(saml-provider|oidc-provider)/.+$`),
		"domain":      regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`),
		"canonical":   regexp.MustCompile(`^[0-9a-f]{64}$`),
		"digits":      regexp.MustCompile(`^[0-9]+$`),
	}
})

// PrincipalProblem returns why a principal value of type typ (AWS,
// Service, Federated, CanonicalUser) is malformed, or "" when it is
// well formed. An unknown type gives "".
func PrincipalProblem(typ, v string) string {
	switch typ {
	case "AWS":
		return awsPrincipalProblem(v)
	case "Service":
		return servicePrincipalProblem(v)
	case "Federated":
		return federatedPrincipalProblem(v)
	case "CanonicalUser":
		if !principalRE()["canonical"].MatchString(v) {
			return "a canonical user ID is 64 hexadecimal digits"
		}
	}
	return ""
}

func placeholder(v string) bool { return principalRE()["placeholder"].MatchString(v) }

func awsPrincipalProblem(v string) string {
	re := principalRE()
	switch {
	case v == "*" || IsAccountID(v):
		return ""
	case placeholder(v):
		return "it looks like a placeholder"
	case re["digits"].MatchString(v):
		return "an account ID has exactly 12 digits"
	case strings.HasPrefix(v, "arn:") && HasWildcard(v):
		return `wildcards are not allowed inside a principal ARN; use "*" alone with a condition`
	case strings.HasPrefix(v, "arn:"):
		return principalARNProblem(v)
	case re["uniqueID"].MatchString(v):
		// Unique IDs appear where a principal was deleted after the policy
		// was written; AWS keeps them, so they are not malformed.
		return ""
	}
	return `it is neither "*", a 12-digit account ID nor an IAM or STS ARN`
}

func principalARNProblem(v string) string {
	re := principalRE()
	a, ok := ParseARN(v)
	switch {
	case !ok:
		return "it is not a complete ARN (arn:aws:iam::ACCOUNT:TYPE/NAME)"
	case !ValidPartition(a.Partition):
		return fmt.Sprintf("partition %q is not an AWS partition", a.Partition)
	case a.Service != "iam" && a.Service != "sts":
		return fmt.Sprintf("service %q cannot be a principal; use iam or sts", a.Service)
	case a.Region != "":
		return "IAM and STS ARNs have no region"
	case !IsAccountID(a.Account) && !cloudFrontOAI(a):
		return fmt.Sprintf("account %q is not a 12-digit account ID", a.Account)
	case a.Service == "iam" && !strings.Contains(a.Resource, "/") && a.Resource != "root":
		return fmt.Sprintf("%q has no resource type: use root, user/NAME or role/NAME", a.Resource)
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "group/"):
		return "an IAM group cannot be a principal; name its users or a role"
	case a.Service == "iam" && !re["iamResource"].MatchString(a.Resource) && !cloudFrontOAI(a):
		return fmt.Sprintf("%q is not a principal resource type (root, user/, role/)", a.Resource)
	case a.Service == "sts" && !re["stsResource"].MatchString(a.Resource):
		return fmt.Sprintf("%q is not an STS principal (assumed-role/ROLE/SESSION or federated-user/NAME)", a.Resource)
	}
	return ""
}

// cloudFrontOAI: a CloudFront origin access identity, whose ARN has
// "cloudfront" where the account goes.
func cloudFrontOAI(a ARN) bool {
	return a.Service == "iam" && a.Account == "cloudfront" && strings.HasPrefix(a.Resource, "user/CloudFront Origin Access Identity ")
}

func servicePrincipalProblem(v string) string {
	switch {
	case placeholder(v):
		return "it looks like a placeholder"
	case v == "*":
		return ""
	case HasWildcard(v):
		return "wildcards are not allowed in a service principal"
	case !principalRE()["service"].MatchString(v):
		return "a service principal is a service's DNS name, such as cloudfront.amazonaws.com"
	}
	return ""
}

func federatedPrincipalProblem(v string) string {
	re := principalRE()
	switch {
	case placeholder(v):
		return "it looks like a placeholder"
	case HasWildcard(v):
		return "wildcards are not allowed in a federated principal"
	case !re["federated"].MatchString(v) && !re["domain"].MatchString(v):
		return "a federated principal is a SAML or OIDC provider ARN or an identity provider's domain"
	}
	return ""
}
