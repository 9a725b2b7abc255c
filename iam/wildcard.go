package iam

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tri is a three-valued answer. Only Yes is proof; No and Maybe both make a
// cautious caller assume the worst.
type Tri uint8

const (
	No Tri = iota
	Yes
	Maybe
)

func (t Tri) String() string {
	switch t {
	case No:
		return "no"
	case Yes:
		return "yes"
	}
	return "maybe"
}

// HasWildcard reports whether s holds an IAM wildcard (* or ?).
func HasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// LiteralPrefix is s up to its first wildcard.
func LiteralPrefix(s string) string {
	if i := strings.IndexAny(s, "*?"); i >= 0 {
		return s[:i]
	}
	return s
}

// HasVariable reports whether s holds a policy variable (${...}).
func HasVariable(s string) bool { return strings.Contains(s, "${") }

// Fixed reports whether s is one literal value: not empty, no wildcard, no
// policy variable.
func Fixed(s string) bool { return s != "" && !HasWildcard(s) && !HasVariable(s) }

// Match reports whether s matches the IAM pattern p, where * matches any run
// of characters and ? exactly one. It is case-sensitive, as IAM matches
// resources, principals and the StringLike operator.
func Match(p, s string) bool {
	// Iterative matcher with one backtrack point: linear in practice, never
	// exponential.
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		if pi < len(p) {
			switch p[pi] {
			case '*':
				star, mark = pi, si
				pi++
				continue
			case '?':
				_, w := utf8.DecodeRuneInString(s[si:])
				pi++
				si += w
				continue
			default:
				if p[pi] == s[si] {
					pi++
					si++
					continue
				}
			}
		}
		if star >= 0 {
			pi = star + 1
			_, w := utf8.DecodeRuneInString(s[mark:])
			mark += w
			si = mark
			continue
		}
		return false
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// MatchFold is Match ignoring case, as IAM matches action names.
func MatchFold(p, s string) bool { return Match(strings.ToLower(p), strings.ToLower(s)) }

// MatchARN matches an ARN pattern segment by segment (partition, service,
// region, account, resource), so a wildcard cannot spill from one segment
// into the next; within the resource a wildcard spans '/' and ':'. It is the
// stricter of the two readings of IAM's ARN matching, so a match here is a
// match in AWS. A pattern with fewer than six segments matches only when it
// is "*".
func MatchARN(p, s string) bool {
	ps := strings.SplitN(p, ":", 6)
	if len(ps) < 6 {
		return p == "*"
	}
	ss := strings.SplitN(s, ":", 6)
	if len(ss) < 6 {
		return false
	}
	for i := range ps {
		if !Match(ps[i], ss[i]) {
			return false
		}
	}
	return true
}

func match(p, s string, fold bool) bool {
	if fold {
		return MatchFold(p, s)
	}
	return Match(p, s)
}

// witnesses are strings that pattern q matches, used to show that a set of
// patterns does not cover q: if one of them matches none of the set, q is
// not covered.
func witnesses(q string) []string {
	var a, b strings.Builder
	for _, r := range q {
		switch r {
		case '*':
			b.WriteString("\uffff\uffff")
		case '?':
			a.WriteRune('\uffff')
			b.WriteRune('\uffff')
		default:
			a.WriteRune(r)
			b.WriteRune(r)
		}
	}
	return []string{a.String(), b.String()}
}

// Covers reports whether every string matched by pattern q is matched by
// pattern p. fold ignores case (actions); arn selects segment-wise ARN
// matching for the proof.
func Covers(p, q string, fold, arn bool) Tri {
	eq := p == q || (fold && strings.EqualFold(p, q))
	switch {
	case eq, p == "*":
		return Yes
	case !startsWith(q, LiteralPrefix(p), fold):
		// Every string p matches starts with p's literal prefix, and q
		// matches one that does not (q itself, or q with its first
		// wildcard standing for a character p's prefix does not have).
		return No
	case !HasWildcard(q):
		if arn && MatchARN(p, q) || !arn && match(p, q, fold) {
			return Yes
		}
		if !match(p, q, fold) {
			return No
		}
		return Maybe
	}
	// p = prefix* with a literal prefix: it covers anything whose literal
	// prefix starts with it (for an ARN, only once the prefix reaches the
	// resource segment, where wildcards may cross ':').
	if strings.HasSuffix(p, "*") && !HasWildcard(p[:len(p)-1]) {
		pre := p[:len(p)-1]
		lp := LiteralPrefix(q)
		if fold {
			pre, lp = strings.ToLower(pre), strings.ToLower(lp)
		}
		if strings.HasPrefix(lp, pre) && (!arn || strings.Count(pre, ":") >= 5) {
			return Yes
		}
	}
	for _, w := range witnesses(q) {
		if !match(p, w, fold) {
			return No
		}
	}
	return Maybe
}

// startsWith reports whether s starts with prefix; fold ignores case. With
// fold it compares ASCII only: at the first non-ASCII byte it answers true,
// which only makes the caller look closer.
func startsWith(s, prefix string, fold bool) bool {
	if !fold {
		return strings.HasPrefix(s, prefix)
	}
	for i := 0; i < len(prefix); i++ {
		c := prefix[i]
		if c >= utf8.RuneSelf || i < len(s) && s[i] >= utf8.RuneSelf {
			return true
		}
		if i >= len(s) || lowerASCII(c) != lowerASCII(s[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if isUpper(c) {
		return c + 'a' - 'A'
	}
	return c
}

// CoveredBy reports whether the patterns of set together cover pattern q.
func CoveredBy(q string, set map[string]struct{}, fold, arn bool) Tri {
	if _, ok := set[q]; ok {
		return Yes
	}
	for p := range set {
		if Covers(p, q, fold, arn) == Yes {
			return Yes
		}
	}
	// Not covered if some string q matches is matched by no pattern.
	ws := []string{q}
	if HasWildcard(q) {
		ws = witnesses(q)
	}
	for _, w := range ws {
		hit := false
		for p := range set {
			if match(p, w, fold) {
				hit = true
				break
			}
		}
		if !hit {
			return No
		}
	}
	return Maybe
}

// HasCase reports whether s has a letter with another case (so that a
// case-insensitive comparison matches more than s itself).
func HasCase(s string) bool {
	for _, r := range s {
		if unicode.ToUpper(r) != unicode.ToLower(r) {
			return true
		}
	}
	return false
}
