package diff

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// pair is a matched statement (both set), an added one (b nil) or a removed
// one (a nil).
type pair struct{ b, a *stmt }

// match pairs the statements of two documents:
//  1. equivalent statements (same canonical form, Sid included), in
//     order, so moving a statement is not a change;
//  2. by Sid when both have the same one (the k-th remaining statement with
//     a Sid in one document with the k-th with that Sid in the other);
//  3. the rest by best structural match: same Effect, most shared
//     principals, actions, resources and conditions; a pair sharing nothing
//     is not a match (it shows as removed + added).
//
// Every step is symmetric, so match(a, b) mirrors match(b, a).
func match(ctx context.Context, before, after []*stmt) ([]pair, error) {
	bUsed := make([]bool, len(before))
	aUsed := make([]bool, len(after))
	var pairs []pair
	take := func(i, j int) {
		bUsed[i], aUsed[j] = true, true
		pairs = append(pairs, pair{before[i], after[j]})
	}

	// 1. equivalent
	byKey := map[string][]int{}
	for j, s := range after {
		if !aUsed[j] {
			byKey[s.key] = append(byKey[s.key], j)
		}
	}
	for i, s := range before {
		if bUsed[i] {
			continue
		}
		if js := byKey[s.key]; len(js) > 0 {
			take(i, js[0])
			byKey[s.key] = js[1:]
		}
	}

	// 2. Sid
	bySid := map[string][]int{}
	for j, s := range after {
		if !aUsed[j] && s.st.Sid != "" {
			bySid[s.st.Sid] = append(bySid[s.st.Sid], j)
		}
	}
	for i, s := range before {
		if bUsed[i] || s.st.Sid == "" {
			continue
		}
		if js := bySid[s.st.Sid]; len(js) > 0 {
			take(i, js[0])
			bySid[s.st.Sid] = js[1:]
		}
	}

	// 3. structural
	cands, err := structuralCandidates(ctx, before, after, bUsed, aUsed)
	if err != nil {
		return nil, err
	}
	rb, ra := keyRanks(before, after)
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(
			cmp.Compare(y.score, x.score),
			cmp.Compare(abs(x.i-x.j), abs(y.i-y.j)),
			cmp.Compare(min(x.i, x.j), min(y.i, y.j)),
			// Ties: by the pair's statement keys, smaller first, the
			// same way whichever document is "before".
			cmp.Compare(min(rb[x.i], ra[x.j]), min(rb[y.i], ra[y.j])),
			cmp.Compare(max(rb[x.i], ra[x.j]), max(rb[y.i], ra[y.j])),
		)
	})
	for _, c := range cands {
		if !bUsed[c.i] && !aUsed[c.j] {
			take(c.i, c.j)
		}
	}

	for i, s := range before {
		if !bUsed[i] {
			pairs = append(pairs, pair{b: s})
		}
	}
	for j, s := range after {
		if !aUsed[j] {
			pairs = append(pairs, pair{a: s})
		}
	}
	// Report in the order of the new document; a removed statement goes
	// where it was in the old one.
	slices.SortStableFunc(pairs, func(x, y pair) int {
		return cmp.Or(cmp.Compare(x.pos(), y.pos()), cmp.Compare(x.rank(), y.rank()))
	})
	return pairs, nil
}

func (p pair) pos() int {
	if p.a != nil {
		return p.a.st.Index
	}
	return p.b.st.Index
}

