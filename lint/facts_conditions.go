package lint

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/iam"
)

// condition_notes: what package iam notes about the condition entries and
// values of a document, by note (rules/README.md lists them). Each note is
// an object with the statement, operator, key and path (to the entry, or
// to the value it is about) and what the rule needs for its message. An
// ordinary policy has none, so a rule that reads one list costs a lookup,
// and building them costs a walk of the conditions that allocates nearly
// nothing.
//
// Values known only at deploy time (null in the normalized policy) are
// left out, and a note that concludes from every value of an entry, or
// from every key or action of a statement, is not made while one of them
// is unknown.

// notes collects condition notes by name.
type notes map[string][]*ast.Term

func (n *notes) add(name string, o object) {
	if *n == nil {
		*n = notes{}
	}
	(*n)[name] = append((*n)[name], o.term())
}

// emptyNotes is the notes of an ordinary policy, shared.
var emptyNotes = sync.OnceValue(func() ast.Value { return ast.NewObject() })

// values returns input.facts.condition_notes and input.facts.noted: the
// name of each note list present, mapped to true, for rules to test first
// ("input.facts.noted.private_ip"): OPA's rule index then skips the rule
// on a policy without such notes, for about a third of what evaluating a
// body that finds nothing costs.
func (n notes) values() (ast.Value, ast.Value) {
	if len(n) == 0 {
		return emptyNotes(), emptyNotes()
	}
	items := make([][2]*ast.Term, 0, len(n))
	names := make([][2]*ast.Term, 0, len(n))
	for name, list := range n {
		// Map order is random: sort, so the facts do not change from run
		// to run.
		sort.Slice(list, func(a, b int) bool { return ast.Compare(list[a], list[b]) < 0 })
		items = append(items, ast.Item(str(name), ast.ArrayTerm(list...)))
		names = append(names, ast.Item(str(name), boolean(true)))
	}
	return ast.NewObject(items...), ast.NewObject(names...)
}

// condEntry is one condition key of a statement with its operator and
// values.
type condEntry struct {
	op, key  string
	lk       string // key in lower case
	o        iam.Operator
	info     *iam.Key // nil for a key that is neither global nor S3
	list     []any    // the values; nil when they are not a list
	lo, hi   int      // the values' texts and kinds in noteBuilder.texts and .kinds
	complete bool     // every value is known and a scalar
}

// noteBuilder builds the notes of one document. Its buffers hold the
// entries and values of one statement at a time.
type noteBuilder struct {
	b     *factsBuilder
	owner string
	n     notes

	entries []condEntry
	texts   []string // each value's text; "" for one that is not a string, number or boolean
	kinds   []valueKind

	// The statement at hand.
	i         int
	s         map[string]any
	effect    string
	keysKnown bool // every key of its Condition is known, so a key not among the entries is not there
	matches   [][]*iam.Action
	matched   bool // matches is computed
}

type valueKind struct {
	kind   iam.ValueKind
	scalar bool
}

func (nb *noteBuilder) entryTexts(e *condEntry) []string { return nb.texts[e.lo:e.hi] }

func (e *condEntry) path(i int) *ast.Term { return pathValue("Statement", i, "Condition", e.op, e.key) }

func (e *condEntry) valuePath(i, j int) *ast.Term {
	return pathValue("Statement", i, "Condition", e.op, e.key, j)
}

// note adds a note about entry e, or about its value j when j >= 0: the
// fields every note has, the message, and more fields (severity...).
func (nb *noteBuilder) note(name string, e *condEntry, j int, msg string, more ...[2]*ast.Term) {
	o := object{
		ast.Item(str("statement"), ast.InternedTerm(nb.i)),
		ast.Item(str("operator"), str(e.op)),
		ast.Item(str("key"), str(e.key)),
	}
	if j >= 0 {
		o = append(o, ast.Item(str("path"), e.valuePath(nb.i, j)), ast.Item(str("value"), str(nb.texts[e.lo+j])))
	} else {
		o = append(o, ast.Item(str("path"), e.path(nb.i)))
	}
	o = append(o, ast.Item(str("msg"), str(msg)))
	nb.n.add(name, append(o, more...))
}

// severity is a note field: the weight of the finding when a rule's
// findings differ in weight.
func severity(s string) [2]*ast.Term { return ast.Item(str("severity"), str(s)) }

