package iam

import (
	"fmt"
	"strings"
)

// A service principal (cloudfront.amazonaws.com) calls on behalf of
// whichever resource or account configured it, in any account. A grant to
// one is narrowed to the owner's own use only by a condition on the
// source the service acts for: aws:SourceArn, aws:SourceAccount,
// aws:SourceOrgID or aws:SourceOrgPaths. Without one, another account can
// point the same service at the owner's data (the confused deputy
// problem).

// RestrictsSource reports whether one condition entry (operator, key,
// values) pins the source a service principal acts for to parties the
// owner names, and why or why not: a positive String or Arn operator on
// aws:SourceArn or aws:SourceAccount with fixed values (see PinsCaller),
// or on aws:SourceOrgID or aws:SourceOrgPaths with organization IDs or
// paths.
func RestrictsSource(op, key string, values []string) (bool, string) {
	switch lk := strings.ToLower(key); lk {
	case "aws:sourcearn", "aws:sourceaccount":
		return PinsCaller(op, key, values)
	case "aws:sourceorgid", "aws:sourceorgpaths":
		o, known := ParseOperator(op)
		fixed := len(values) > 0
		for _, v := range values {
			if lk == "aws:sourceorgid" && !organizationID(v) || lk == "aws:sourceorgpaths" && !organizationPath(v) {
				fixed = false
			}
		}
		switch {
		case known && o.Positive() && o.Family == "String" && fixed:
			return true, fmt.Sprintf("%s on %s names a fixed organization", op, key)
		case known && !o.Positive():
			return false, fmt.Sprintf("%s on %s does not require the source to be in the organizations listed", op, key)
		}
		return false, fmt.Sprintf("the %s value %s is not a fixed organization", key, quoteValues(values))
	}
	pins, why := PinsCaller(op, key, values)
	if pins {
		return false, fmt.Sprintf("%s on %s names the caller, not the source the service acts for", op, key)
	}
	return false, why
}

// ServicePrincipalLacks reports whether requests a service principal
// makes itself never carry the condition key (any case): the keys that
// describe an IAM identity or its organization (aws:PrincipalOrgID,
// aws:PrincipalOrgPaths, aws:PrincipalTag/..., aws:username,
// aws:FederatedProvider, aws:SourceIdentity).
func ServicePrincipalLacks(key string) bool {
	switch lookupKey(key) {
	case "aws:principalorgid", "aws:principalorgpaths", "aws:principaltag/*", "aws:username",
		"aws:federatedprovider", "aws:sourceidentity":
		return true
	}
	return false
}