func (p pair) rank() int {
	if p.a == nil {
		return 1
	}
	return 0
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// keyRanks numbers the statement keys of both documents in sorted order
// (equal keys, equal numbers), so ties between candidate pairs are broken
// by comparing numbers rather than long strings at every step of the sort.
func keyRanks(before, after []*stmt) (rb, ra []int) {
	keys := make([]string, 0, len(before)+len(after))
	for _, s := range before {
		keys = append(keys, s.key)
	}
	for _, s := range after {
		keys = append(keys, s.key)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	rank := func(k string) int { i, _ := slices.BinarySearch(keys, k); return i }
	rb, ra = make([]int, len(before)), make([]int, len(after))
	for i, s := range before {
		rb[i] = rank(s.key)
	}
	for j, s := range after {
		ra[j] = rank(s.key)
	}
	return rb, ra
}

// cand is a candidate pair for structural matching: before[i], after[j]
// and the number of elements they share.
type cand struct{ i, j, score int }

// matchBudget bounds the work of structural matching: the number of
// (before, after) statement pairs counted through shared elements. No
// policy within the default size limit comes near it (a 20 KB policy has at
// most about 5,000 element occurrences on each side and 340 statements, so
// at most 1.7 million pairs); beyond it the most widely shared elements,
// which tell statements apart least, are left out of the scores, so
// matching stays near-linear in the size of the documents.
const matchBudget = 1 << 21

// structuralCandidates scores the pairs of unmatched statements with the
// same Effect by the elements they share, through an inverted index: only
// pairs that share something are ever looked at. Elements are taken from
// the rarest (fewest pairs) up, while the work stays within matchBudget.
// Everything is symmetric in before and after.
func structuralCandidates(ctx context.Context, before, after []*stmt, bUsed, aUsed []bool) ([]cand, error) {
	type posting struct{ b, a []int }
	index := map[string]*posting{}
	elemsOf := make([][]string, len(before))
	for i, s := range before {
		if bUsed[i] {
			continue
		}
		for k := range s.elementKeys() {
			k = s.st.Effect + "\x01" + k
			p := index[k]
			if p == nil {
				p = &posting{}
				index[k] = p
			}
			p.b = append(p.b, i)
			elemsOf[i] = append(elemsOf[i], k)
		}
	}
	for j, s := range after {
		if aUsed[j] {
			continue
		}
		for k := range s.elementKeys() {
			if p := index[s.st.Effect+"\x01"+k]; p != nil {
				p.a = append(p.a, j)
			}
		}
	}
	type weighted struct {
		key  string
		cost int
	}
	var elems []weighted
	for k, p := range index {
		if len(p.a) > 0 {
			elems = append(elems, weighted{k, len(p.b) * len(p.a)})
		}
	}
	slices.SortFunc(elems, func(x, y weighted) int { return cmp.Or(cmp.Compare(x.cost, y.cost), strings.Compare(x.key, y.key)) })
	used := map[string]bool{}
	work := 0
	for _, e := range elems {
		if work += e.cost; work > matchBudget {
			break
		}
		used[e.key] = true
	}

	var cands []cand
	count := make([]int, len(after))
	var touched []int
	for i, keys := range elemsOf {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for _, k := range keys {
			if !used[k] {
				continue
			}
			for _, j := range index[k].a {
				if count[j] == 0 {
					touched = append(touched, j)
				}
				count[j]++
			}
		}
		for _, j := range touched {
			cands = append(cands, cand{i, j, count[j]})
			count[j] = 0
		}
		touched = touched[:0]
	}
	return cands, nil
}

// elementKeys lists the canonical elements of a statement for scoring.
func (s *stmt) elementKeys() map[string]struct{} {
	out := map[string]struct{}{}
	add := func(prefix string, m set) {
		for v := range m {
			out[prefix+"\x00"+v] = struct{}{}
		}
	}
	for typ, m := range s.c.Principal {
		add("p\x00"+typ, m)
	}
	for typ, m := range s.c.NotPrincipal {
		add("np\x00"+typ, m)
	}
	add("a", s.c.Action)
	add("na", s.c.NotAction)
	add("r", s.c.Resource)
	add("nr", s.c.NotResource)
	for id, m := range s.c.Condition {
		out["c\x00"+id.Key] = struct{}{}
		add("c\x00"+id.Op+"\x00"+id.Key, m)
	}
	return out
}
