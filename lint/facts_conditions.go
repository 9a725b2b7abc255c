package lint

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/iam"
)

// condition_notes: what package iam notes about the condition entries and
// values of a document, by note (rules/README.md lists them). Each note is
// an object with the statement, operator, key and path (to the entry, or
// to the value it is about) and what the rule needs for its message. An
// ordinary policy has none, so a rule that reads one list costs a lookup.
//
// Values known only at deploy time (null in the normalized policy) are
// left out, and a note that concludes from every value of an entry, or
// from every key or action of a statement, is not made while one of them
// is unknown.

// notes collects condition notes by name.
type notes map[string][]*ast.Term

func (n notes) add(name string, o object) { n[name] = append(n[name], o.term()) }

func (n notes) value() ast.Value {
	items := make([][2]*ast.Term, 0, len(n))
	for _, name := range slices.Sorted(maps.Keys(n)) {
		items = append(items, ast.Item(str(name), ast.ArrayTerm(n[name]...)))
	}
	return ast.NewObject(items...)
}

// condEntry is one condition key of a statement with its operator and
// values.
type condEntry struct {
	op       string
	o        iam.Operator
	key      string
	info     *iam.Key // nil for a key that is neither global nor S3
	list     []any    // the values; nil when they are not a list
	texts    []string // each value's text; "" for one that is not a string, number or boolean
	kinds    []iam.ValueKind
	scalars  []bool // the value is a string, number or boolean
	complete bool   // every value is known and a scalar
}

func (e *condEntry) path(i int) *ast.Term { return pathValue("Statement", i, "Condition", e.op, e.key) }

func (e *condEntry) valuePath(i, j int) *ast.Term {
	return pathValue("Statement", i, "Condition", e.op, e.key, j)
}

// base is the note fields every note has.
func (e *condEntry) base(i int, p *ast.Term) object {
	return object{
		ast.Item(str("statement"), ast.InternedTerm(i)),
		ast.Item(str("operator"), str(e.op)),
		ast.Item(str("key"), str(e.key)),
		ast.Item(str("path"), p),
	}
}

// conditionNotes computes input.facts.condition_notes for the statements
// of a normalized policy; owner is the MRAP owner's account when known.
func (b *factsBuilder) conditionNotes(list []any, owner string) ast.Value {
	n := notes{}
	for i, v := range list {
		s, ok := v.(map[string]any)
		if !ok {
			continue
		}
		if c, ok := s["Condition"].(map[string]any); ok && len(c) > 0 {
			b.statementNotes(n, i, s, c, owner)
		}
	}
	b.redundantStatements(n, list)
	return n.value()
}

func (b *factsBuilder) statementNotes(n notes, i int, s, c map[string]any, owner string) {
	effect, _ := s["Effect"].(string)
	inc := b.incomplete[i]
	var entries []*condEntry
	keysKnown := true // every operator's keys are known (none is a value known only at deploy time)
	for _, op := range slices.Sorted(maps.Keys(c)) {
		o, known := iam.ParseOperator(op)
		km, ok := c[op].(map[string]any)
		if !ok {
			keysKnown = false
			continue
		}
		keys := slices.Sorted(maps.Keys(km))
		for k, key := range keys {
			// Keys are case-insensitive: two spellings of one key in one
			// operator are one key written twice.
			for _, prev := range keys[:k] {
				if strings.EqualFold(prev, key) {
					n.add("key_case_duplicate", object{
						ast.Item(str("statement"), ast.InternedTerm(i)), ast.Item(str("operator"), str(op)),
						ast.Item(str("key"), str(key)), ast.Item(str("other"), str(prev)),
						ast.Item(str("path"), pathValue("Statement", i, "Condition", op, key)),
					})
					break
				}
			}
			if !known {
				continue
			}
			e := &condEntry{op: op, o: o, key: key, info: iam.LookupKey(key)}
			if l, ok := km[key].([]any); ok {
				e.list, e.complete = l, true
				e.texts, e.kinds, e.scalars = make([]string, len(l)), make([]iam.ValueKind, len(l)), make([]bool, len(l))
				for j, v := range l {
					e.texts[j], e.kinds[j], e.scalars[j] = scalar(v)
					e.complete = e.complete && e.scalars[j]
				}
			}
			entries = append(entries, e)
		}
	}
	// The catalogued actions each Action value matches; nil when the
	// statement has no Action or one known only at deploy time.
	var matches [][]*iam.Action
	if list, ok := s["Action"].([]any); ok && !inc["Action"] {
		for _, v := range list {
			if v, ok := v.(string); ok {
				matches = append(matches, actionFacts(v).matches)
			}
		}
	}
	st := &stmtContext{i: i, s: s, effect: effect, inc: inc, keysKnown: keysKnown, entries: entries, matches: matches, owner: owner}
	for _, e := range entries {
		entryNotes(n, i, e)
		st.notes(n, e)
	}
}

