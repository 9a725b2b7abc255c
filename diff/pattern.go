package diff

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tri is a three-valued answer. Only yes is ever acted on as proof; no and
// unknown both make the analysis assume the worst.
type tri uint8

const (
	no tri = iota
	yes
	maybe
)

// glob reports whether s matches pattern p, where * matches any run of
// characters and ? exactly one (IAM's wildcards for actions, resources and
// the Like operators). fold makes the match case-insensitive.
func glob(p, s string, fold bool) bool {
	if fold {
		p, s = strings.ToLower(p), strings.ToLower(s)
	}
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

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// literalPrefix is s up to its first wildcard.
func literalPrefix(s string) string {
	if i := strings.IndexAny(s, "*?"); i >= 0 {
		return s[:i]
	}
	return s
}

// arnGlob matches an ARN pattern segment by segment (partition, service,
// region, account, resource), so a wildcard cannot spill from one segment
// into the next. It is the stricter of the two readings of IAM's ARN
// matching, so a match here is a match in AWS.
func arnGlob(p, s string) bool {
	ps := strings.SplitN(p, ":", 6)
	if len(ps) < 6 {
		// Not a full ARN: only "*" is sure to match everything.
		return p == "*"
	}
	ss := strings.SplitN(s, ":", 6)
	if len(ss) < 6 {
		return false
	}
	for i := range ps {
		if !glob(ps[i], ss[i], false) {
			return false
		}
	}
	return true
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

// patternCovers reports whether every string matched by q is matched by p
// (both IAM patterns). arn selects segment-wise ARN matching for the proof.
func patternCovers(p, q string, fold, arn bool) tri {
	eq := p == q || (fold && strings.EqualFold(p, q))
	switch {
	case eq, p == "*":
		return yes
	case !hasWildcard(q):
		if arn && arnGlob(p, q) || !arn && glob(p, q, fold) {
			return yes
		}
		if !glob(p, q, fold) {
			return no
		}
		return maybe
	}
	// p = prefix* with a literal prefix: it covers anything whose literal
	// prefix starts with it (for an ARN, only once the prefix reaches the
	// resource segment, where wildcards may cross ':').
	if strings.HasSuffix(p, "*") && !hasWildcard(p[:len(p)-1]) {
		pre := p[:len(p)-1]
		lp := literalPrefix(q)
		if fold {
			pre, lp = strings.ToLower(pre), strings.ToLower(lp)
		}
		if strings.HasPrefix(lp, pre) && (!arn || strings.Count(pre, ":") >= 5) {
			return yes
		}
	}
	for _, w := range witnesses(q) {
		if !glob(p, w, fold) {
			return no
		}
	}
	return maybe
}

// coveredBy reports whether the patterns of set cover q.
func coveredBy(q string, set map[string]struct{}, fold, arn bool) tri {
	if _, ok := set[q]; ok {
		return yes
	}
	for p := range set {
		if patternCovers(p, q, fold, arn) == yes {
			return yes
		}
	}
	// Not covered if some string q matches is matched by no pattern.
	ws := []string{q}
	if hasWildcard(q) {
		ws = witnesses(q)
	}
	for _, w := range ws {
		hit := false
		for p := range set {
			if glob(p, w, fold) {
				hit = true
				break
			}
		}
		if !hit {
			return no
		}
	}
	return maybe
}

// hasCase reports whether s has a letter with another case.
func hasCase(s string) bool {
	for _, r := range s {
		if unicode.ToUpper(r) != unicode.ToLower(r) {
			return true
		}
	}
	return false
}
