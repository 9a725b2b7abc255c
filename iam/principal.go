package iam

import (
	"fmt"
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// PrincipalTypes are the principal types IAM defines, sorted.
var PrincipalTypes = []string{"AWS", "CanonicalUser", "Federated", "Service"}

// PrincipalAccount returns the 12-digit account an AWS principal value
// belongs to: the value itself when it is an account ID, else the account
// field of an ARN when that is 12 digits; "" otherwise.
func PrincipalAccount(v string) string {
	if awsid.Account(v) {
		return v
	}
	if a, ok := ParseARN(v); ok && awsid.Account(a.Account) {
		return a.Account
	}
	return ""
}

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
		if !canonicalUser(v) {
			return "a canonical user ID is 64 hexadecimal digits"
		}
	}
	return ""
}

func awsPrincipalProblem(v string) string {
	switch {
	case v == "*" || awsid.Account(v):
		return ""
	case looksLikePlaceholder(v):
		return "it looks like a placeholder"
	case digits(v):
		return "an account ID has exactly 12 digits"
	case strings.HasPrefix(v, "arn:") && HasWildcard(v):
		return `wildcards are not allowed inside a principal ARN; use "*" alone with a condition`
	case strings.HasPrefix(v, "arn:"):
		return principalARNProblem(v)
	case uniqueID(v):
		// Unique IDs appear where a principal was deleted after the policy
		// was written; AWS keeps them, so they are not malformed.
		return ""
	}
	return `it is neither "*", a 12-digit account ID nor an IAM or STS ARN`
}

// UniqueIDKind reports what an AWS principal value that is an IAM unique
// ID names: "role" for a role ID (AROA...), "user" for a user ID
// (AIDA...), "" for anything else. AWS writes the unique ID in place of an
// ARN whose role or user was deleted; a role or user created again under
// the same name gets a new ID, so the value matches nobody any more.
func UniqueIDKind(v string) string {
	switch {
	case !uniqueID(v):
		return ""
	case strings.HasPrefix(v, "AROA"):
		return "role"
	}
	return "user"
}

func principalARNProblem(v string) string {
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
	case !awsid.Account(a.Account) && !cloudFrontOAI(a):
		return fmt.Sprintf("account %q is not a 12-digit account ID", a.Account)
	case a.Service == "iam" && !strings.Contains(a.Resource, "/") && a.Resource != "root":
		return fmt.Sprintf("%q has no resource type: use root, user/NAME or role/NAME", a.Resource)
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "group/"):
		return "an IAM group cannot be a principal; name its users or a role"
	case a.Service == "iam" && !iamResource(a.Resource) && !cloudFrontOAI(a):
		return fmt.Sprintf("%q is not a principal resource type (root, user/, role/)", a.Resource)
	case a.Service == "sts" && !stsResource(a.Resource):
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
	case looksLikePlaceholder(v):
		return "it looks like a placeholder"
	case v == "*":
		return ""
	case HasWildcard(v):
		return "wildcards are not allowed in a service principal"
	case !servicePrincipal(v):
		return "a service principal is a service's DNS name, such as cloudfront.amazonaws.com"
	}
	return ""
}

func federatedPrincipalProblem(v string) string {
	switch {
	case looksLikePlaceholder(v):
		return "it looks like a placeholder"
	case HasWildcard(v):
		return "wildcards are not allowed in a federated principal"
	case !federatedProvider(v) && !domainName(v):
		return "a federated principal is a SAML or OIDC provider ARN or an identity provider's domain"
	}
	return ""
}
