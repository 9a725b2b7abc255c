package iam

import (
	"sort"
	"strings"
)

// Key is a condition key a request through an MRAP can carry: a global key
// (aws:...) or an S3 key (s3:...).
type Key struct {
	lookup string
	Name   string // canonical spelling; tag keys keep the catalog's placeholder (aws:PrincipalTag/tag-key)
	Type   string // String, ARN, Numeric, Date, Bool, IPAddress, ArrayOfString...
	Global bool   // a global key (aws:...), present whatever the action
	// Carriers lists, for S3 keys that only some actions carry, the
	// lower-case names of those actions; nil when nearly every action
	// carries the key (and for global keys).
	Carriers []string
}

// MultiValued reports whether a request can carry several values of the
// key (the ForAllValues:/ForAnyValue: prefixes are meant for these).
func (k *Key) MultiValued() bool { return strings.HasPrefix(k.Type, "ArrayOf") }

// BaseType is the key's type without the ArrayOf prefix.
func (k *Key) BaseType() string { return strings.TrimPrefix(k.Type, "ArrayOf") }

// LookupKey returns the global or S3 condition key named name (any case;
// a tag key such as aws:PrincipalTag/Team matches its prefix/* pattern), or
// nil. Global keys are looked up first.
func LookupKey(name string) *Key {
	lk := lookupKey(name)
	if lk == "" {
		return nil
	}
	for _, table := range [][]Key{globalConditionKeys, s3ConditionKeys} {
		i := sort.Search(len(table), func(i int) bool { return table[i].lookup >= lk })
		if i < len(table) && table[i].lookup == lk {
			return &table[i]
		}
	}
	return nil
}

// lookupKey is the lower-case key under which a condition key is stored: a
// tag key (prefix/tag) becomes "prefix/*". A key ending in "/" has no
// lookup key.
func lookupKey(k string) string {
	if i := strings.IndexByte(k, '/'); i >= 0 {
		if i == 0 || i == len(k)-1 {
			return ""
		}
		k = k[:i] + "/*"
	}
	return strings.ToLower(k)
}

// KeyNames returns the canonical names of the known global and S3 keys
// that are not tag-key patterns, for "did you mean" hints.
func KeyNames() []string {
	var out []string
	for _, table := range [][]Key{globalConditionKeys, s3ConditionKeys} {
		for _, k := range table {
			if !strings.Contains(k.Name, "/") {
				out = append(out, k.Name)
			}
		}
	}
	return out
}

// Applies reports whether some action among actions (exact names or
// patterns, as written in a statement) carries the S3 key k, so a condition
// on it can ever be evaluated. It is true when the key is global or carried
// by nearly every action, and when no action of the list is known (there is
// nothing to judge by).
func (k *Key) Applies(c *Catalog, actions []string) bool {
	matches := make([][]*Action, len(actions))
	for i, a := range actions {
		matches[i] = c.Classify(a).Matches
	}
	return k.AppliesTo(matches...)
}

// AppliesTo is Applies for actions already classified: the Matches of
// each action value.
func (k *Key) AppliesTo(matches ...[]*Action) bool {
	if k.Global || k.Carriers == nil {
		return true
	}
	known := false
	for _, m := range matches {
		for _, act := range m {
			known = true
			if act.Carries(k.lookup) {
				return true
			}
		}
	}
	return !known
}
