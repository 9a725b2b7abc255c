package diff

import (
	"strings"

	"github.com/mrapguard/mrapguard/iam"
)

type matchKind uint8

const (
	mExact  matchKind = iota // the value itself
	mFold                    // the value in any letter case
	mGlob                    // the value as a * ? pattern
	mOpaque                  // numbers, dates, booleans, IP ranges, binary, Null: compared as text only
)

type family uint8

const (
	famString family = iota + 1
	famARN
	famOpaque
)

// opInfo is a parsed condition operator, e.g. ForAllValues:StringLikeIfExists.
type opInfo struct {
	known    bool
	prefix   string // "", "ForAllValues:" or "ForAnyValue:"
	base     string // StringLike
	ifExists bool
	fam      family
	negated  bool
	match    matchKind
}

var baseOps = map[string]struct {
	fam     family
	negated bool
	match   matchKind
}{
	"StringEquals":              {famString, false, mExact},
	"StringNotEquals":           {famString, true, mExact},
	"StringEqualsIgnoreCase":    {famString, false, mFold},
	"StringNotEqualsIgnoreCase": {famString, true, mFold},
	"StringLike":                {famString, false, mGlob},
	"StringNotLike":             {famString, true, mGlob},
	"ArnEquals":                 {famARN, false, mGlob},
	"ArnLike":                   {famARN, false, mGlob},
	"ArnNotEquals":              {famARN, true, mGlob},
	"ArnNotLike":                {famARN, true, mGlob},
	"NumericEquals":             {famOpaque, false, mOpaque},
	"NumericNotEquals":          {famOpaque, true, mOpaque},
	"NumericLessThan":           {famOpaque, false, mOpaque},
	"NumericLessThanEquals":     {famOpaque, false, mOpaque},
	"NumericGreaterThan":        {famOpaque, false, mOpaque},
	"NumericGreaterThanEquals":  {famOpaque, false, mOpaque},
	"DateEquals":                {famOpaque, false, mOpaque},
	"DateNotEquals":             {famOpaque, true, mOpaque},
	"DateLessThan":              {famOpaque, false, mOpaque},
	"DateLessThanEquals":        {famOpaque, false, mOpaque},
	"DateGreaterThan":           {famOpaque, false, mOpaque},
	"DateGreaterThanEquals":     {famOpaque, false, mOpaque},
	"Bool":                      {famOpaque, false, mOpaque},
	"BinaryEquals":              {famOpaque, false, mOpaque},
	"IpAddress":                 {famOpaque, false, mOpaque},
	"NotIpAddress":              {famOpaque, true, mOpaque},
	"Null":                      {famOpaque, false, mOpaque},
}

// parseOp reads an operator. Names are case-sensitive, as in IAM; an
// unknown name gives known == false and nothing about it is assumed.
func parseOp(op string) opInfo {
	o := opInfo{}
	rest := op
	for _, p := range []string{"ForAllValues:", "ForAnyValue:"} {
		if strings.HasPrefix(rest, p) {
			o.prefix, rest = p, rest[len(p):]
			break
		}
	}
	if b, ok := strings.CutSuffix(rest, "IfExists"); ok && b != "Null" {
		o.ifExists, rest = true, b
	}
	info, ok := baseOps[rest]
	if !ok {
		return opInfo{}
	}
	o.known, o.base, o.fam, o.negated, o.match = true, rest, info.fam, info.negated, info.match
	return o
}

// opSubset is condSubset for the requests side can match: when none of
// them carries key, the entries are their values without it
// (iam.AbsentKey); when all of them do, IfExists changes nothing. note
// says which, for the reason.
func opSubset(key, op1 string, v1 set, op2 string, v2 set, side *stmt) (iam.Tri, string) {
	switch keyPresence(key, side) {
	case neverPresent:
		a1, a2 := iam.AbsentKey(op1, sortedKeys(v1)), iam.AbsentKey(op2, sortedKeys(v2))
		note := "no request for the statement's actions carries " + side.rawKeyOf(key)
		switch {
		case a1 == iam.No || a2 == iam.Yes:
			return iam.Yes, note
		case a1 == iam.Yes && a2 == iam.No:
			return iam.No, note
		}
		return iam.Maybe, ""
	case alwaysPresent:
		s1, s2 := stripIfExists(op1), stripIfExists(op2)
		t := condSubset(s1, v1, s2, v2)
		if (s1 != op1 || s2 != op2) && t == iam.Yes {
			return t, "every request carries " + side.rawKeyOf(key) + ", so IfExists changes nothing"
		}
		return t, ""
	}
	return condSubset(op1, v1, op2, v2), ""
}

