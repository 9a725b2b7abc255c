package config

import (
	"path"
	"strings"
)

// matchGlob matches a slash-separated path against an ignore glob: "**"
// as a whole segment matches any number of directories (zero included),
// other segments use path.Match (*, ?, [...] within one segment).
//
// The globs come from mrapguard.yaml, which a pull request may change, so
// the matcher never backtracks more than once: "**" is to segments what *
// is to characters in a wildcard match, and the greedy match that only
// ever resumes from the last "**" is exact for that. It compares at most
// len(pattern segments) × len(path segments) segment pairs, each with
// path.Match, which is itself free of exponential backtracking. (The
// recursive matcher this replaces took 52 s for ten "**" against a path 31
// directories deep.)
func matchGlob(pattern, name string) bool {
	pat, segs := strings.Split(pattern, "/"), strings.Split(name, "/")
	pi, si := 0, 0
	star, mark := -1, 0 // the last "**" seen, and the segment it resumes from
	for si < len(segs) {
		if pi < len(pat) {
			if pat[pi] == "**" {
				star, mark = pi, si
				pi++
				continue
			}
			if ok, _ := path.Match(pat[pi], segs[si]); ok {
				pi++
				si++
				continue
			}
		}
		if star < 0 {
			return false
		}
		// Let the last "**" take one more segment and retry after it.
		mark++
		pi, si = star+1, mark
	}
	for pi < len(pat) && pat[pi] == "**" {
		pi++
	}
	return pi == len(pat)
}
