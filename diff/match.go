package diff

import (
	"cmp"
	"slices"
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
func match(before, after []*stmt) []pair {
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
	type cand struct{ i, j, score int }
	var cands []cand
	aElems := make([]map[string]struct{}, len(after))
	for j, s := range after {
		if !aUsed[j] {
			aElems[j] = s.elementKeys()
		}
	}
	for i, b := range before {
		if bUsed[i] {
			continue
		}
		be := b.elementKeys()
		for j, a := range after {
			if aUsed[j] || a.st.Effect != b.st.Effect {
				continue
			}
			n := 0
			for k := range be {
				if _, ok := aElems[j][k]; ok {
					n++
				}
			}
			if n > 0 {
				cands = append(cands, cand{i, j, n})
			}
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(
			cmp.Compare(y.score, x.score),
			cmp.Compare(abs(x.i-x.j), abs(y.i-y.j)),
			cmp.Compare(min(x.i, x.j), min(y.i, y.j)),
			cmp.Compare(pairKey(before[x.i], after[x.j]), pairKey(before[y.i], after[y.j])),
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
	return pairs
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

// pairKey breaks ties between candidate pairs the same way whichever
// document is "before".
func pairKey(x, y *stmt) string {
	if x.key > y.key {
		x, y = y, x
	}
	return x.key + "\x02" + y.key
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
