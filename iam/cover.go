package iam

import (
	"slices"
	"strings"

	"github.com/mrapguard/mrapguard/policy"
)

// Containment of one statement's elements in another's, as the diff and
// the redundancy rules ask it: does what one element matches already fall
// within what the other matches?

// PrincipalCovered reports whether the principal (typ, v) is among other's
// (principal type -> values): "*" as an AWS principal covers every
// principal; otherwise a principal covers only itself (an account root does
// not cover the account's roles, which a resource policy can grant
// directly).
func PrincipalCovered[S ~map[string]struct{}](typ, v string, other map[string]S) Tri {
	if _, ok := other["AWS"]["*"]; ok {
		return Yes
	}
	if _, ok := other[typ][v]; ok {
		return Yes
	}
	return No
}

// ActionCovered reports whether action pattern q is covered by the
// patterns of set (action names compare case-insensitively); when it is
// not, or only per the catalog, it also lists the catalogued actions q
// matches: those set does not match (No), or all of them when set matches
// every one (Yes per the catalog: q may still match actions AWS adds
// later). Where the catalog cannot speak for q's service, the patterns
// decide.
func (c *Catalog) ActionCovered(q string, set map[string]struct{}) (Tri, []string) {
	if !HasWildcard(q) {
		return CoveredBy(q, set, true, false), nil
	}
	for p := range set {
		if Covers(p, q, true, false) == Yes {
			return Yes, nil
		}
	}
	var missing []string
	exp := c.Expand(q)
	for _, act := range exp {
		hit := false
		for p := range set {
			if MatchFold(p, act.Name) {
				hit = true
				break
			}
		}
		if !hit {
			missing = append(missing, act.Name)
		}
	}
	switch {
	case len(missing) > 0:
		return No, missing
	case c.Knows(q) && len(exp) > 0:
		// Every action the catalog knows for q is already there.
		names := make([]string, 0, len(exp))
		for _, act := range exp {
			names = append(names, act.Name)
		}
		return Yes, names
	case c.Knows(q):
		return Maybe, nil
	}
	// The catalog cannot speak for q's services: fall back to patterns.
	return CoveredBy(q, set, true, false), nil
}

// ConditionImplied reports whether every request that satisfies condition
// a also satisfies condition b, judged entry by entry: each entry of b
// (operator, key, values) is implied by an entry of a on the same operator
// and key (case-insensitively) with no more values, for a negated operator
// no fewer; or it holds for every request: a StringLike or ArnLike pattern
// "*" under IfExists, or without IfExists when a also requires the key
// (a positive, non-IfExists operator other than Null on it). wildcard
// reports that such a "*" was needed. A false answer means "not shown",
// not "not implied".
func ConditionImplied(b, a policy.Condition) (implied, wildcard bool) {
	for op, keys := range b {
		o, known := ParseOperator(op)
		if !known {
			return false, false
		}
		for key, values := range keys {
			switch {
			case entryImplied(a, op, o, key, values):
			case matchesAny(o, values) && (o.IfExists || requires(a, key)):
				wildcard = true
			default:
				return false, false
			}
		}
	}
	return true, wildcard
}

// entryImplied: a has an entry with the same operator and key whose values
// make b's entry (o, values) hold: a subset of b's values (IAM matches any
// of them), or for a negated operator a superset (none may match).
func entryImplied(a policy.Condition, op string, o Operator, key string, values []string) bool {
	for k, av := range a[op] {
		if !strings.EqualFold(k, key) {
			continue
		}
		inner, outer := av, values
		if o.Negated {
			inner, outer = values, av
		}
		if len(inner) > 0 && subset(inner, outer) {
			return true
		}
	}
	return false
}

func subset(inner, outer []string) bool {
	for _, v := range inner {
		if !slices.Contains(outer, v) {
			return false
		}
	}
	return true
}

// matchesAny: a StringLike or ArnLike entry (no set prefix) with the
// pattern "*", which every present value matches.
func matchesAny(o Operator, values []string) bool {
	return (o.Base == "StringLike" || o.Base == "ArnLike") && o.Set == "" && slices.Contains(values, "*")
}

// requires: condition a is false for requests without key: some entry on
// key has a positive operator without IfExists other than Null, or is
// Null with the value false.
func requires(a policy.Condition, key string) bool {
	for op, keys := range a {
		o, known := ParseOperator(op)
		if !known || o.Negated || o.IfExists || o.Set == ForAllValues {
			continue
		}
		for k, values := range keys {
			if strings.EqualFold(k, key) && (o.Family != "Null" || len(values) > 0 && !slices.ContainsFunc(values, func(v string) bool { return v != "false" })) {
				return true
			}
		}
	}
	return false
}