// stripIfExists is op without its IfExists suffix.
func stripIfExists(op string) string {
	if o := parseOp(op); o.known && o.ifExists {
		return op[:len(op)-len("IfExists")]
	}
	return op
}

// condSubset reports whether every request that satisfies condition
// (o1, v1) also satisfies (o2, v2), for the same key. Only yes is proof.
func condSubset(op1 string, v1 set, op2 string, v2 set) iam.Tri {
	if op1 == op2 && subsetExact(v1, v2) {
		return iam.Yes
	}
	a, b := parseOp(op1), parseOp(op2)
	if !a.known || !b.known {
		return iam.Maybe
	}
	if a.prefix != b.prefix {
		// ForAllValues: holds when the key is absent; a plain operator does
		// not.
		if a.prefix == "ForAllValues:" && b.prefix == "" {
			return iam.No
		}
		return iam.Maybe
	}
	if a.ifExists && !b.ifExists {
		return iam.No // an absent key satisfies only the first
	}
	if a.fam != b.fam || a.negated != b.negated {
		return iam.Maybe
	}
	if a.fam == famOpaque {
		if a.base == b.base && subsetExact(v1, v2) {
			return iam.Yes
		}
		return iam.Maybe
	}
	arn := a.fam == famARN
	// A positive operator matches when the value is in the union of what
	// the listed values match; a negated one when it is in none of them, so
	// the containment runs the other way.
	src, sm, dst, dm := v1, a.match, v2, b.match
	if a.negated {
		src, sm, dst, dm = v2, b.match, v1, a.match
	}
	res := iam.Yes
	for v := range src {
		switch valueCovered(v, sm, dst, dm, arn) {
		case iam.No:
			return iam.No
		case iam.Maybe:
			res = iam.Maybe
		}
	}
	return res
}

func subsetExact(a, b set) bool {
	for v := range a {
		if _, ok := b[v]; !ok {
			return false
		}
	}
	return true
}

// valueCovered reports whether the strings value v matches under kind vm are
// all matched by some value of dst under kind dm.
func valueCovered(v string, vm matchKind, dst set, dm matchKind, arn bool) iam.Tri {
	if vm == mGlob && !iam.HasWildcard(v) {
		vm = mExact
	}
	if vm == mFold && !iam.HasCase(v) {
		vm = mExact
	}
	switch vm {
	case mExact:
		return literalCovered(v, dst, dm, arn)
	case mFold:
		switch dm {
		case mFold:
			for d := range dst {
				if strings.EqualFold(v, d) {
					return iam.Yes
				}
			}
			return iam.No
		case mExact:
			return iam.No // one spelling cannot cover every letter case of v
		}
		for _, w := range []string{v, strings.ToLower(v), strings.ToUpper(v)} {
			if literalCovered(w, dst, dm, arn) == iam.No {
				return iam.No
			}
		}
		return iam.Maybe
	case mGlob:
		if dm != mGlob {
			return iam.No // a pattern matches more strings than a list can name
		}
		return iam.CoveredBy(v, dst, false, arn)
	}
	return iam.Maybe
}

// literalCovered reports whether the string s (wildcard characters in it
// are plain characters) is matched by some value of dst under kind dm.
func literalCovered(s string, dst set, dm matchKind, arn bool) iam.Tri {
	switch dm {
	case mExact:
		if _, ok := dst[s]; ok {
			return iam.Yes
		}
		return iam.No
	case mFold:
		for d := range dst {
			if strings.EqualFold(s, d) {
				return iam.Yes
			}
		}
		return iam.No
	case mGlob:
		hit := false
		for d := range dst {
			if arn && iam.MatchARN(d, s) || !arn && iam.Match(d, s) {
				return iam.Yes
			}
			if iam.Match(d, s) {
				hit = true
			}
		}
		if !hit {
			return iam.No
		}
	}
	return iam.Maybe
}