// conditionNotes computes input.facts.condition_notes and
// input.facts.noted for the statements of a normalized policy; owner is
// the MRAP owner's account when known.
func (b *factsBuilder) conditionNotes(list []any, owner string) (ast.Value, ast.Value) {
	nb := &noteBuilder{b: b, owner: owner}
	conditioned := 0
	for i, v := range list {
		s, ok := v.(map[string]any)
		if !ok {
			continue
		}
		c, ok := s["Condition"].(map[string]any)
		switch {
		case !ok:
		case len(c) == 0:
			nb.n.add("empty", object{
				ast.Item(str("statement"), ast.InternedTerm(i)), ast.Item(str("path"), pathValue("Statement", i, "Condition")),
				ast.Item(str("msg"), str("Condition is empty, so it restricts nothing; add the keys it should test or remove it")),
			})
		default:
			conditioned++
			nb.statement(i, s, c)
		}
	}
	if conditioned > 1 {
		nb.redundantStatements(list)
	}
	return nb.n.values()
}

func (nb *noteBuilder) statement(i int, s, c map[string]any) {
	nb.entries, nb.texts, nb.kinds = nb.entries[:0], nb.texts[:0], nb.kinds[:0]
	nb.i, nb.s, nb.keysKnown, nb.matches, nb.matched = i, s, true, nil, false
	nb.effect, _ = s["Effect"].(string)
	for op, keys := range c {
		km, ok := keys.(map[string]any)
		if !ok {
			nb.keysKnown = false
			continue
		}
		o, known := iam.ParseOperator(op)
		if len(km) == 0 {
			nb.n.add("empty", object{
				ast.Item(str("statement"), ast.InternedTerm(i)), ast.Item(str("operator"), str(op)),
				ast.Item(str("path"), pathValue("Statement", i, "Condition", op)),
				ast.Item(str("msg"), str(fmt.Sprintf("operator %s has no keys, so it restricts nothing", op))),
			})
		}
		for key, values := range km {
			if l, ok := values.([]any); ok && len(l) == 0 {
				nb.n.add("empty", object{
					ast.Item(str("statement"), ast.InternedTerm(i)), ast.Item(str("operator"), str(op)), ast.Item(str("key"), str(key)),
					ast.Item(str("path"), pathValue("Statement", i, "Condition", op, key)),
					ast.Item(str("msg"), str(noValues(op, key, o, known))),
				})
			}
			if other := caseTwin(km, key); other != "" {
				nb.n.add("key_case_duplicate", object{
					ast.Item(str("statement"), ast.InternedTerm(i)), ast.Item(str("operator"), str(op)),
					ast.Item(str("key"), str(key)), ast.Item(str("path"), pathValue("Statement", i, "Condition", op, key)),
					ast.Item(str("msg"), str(fmt.Sprintf("%q and %q are one condition key (keys ignore case) written twice under %s, and AWS may read either; keep one spelling and merge the values", other, key, op))),
				})
			}
			if !known {
				continue
			}
			lk := strings.ToLower(key)
			e := condEntry{op: op, o: o, key: key, lk: lk, info: iam.LookupKey(lk)}
			if l, ok := values.([]any); ok {
				e.list, e.complete, e.lo = l, true, len(nb.texts)
				for _, v := range l {
					t, kind, ok := scalar(v)
					nb.texts = append(nb.texts, t)
					nb.kinds = append(nb.kinds, valueKind{kind, ok})
					e.complete = e.complete && ok
				}
				e.hi = len(nb.texts)
			}
			nb.entries = append(nb.entries, e)
		}
	}
	for k := range nb.entries {
		e := &nb.entries[k]
		nb.entryNotes(e)
		nb.contextNotes(e)
	}
}

// noValues says what a key without values does under its operator.
func noValues(op, key string, o iam.Operator, known bool) string {
	switch {
	case known && (o.Set == iam.ForAllValues || o.IfExists):
		return fmt.Sprintf("%s %s has no values, so it is true only when the request has no %s; if that is meant, write \"Null\": {%q: \"true\"}", op, key, key, key)
	case known && o.Set == iam.ForAnyValue:
		return fmt.Sprintf("%s %s has no values, so it is never true and the statement never applies", op, key)
	}
	return fmt.Sprintf("%s %s has no values, so the condition cannot match as intended", op, key)
}

// caseTwin returns the first, in sorted order, of the other keys of km
// that differ from key only in case, when it sorts before key: keys are
// case-insensitive, so the later one is the same key written twice.
func caseTwin(km map[string]any, key string) string {
	twin := ""
	for other := range km {
		if other < key && strings.EqualFold(other, key) && (twin == "" || other < twin) {
			twin = other
		}
	}
	return twin
}