// stmtContext is what the notes of an entry may depend on beyond the
// entry: its statement.
type stmtContext struct {
	i      int
	s      map[string]any
	effect string
	inc    map[string]bool // the elements that hold a value known only at deploy time
	// keysKnown: every key of the Condition is known, so a key not among
	// the entries is not in the statement.
	keysKnown bool
	entries   []*condEntry
	matches   [][]*iam.Action
	owner     string
}

// carried: some action of the statement may carry the key (true when the
// actions are unknown).
func (st *stmtContext) carried(e *condEntry) bool {
	return e.info == nil || st.matches == nil || e.info.AppliesTo(st.matches...)
}

// entryNotes are the notes of one entry that do not depend on the rest of
// its statement.
func entryNotes(n notes, i int, e *condEntry) {
	o, lk := e.o, strings.ToLower(e.key)
	if e.info != nil {
		if e.info.MultiValued() && o.Set == "" && o.Family != "Null" {
			n.add("missing_qualifier", e.base(i, e.path(i)))
		}
		if o.TextOnTypedKey(e.info.Type) {
			n.add("text_on_typed_key", append(e.base(i, e.path(i)), ast.Item(str("type"), str(e.info.BaseType()))))
		}
	}
	if iam.Role(e.key) == iam.RoleCallerControlled {
		n.add("untrusted_key", e.base(i, e.path(i)))
	}
	if o.Family == "Null" && o.Set != "" {
		test := iam.PresenceAlways
		if o.Set == iam.ForAnyValue {
			test = iam.PresenceNever
		}
		n.add("presence_test", append(e.base(i, e.path(i)), ast.Item(str("test"), str(test.String())), ast.Item(str("qualifier"), boolean(true))))
	}
	if e.list == nil {
		return
	}
	if o.Family == "Bool" && len(e.list) > 1 {
		n.add("multiple_bool", e.base(i, e.path(i)))
	}
	if types := mixedTypes(e); types != nil {
		n.add("mixed_types", append(e.base(i, e.path(i)), ast.Item(str("types"), strs(types))))
	}
	arnKey := e.info != nil && e.info.BaseType() == "ARN"
	privates, valid := 0, 0
	for j, t := range e.texts {
		if t == "" {
			continue
		}
		vp := func() object { return append(e.base(i, e.valuePath(i, j)), ast.Item(str("value"), str(t))) }
		switch o.Family {
		case "String", "ARN":
			if p := iam.ValueFormat(e.key, t); p != "" {
				n.add("value_format", append(vp(), ast.Item(str("problem"), str(p))))
			}
			if o.Family == "String" && !o.Likes() && e.kinds[j] == iam.StringValue && iam.LiteralWildcard(t) {
				n.add("wildcard_without_like", append(vp(), ast.Item(str("like"), str(likeOperator(e.op, o)))))
			}
			if o.Family == "String" && o.Likes() && arnKey && iam.WildcardSpansSegments(t) {
				n.add("arn_string_like", append(vp(), ast.Item(str("arn_operator"), str(strings.Replace(e.op, "String", "Arn", 1)))))
			}
		case "Date":
			if iam.EpochDate(e.key, t) {
				n.add("epoch_date", vp())
			}
		case "IP":
			if m := iam.MaskedIP(t); m != "" {
				n.add("ip_host_bits", append(vp(), ast.Item(str("masked"), str(m))))
			}
			if lk == "aws:sourceip" {
				private, ok := iam.PrivateIP(t)
				if ok {
					valid++
				}
				if private {
					privates++
				}
			}
		}
	}
	if privates > 0 {
		if e.complete && privates == valid && valid == len(e.list) {
			n.add("private_ip", append(e.base(i, e.path(i)), ast.Item(str("all"), boolean(true))))
		} else {
			for j, t := range e.texts {
				if private, _ := iam.PrivateIP(t); private {
					n.add("private_ip", append(e.base(i, e.valuePath(i, j)), ast.Item(str("value"), str(t)), ast.Item(str("all"), boolean(false))))
				}
			}
		}
	}
	for _, r := range iam.RedundantValues(o, e.texts) {
		n.add("redundant_value", append(e.base(i, e.valuePath(i, r.Index)),
			ast.Item(str("value"), str(e.texts[r.Index])), ast.Item(str("by"), str(e.texts[r.By])), ast.Item(str("bound"), boolean(r.Bound))))
	}
}

