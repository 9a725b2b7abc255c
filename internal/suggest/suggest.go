// Package suggest finds the name a user probably meant when they typed one
// that does not exist (a command, an option, a rule ID, a config key), for
// "did you mean" hints.
package suggest

// Closest returns the candidate nearest to typed, or "" when none is near
// enough to be a likely typo: at most one edit (insertion, deletion,
// substitution or swap of neighbours) for names of up to four characters,
// two for longer ones, or typed being the start of exactly one candidate.
// Ties go to the earlier candidate.
func Closest(typed string, candidates []string) string {
	if typed == "" {
		return ""
	}
	limit := 1
	if len([]rune(typed)) > 4 {
		limit = 2
	}
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == typed {
			return c
		}
		if d := distance(typed, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" {
		return best
	}
	prefixed := ""
	for _, c := range candidates {
		if len(c) > len(typed) && c[:len(typed)] == typed {
			if prefixed != "" && prefixed != c {
				return ""
			}
			prefixed = c
		}
	}
	return prefixed
}

// distance is the optimal-string-alignment distance between a and b:
// Levenshtein's, where swapping two neighbouring characters counts as one
// edit ("lnit" is one edit from "lint").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j]; three rows suffice.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