// entryNotes are the notes of one entry that do not depend on the rest of
// its statement.
func (nb *noteBuilder) entryNotes(e *condEntry) {
	o := e.o
	if e.info != nil {
		if e.info.MultiValued() && o.Set == "" && o.Family != "Null" {
			nb.note("missing_qualifier", e, -1, fmt.Sprintf("%s carries a set of values in one request; write ForAnyValue:%s if one of them must match, or ForAllValues:%s if all must", e.key, e.op, e.op))
		}
		if typ := e.info.BaseType(); o.TextOnTypedKey(typ) {
			nb.note("text_on_typed_key", e, -1, fmt.Sprintf("%s compares %s as text, but it is a %s key, so equal values written differently do not match; use %s", e.op, e.key, typ, operatorsFor[typ]),
				severity("warning"))
		}
	}
	if iam.Role(e.lk) == iam.RoleCallerControlled {
		what := "it lets in whoever sends the expected one; grant access"
		if nb.effect == "Deny" {
			what = "this Deny stops only callers who do not change it; deny"
		}
		nb.note("untrusted_key", e, -1, fmt.Sprintf("%s is a header the caller sets to any value, so %s by who the caller is (principals, aws:PrincipalOrgID, aws:SourceVpce) instead", e.key, what))
	}
	if o.Family == "Null" && o.Set != "" {
		what := "always true"
		if o.Set == iam.ForAnyValue {
			what = "never true"
		}
		nb.note("presence_test", e, -1, fmt.Sprintf("%s %s: Null takes no %s, with which it is %s; write Null", e.op, e.key, o.Set, what))
	}
	if e.list == nil {
		return
	}
	texts, kinds := nb.entryTexts(e), nb.kinds[e.lo:e.hi]
	if o.Family == "Bool" && len(e.list) > 1 {
		nb.note("multiple_bool", e, -1, fmt.Sprintf("%s %s takes one value, true or false; with several it matches whatever the request says", e.op, e.key))
	}
	if types := mixedTypes(kinds); types != "" {
		nb.note("mixed_types", e, -1, fmt.Sprintf("%s %s mixes %s values; write them all in one JSON type, the one %s compares", e.op, e.key, types, e.op))
	}
	arnKey := e.info != nil && e.info.BaseType() == "ARN"
	privates, valid := 0, 0
	for j, t := range texts {
		if t == "" {
			continue
		}
		switch o.Family {
		case "String", "ARN":
			if p := iam.ValueFormat(e.lk, t); p != "" {
				nb.note("value_format", e, j, fmt.Sprintf("%s %s: %s, so no request matches it", e.op, e.key, p), severity("error"))
			}
			if o.Family == "String" && !o.Likes() && kinds[j].kind == iam.StringValue && iam.LiteralWildcard(t) {
				nb.note("wildcard_without_like", e, j, fmt.Sprintf("%s compares %q as written, so its wildcard matches only a literal * or ?; use %s if it is a pattern", e.op, t, likeOperator(e.op, o)))
			}
			if o.Family == "String" && o.Likes() && arnKey && iam.WildcardSpansSegments(t) {
				nb.note("arn_string_like", e, j, fmt.Sprintf("%s on %s: the wildcard before the resource in %q can match across ':' into the next ARN field; use %s, which matches each field on its own",
					e.op, e.key, t, strings.Replace(e.op, "String", "Arn", 1)))
			}
		case "Date":
			if iam.EpochDate(e.lk, t) {
				nb.note("value_format", e, j, fmt.Sprintf("%s %s: %s is epoch seconds, which may not resolve to the moment meant; write an ISO 8601 date such as 2026-01-31T00:00:00Z", e.op, e.key, t),
					severity("warning"))
			}
		case "IP":
			if m := iam.MaskedIP(t); m != "" {
				nb.note("ip_host_bits", e, j, fmt.Sprintf("%q has bits set after its prefix length, which IAM ignores: it stands for %s; write that", t, m))
			}
			if e.lk == "aws:sourceip" {
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
	const vpcSourceIP = "use aws:VpcSourceIp with aws:SourceVpc or aws:SourceVpce for private networks"
	if privates > 0 {
		if e.complete && privates == valid && valid == len(e.list) {
			outcome := "never matches"
			if o.Negated {
				outcome = "always matches"
			}
			nb.note("private_ip", e, -1, fmt.Sprintf("%s %s: every range is private, and aws:SourceIp holds only public addresses (a request from a private network comes through a VPC endpoint, with aws:VpcSourceIp), so this condition %s; %s",
				e.op, e.key, outcome, vpcSourceIP), severity("error"))
		} else {
			for j, t := range texts {
				if private, _ := iam.PrivateIP(t); private {
					nb.note("private_ip", e, j, fmt.Sprintf("%q is a private range, and aws:SourceIp holds only public addresses, so this value matches no request; %s", t, vpcSourceIP),
						severity("info"))
				}
			}
		}
	}
	for _, r := range iam.RedundantValues(o, texts) {
		v, by := texts[r.Index], texts[r.By]
		msg := fmt.Sprintf("%s %s: %q adds nothing beside %q, which covers it; remove it", e.op, e.key, v, by)
		switch {
		case v == by:
			msg = fmt.Sprintf("%s %s: %q is written twice; remove one", e.op, e.key, v)
		case r.Bound:
			msg = fmt.Sprintf("%s %s: %q adds nothing beside %q, the looser bound; keep only %q", e.op, e.key, v, by, by)
		}
		nb.note("redundant_value", e, r.Index, msg)
	}
}

// operatorsFor names the operators that compare a key type.
var operatorsFor = map[string]string{
	"Numeric":   "a Numeric operator",
	"Date":      "a Date operator",
	"Bool":      "Bool",
	"IPAddress": "IpAddress or NotIpAddress",
}

// contextNotes are the notes of one entry that depend on its statement:
// the Effect, the actions, the other keys.
func (nb *noteBuilder) contextNotes(e *condEntry) {
	o := e.o
	allow, deny := nb.effect == "Allow", nb.effect == "Deny"
	texts := nb.entryTexts(e)
	if e.lk == "s3:prefix" && o.Family == "String" && (allow && o.Negated || deny && !o.Negated) && nb.carried(e) {
		// An Allow grants the listings it means to hide: an error.
		what, sev := "in an Allow also allows listings with a shorter prefix, or none, which return the keys under the prefixes it excludes", "error"
		if deny {
			what, sev = "in a Deny leaves listings with a shorter prefix, or none, which return the same keys", "warning"
		}
		nb.note("s3_prefix_negative", e, -1, fmt.Sprintf("%s on s3:prefix %s; name the prefixes that may be listed instead (StringLike in an Allow, or StringNotLike in a Deny)", e.op, what),
			severity(sev))
	}
	if test := iam.PresenceTest(o, texts); test != iam.PresenceNone {
		if by := nb.presenceRequiredBy(e); test == iam.PresencePresent && by != "" {
			nb.note("redundant_key", e, -1, fmt.Sprintf("%s %s with \"*\" only requires %s to be present, which %s on it already does; remove it", e.op, e.key, e.key, by))
		} else {
			nb.note("presence_test", e, -1, fmt.Sprintf("%s %s with \"*\" %s", e.op, e.key, presenceText(test, e.key)))
		}
	}
	if allow && o.Positive() && nb.keysKnown && e.complete {
		if pair, why := iam.PairedKeys(e.lk, texts); pair != nil && !nb.hasAnyKey(pair) {
			nb.note("missing_paired_key", e, -1, fmt.Sprintf("%s alone lets in more than it seems: %s; test %s too in this statement", e.key, why, strings.Join(pair, " or ")))
		}
	}
	if iam.OwnerKey(e.lk) {
		owner := ""
		if nb.owner != "" {
			owner = " (" + nb.owner + ")"
		}
		nb.note("owner_key", e, -1, fmt.Sprintf("%s is the same in every request this MRAP's policy sees - the owner's account%s or its organization - so the condition is always true or always false; remove it, or test the caller (aws:PrincipalAccount, aws:PrincipalOrgID)", e.key, owner))
	}
	// Null on a tag key asks whether it is there: no tag is compared.
	if e.info != nil && e.info.Tag() && o.Family != "Null" && (allow || deny) && !nb.b.incomplete[nb.i]["Action"] && !nb.b.incomplete[nb.i]["NotAction"] {
		nb.tagNotes(e)
	}
}

// presenceText says what an entry with "*" under a pattern operator tests.
func presenceText(p iam.Presence, key string) string {
	switch p {
	case iam.PresencePresent:
		return fmt.Sprintf("is true exactly when the request carries %s; write \"Null\": {%q: \"false\"}", key, key)
	case iam.PresenceAbsent:
		return fmt.Sprintf("is true exactly when the request does not carry %s; write \"Null\": {%q: \"true\"}", key, key)
	case iam.PresenceAlways:
		return "is true for every request, so it restricts nothing; remove it"
	}
	return "is true for no request, so the statement never applies; remove it or fix the condition"
}

// actionMatches returns the catalogued actions each Action value of the
// statement matches; nil when it has no Action or one known only at deploy
// time.
func (nb *noteBuilder) actionMatches() [][]*iam.Action {
	if nb.matched {
		return nb.matches
	}
	nb.matched = true
	if list, ok := nb.s["Action"].([]any); ok && !nb.b.incomplete[nb.i]["Action"] {
		for _, v := range list {
			if v, ok := v.(string); ok {
				nb.matches = append(nb.matches, actionFacts(v).matches)
			}
		}
	}
	return nb.matches
}

// carried: some action of the statement may carry the key (true when the
// actions are unknown).
func (nb *noteBuilder) carried(e *condEntry) bool {
	m := nb.actionMatches()
	return e.info == nil || m == nil || e.info.AppliesTo(m...)
}

// presenceRequiredBy returns the first (in sorted order) other operator of
// the statement that tests e's key and requires it to be present, making
// a presence test on it redundant, or "".
func (nb *noteBuilder) presenceRequiredBy(e *condEntry) string {
	by := ""
	for k := range nb.entries {
		f := &nb.entries[k]
		if f == e || f.lk != e.lk || by != "" && f.op >= by {
			continue
		}
		if f.o.Family != "Null" && f.o.Positive() {
			by = f.op
			continue
		}
		if f.o.Family == "Null" && f.o.Set == "" && f.complete {
			for _, t := range nb.entryTexts(f) {
				if v, ok := iam.ParseBool(t, iam.StringValue); ok && !v {
					by = f.op
				}
			}
		}
	}
	return by
}

func (nb *noteBuilder) hasAnyKey(keys []string) bool {
	for k := range nb.entries {
		for _, key := range keys {
			if strings.EqualFold(nb.entries[k].key, key) {
				return true
			}
		}
	}
	return false
}

// tagNotes notes a tag key that some of the statement's actions usable
// through an MRAP do not carry: the condition is false (or, without the
// key, true) for them whatever the tags.
func (nb *noteBuilder) tagNotes(e *condEntry) {
	var covered []*iam.Action
	_, notAction := nb.s["NotAction"]
	if notAction {
		var excluded []*iam.Action
		list, _ := nb.s["NotAction"].([]any)
		for _, v := range list {
			if v, ok := v.(string); ok {
				excluded = append(excluded, actionFacts(v).matches...)
			}
		}
		all := iam.S3().Actions()
		for k := range all {
			if a := &all[k]; a.ViaMRAP && !contains(excluded, a) {
				covered = append(covered, a)
			}
		}
	} else {
		// None of the actions carries a key with carriers listed:
		// condition/key-not-applicable says so.
		if e.info.Carriers != nil && !nb.carried(e) {
			return
		}
		for _, m := range nb.actionMatches() {
			for _, a := range m {
				if a.ViaMRAP && !contains(covered, a) {
					covered = append(covered, a)
				}
			}
		}
	}
	var missing []string
	for _, a := range covered {
		if !a.Carries(e.lk) {
			missing = append(missing, a.Name)
		}
	}
	if len(missing) == 0 {
		return
	}
	sort.Strings(missing)
	actions := strings.Join(missing[:min(3, len(missing))], ", ")
	if len(missing) > 3 {
		actions = fmt.Sprintf("%s and %d more", actions, len(missing)-3)
	}
	if notAction {
		actions = "the actions NotAction leaves in (such as " + actions + ")"
	}
	// Warnings: a Deny that lets actions through, an Allow that grants
	// them without the tag test. The rest only grants or denies less.
	always := iam.AbsentKey(e.op, nil) == iam.Yes // true for a request without the key
	act, acts := "deny", "denies"
	if nb.effect == "Allow" {
		act, acts = "grant", "grants"
	}
	verb, whatever := "never "+acts, "whatever the tags"
	if always {
		verb, whatever = acts, "without looking at tags"
	}
	sev := "warning"
	if always != (nb.effect == "Allow") {
		sev = "info"
	}
	nb.note("tag_key_unsupported", e, -1, fmt.Sprintf("this %s %s %s %s: their requests carry no %s, and %s is %v without it; %s them in a statement of their own, without this condition",
		nb.effect, verb, actions, whatever, e.key, e.op, always, act), severity(sev))
}

func contains(list []*iam.Action, a *iam.Action) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
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

// mixedTypes names the JSON types of an entry's values ("string and
// number") when they are not all of one type, else "".
func mixedTypes(kinds []valueKind) string {
	var seen [3]bool
	n := 0
	for _, k := range kinds {
		if k.scalar && int(k.kind) < len(seen) && !seen[k.kind] {
			seen[k.kind] = true
			n++
		}
	}
	if n < 2 {
		return ""
	}
	var out []string
	for k, name := range []string{"string", "number", "boolean"} {
		if seen[k] {
			out = append(out, name)
		}
	}
	return strings.Join(out, " and ")
}

// maxPairedStatements bounds the pairs redundantStatements compares.
const maxPairedStatements = 256

// redundantStatements notes a statement that another with the same
// Effect, principals, actions and resources makes redundant because a
// pattern of the other's condition covers every value of its own
// (StringLike "logs/*" against "logs/app/*"). Identical statements are
// statement/redundant's.
func (nb *noteBuilder) redundantStatements(list []any) {
	var cands []int
	for i, v := range list {
		if s, ok := v.(map[string]any); ok && len(nb.b.incomplete[i]) == 0 {
			if c, ok := s["Condition"].(map[string]any); ok && len(c) > 0 {
				cands = append(cands, i)
			}
		}
	}
	if len(cands) > maxPairedStatements {
		return
	}
	cond := func(i int) map[string]any {
		c, _ := list[i].(map[string]any)["Condition"].(map[string]any)
		return c
	}
	for x, i := range cands {
		for _, j := range cands[x+1:] {
			wider, narrower := i, j
			switch conditionCovers(cond(i), cond(j)) {
			case iam.Yes:
			case iam.Maybe:
				continue
			default:
				if conditionCovers(cond(j), cond(i)) != iam.Yes {
					continue
				}
				wider, narrower = j, i
			}
			if !sameBesideCondition(list[i].(map[string]any), list[j].(map[string]any)) {
				continue
			}
			nb.n.add("redundant_statement", object{
				ast.Item(str("statement"), ast.InternedTerm(narrower)),
				ast.Item(str("path"), pathValue("Statement", narrower, "Condition")),
				ast.Item(str("msg"), str(fmt.Sprintf("statement %d is the same as this one but for condition patterns that cover this one's, so this statement adds nothing; remove it", wider))),
			})
		}
	}
}

// sameBesideCondition reports whether two statements are the same but for
// their Sid and Condition.
func sameBesideCondition(a, b map[string]any) bool {
	n := 0
	for k, va := range a {
		if k == "Sid" || k == "Condition" {
			continue
		}
		vb, ok := b[k]
		if !ok || !reflect.DeepEqual(va, vb) {
			return false
		}
		n++
	}
	for k := range b {
		if k != "Sid" && k != "Condition" {
			n--
		}
	}
	return n == 0
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
		ma, ok1 := ka.(map[string]any)
		mb, ok2 := b[op].(map[string]any)
		if !ok1 || !ok2 || len(ma) != len(mb) {
			return iam.No
		}
		o, known := iam.ParseOperator(op)
		for key, va := range ma {
			la, ok1 := va.([]any)
			lb, ok2 := mb[key].([]any)
			if !ok1 || !ok2 {
				return iam.No
			}
			if sameScalars(la, lb) {
				continue
			}
			// b's values, each covered by one of a's, under an operator
			// that passes when any value matches.
			if !known || !o.Likes() || o.Negated || o.Set == iam.ForAllValues {
				return iam.No
			}
			for _, y := range lb {
				yt, ok := y.(string)
				if !ok || !coveredBy(yt, la, o.Family == "ARN") {
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

func coveredBy(y string, patterns []any, arn bool) bool {
	for _, x := range patterns {
		if xt, ok := x.(string); ok && !iam.HasVariable(xt) && iam.Covers(xt, y, false, arn) == iam.Yes {
			return true
		}
	}
	return false
}

// sameScalars reports whether two value lists hold the same scalars in
// the same order (a list with anything else is not the same).
func sameScalars(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		switch a[k].(type) {
		case string, json.Number, bool:
			if a[k] != b[k] {
				return false
			}
		default:
			return false
		}
	}
	return true
}