// notes are the notes of one entry that depend on its statement: the
// Effect, the actions, the other keys.
func (st *stmtContext) notes(n notes, e *condEntry) {
	i, o, lk := st.i, e.o, strings.ToLower(e.key)
	allow, deny := st.effect == "Allow", st.effect == "Deny"
	if lk == "s3:prefix" && o.Family == "String" && (allow && o.Negated || deny && !o.Negated) && st.carried(e) {
		n.add("s3_prefix_negative", append(e.base(i, e.path(i)), ast.Item(str("effect"), str(st.effect))))
	}
	if test := iam.PresenceTest(o, e.texts); test != iam.PresenceNone {
		if by := presenceRequiredBy(e, st.entries); test == iam.PresencePresent && by != "" {
			n.add("redundant_key", append(e.base(i, e.path(i)), ast.Item(str("by"), str(by))))
		} else {
			n.add("presence_test", append(e.base(i, e.path(i)), ast.Item(str("test"), str(test.String())), ast.Item(str("qualifier"), boolean(false))))
		}
	}
	if allow && o.Positive() && st.keysKnown && e.complete {
		if pair, why := iam.PairedKeys(e.key, e.texts); pair != nil && !hasAnyKey(st.entries, pair) {
			n.add("missing_paired_key", append(e.base(i, e.path(i)), ast.Item(str("pair"), strs(pair)), ast.Item(str("why"), str(why))))
		}
	}
	if iam.OwnerKey(e.key) {
		note := e.base(i, e.path(i))
		if st.owner != "" {
			note.set("owner", str(st.owner))
		}
		n.add("owner_key", note)
	}
	if e.info != nil && e.info.Tag() && (allow || deny) && !st.inc["Action"] && !st.inc["NotAction"] {
		st.tagNotes(n, e)
	}
}

// presenceRequiredBy returns another operator of the statement that tests
// e's key and requires it to be present, making a presence test on it
// redundant, or "".
func presenceRequiredBy(e *condEntry, entries []*condEntry) string {
	for _, f := range entries {
		if f == e || !strings.EqualFold(f.key, e.key) {
			continue
		}
		if f.o.Family != "Null" && f.o.Positive() {
			return f.op
		}
		if f.o.Family == "Null" && f.o.Set == "" && f.complete {
			for _, t := range f.texts {
				if v, ok := iam.ParseBool(t, iam.StringValue); ok && !v {
					return f.op
				}
			}
		}
	}
	return ""
}

func hasAnyKey(entries []*condEntry, keys []string) bool {
	for _, f := range entries {
		for _, k := range keys {
			if strings.EqualFold(f.key, k) {
				return true
			}
		}
	}
	return false
}

// tagNotes notes a tag key that some of the statement's actions usable
// through an MRAP do not carry: the condition is false (or, without the
// key, true) for them whatever the tags.
func (st *stmtContext) tagNotes(n notes, e *condEntry) {
	var covered []*iam.Action
	_, notAction := st.s["NotAction"]
	if notAction {
		var excluded []*iam.Action
		list, _ := st.s["NotAction"].([]any)
		for _, v := range list {
			if v, ok := v.(string); ok {
				excluded = append(excluded, actionFacts(v).matches...)
			}
		}
		for k := range iam.S3().Actions() {
			a := &iam.S3().Actions()[k]
			if a.ViaMRAP && !slices.Contains(excluded, a) {
				covered = append(covered, a)
			}
		}
	} else {
		// None of the actions carries a key with carriers listed:
		// condition/key-not-applicable says so.
		if e.info.Carriers != nil && !st.carried(e) {
			return
		}
		for _, m := range st.matches {
			for _, a := range m {
				if a.ViaMRAP && !slices.Contains(covered, a) {
					covered = append(covered, a)
				}
			}
		}
	}
	var missing []string
	for _, a := range covered {
		if !a.Carries(e.key) {
			missing = append(missing, a.Name)
		}
	}
	if len(missing) == 0 {
		return
	}
	slices.Sort(missing)
	shown := missing[:min(3, len(missing))]
	n.add("tag_key_unsupported", append(e.base(st.i, e.path(st.i)),
		ast.Item(str("effect"), str(st.effect)), ast.Item(str("not_action"), boolean(notAction)),
		ast.Item(str("actions"), strs(shown)), ast.Item(str("more"), ast.InternedTerm(len(missing)-len(shown))),
		ast.Item(str("true_without_key"), boolean(e.o.TrueWithoutKey()))))
}

// likeOperator is op with its Equals made Like: the operator that matches
// the wildcards a value holds.
func likeOperator(op string, o iam.Operator) string {
	like := "StringLike"
	if o.Negated {
		like = "StringNotLike"
	}
	return strings.Replace(op, o.Base, like, 1)
}

// mixedTypes returns the JSON types of an entry's values when they are not
// all of one type.
func mixedTypes(e *condEntry) []string {
	var seen [3]bool
	for j, ok := range e.scalars {
		if ok && int(e.kinds[j]) < len(seen) {
			seen[e.kinds[j]] = true
		}
	}
	var out []string
	for k, name := range []string{"string", "number", "boolean"} {
		if seen[k] {
			out = append(out, name)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// redundantStatements notes a statement that another with the same
// Effect, principals, actions and resources makes redundant because a
// pattern of the other's condition covers every value of its own
// (StringLike "logs/*" against "logs/app/*"). Identical statements are
// statement/redundant's.
func (b *factsBuilder) redundantStatements(n notes, list []any) {
	type cand struct {
		i    int
		cond map[string]any
	}
	groups := map[string][]cand{}
	for i, v := range list {
		s, ok := v.(map[string]any)
		if !ok || len(b.incomplete[i]) > 0 {
			continue
		}
		c, ok := s["Condition"].(map[string]any)
		if !ok || len(c) == 0 {
			continue
		}
		rest := make(map[string]any, len(s))
		for k, x := range s {
			if k != "Sid" && k != "Condition" {
				rest[k] = x
			}
		}
		sig, err := json.Marshal(rest)
		if err != nil {
			continue
		}
		groups[string(sig)] = append(groups[string(sig)], cand{i, c})
	}
	for _, g := range groups {
		for x := 0; x < len(g); x++ {
			for y := x + 1; y < len(g); y++ {
				wider, narrower := g[x], g[y]
				switch conditionCovers(g[x].cond, g[y].cond) {
				case iam.Yes:
				case iam.Maybe:
					continue
				default:
					if conditionCovers(g[y].cond, g[x].cond) != iam.Yes {
						continue
					}
					wider, narrower = g[y], g[x]
				}
				n.add("redundant_statement", object{
					ast.Item(str("statement"), ast.InternedTerm(narrower.i)),
					ast.Item(str("by"), ast.InternedTerm(wider.i)),
					ast.Item(str("path"), pathValue("Statement", narrower.i, "Condition")),
				})
			}
		}
	}
}

// conditionCovers compares two Condition elements that differ at most in
// the values of positive pattern operators: Yes when every request a
// passes b passes too and the two differ, Maybe when they are the same,
// No otherwise.
func conditionCovers(a, b map[string]any) iam.Tri {
	if len(a) != len(b) {
		return iam.No
	}
	differ := false
	for op, ka := range a {
		kb, ok := b[op]
		ma, ok1 := ka.(map[string]any)
		mb, ok2 := kb.(map[string]any)
		if !ok || !ok1 || !ok2 || len(ma) != len(mb) {
			return iam.No
		}
		o, known := iam.ParseOperator(op)
		for key, va := range ma {
			vb, ok := mb[key]
			la, ok1 := va.([]any)
			lb, ok2 := vb.([]any)
			if !ok || !ok1 || !ok2 {
				return iam.No
			}
			if slices.Equal(la, lb) {
				continue
			}
			// b's values, each covered by one of a's, under an operator
			// that passes when any value matches.
			if !known || !o.Likes() || o.Negated || o.Set == iam.ForAllValues {
				return iam.No
			}
			for _, y := range lb {
				yt, yok := y.(string)
				covered := false
				for _, x := range la {
					if xt, xok := x.(string); xok && yok && !iam.HasVariable(xt) && iam.Covers(xt, yt, false, o.Family == "ARN") == iam.Yes {
						covered = true
						break
					}
				}
				if !covered {
					return iam.No
				}
			}
			differ = true
		}
	}
	if !differ {
		return iam.Maybe
	}
	return iam.Yes
}
