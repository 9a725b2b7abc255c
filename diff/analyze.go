package diff

import (
	"fmt"
	"strings"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/iam"
)

// delta is one difference go-cmp found between two canonical statements:
// the path of struct fields and map keys, and which side has the value.
type delta struct {
	field  string // canon field name
	keys   []any  // map keys below it
	inB    bool
	inA    bool
	before any
	after  any
}

// collector is the custom go-cmp reporter: it records where the canonical
// forms differ, never go-cmp's own text.
type collector struct {
	path   gocmp.Path
	deltas []delta
}

func (r *collector) PushStep(ps gocmp.PathStep) { r.path = append(r.path, ps) }
func (r *collector) PopStep()                   { r.path = r.path[:len(r.path)-1] }

func (r *collector) Report(rs gocmp.Result) {
	if rs.Equal() {
		return
	}
	var d delta
	for _, step := range r.path {
		switch s := step.(type) {
		case gocmp.StructField:
			d.field = s.Name()
		case gocmp.MapIndex:
			d.keys = append(d.keys, s.Key().Interface())
		}
	}
	vx, vy := r.path.Last().Values()
	d.inB, d.inA = vx.IsValid(), vy.IsValid()
	if d.inB && vx.CanInterface() {
		d.before = vx.Interface()
	}
	if d.inA && vy.CanInterface() {
		d.after = vy.Interface()
	}
	r.deltas = append(r.deltas, d)
}

// stmtDiff builds the changes of one matched statement.
type stmtDiff struct {
	c       *computer
	b, a    *stmt
	bp, ap  string // statement pointers
	changes []FieldChange
	tagged  bool // elemEffect named the notions of public in its note
}

// takeTag reports whether the last elemEffect named the notions of public,
// and forgets it.
func (sd *stmtDiff) takeTag() bool {
	t := sd.tagged
	sd.tagged = false
	return t
}

func (c *computer) changed(b, a *stmt) (StatementChange, bool) {
	if b.key == a.key {
		return StatementChange{}, false
	}
	c.scope(b)
	c.scope(a)
	var col collector
	gocmp.Equal(b.c, a.c, gocmp.Reporter(&col))
	sd := &stmtDiff{c: c, b: b, a: a,
		bp: c.before.pointer("Statement", b.st.Index),
		ap: c.after.pointer("Statement", a.st.Index)}

	group := map[string]*elemGroup{}
	var order []string
	grp := func(field, typ string) *elemGroup {
		k := field + "\x00" + typ
		g, ok := group[k]
		if !ok {
			g = &elemGroup{field: field, typ: typ}
			group[k] = g
			order = append(order, k)
		}
		return g
	}
	condAdded, condRemoved := map[condID]bool{}, map[condID]bool{}
	valueChanges := map[condID]*elemGroup{}
	var valueOrder []condID
	for _, d := range col.deltas {
		switch d.field {
		case "Sid", "Effect":
			// handled below from the statements themselves
		case "Principal", "NotPrincipal":
			typ := d.keys[0].(string)
			g := grp(d.field, typ)
			if len(d.keys) == 1 { // a whole principal type on one side
				g.addSet(d.before, d.after)
			} else {
				g.add(d.keys[1].(string), d.inB, d.inA)
			}
		case "Action", "NotAction", "Resource", "NotResource":
			grp(d.field, "").add(d.keys[0].(string), d.inB, d.inA)
		case "Condition":
			id := d.keys[0].(condID)
			if len(d.keys) == 1 {
				if d.inB {
					condRemoved[id] = true
				} else {
					condAdded[id] = true
				}
				continue
			}
			g, ok := valueChanges[id]
			if !ok {
				g = &elemGroup{field: FieldConditionValue}
				valueChanges[id] = g
				valueOrder = append(valueOrder, id)
			}
			g.add(d.keys[1].(string), d.inB, d.inA)
		}
	}

	if b.st.HasSid != a.st.HasSid || b.st.Sid != a.st.Sid {
		fc := FieldChange{Field: FieldSid, Op: opFor(b.st.HasSid, a.st.HasSid)}
		if b.st.HasSid {
			fc.Before, fc.PointerBefore = []string{b.st.Sid}, c.before.pointer("Statement", b.st.Index, "Sid")
		}
		if a.st.HasSid {
			fc.After, fc.PointerAfter = []string{a.st.Sid}, c.after.pointer("Statement", a.st.Index, "Sid")
		}
		fc.Reason = fmt.Sprintf("Sid %s → %s (no effect on access)", orAbsent(b.st.Sid, b.st.HasSid), orAbsent(a.st.Sid, a.st.HasSid))
		sd.changes = append(sd.changes, fc)
	}

	var seen [3]bool
	for _, k := range order {
		g := group[k]
		sd.dimension(g)
		dim, _ := dimOf(g.field)
		seen[dim] = true
	}
	// An element present but empty on one side and absent on the other
	// (e.g. "Action": [] versus no Action) has no values to list.
	for dim := range seen {
		if fb, fa := b.forms[dim], a.forms[dim]; !seen[dim] && fb != fa {
			sd.changes = append(sd.changes, FieldChange{
				Field: dimNames[dim], Op: OpChanged,
				PointerBefore: c.before.pointer("Statement", b.st.Index),
				PointerAfter:  c.after.pointer("Statement", a.st.Index),
				Reason:        fmt.Sprintf("%s → %s", formName(dim, fb), formName(dim, fa)),
				flags:         unknownF,
			})
		}
	}
	sd.conditions(condRemoved, condAdded, valueChanges, valueOrder)

	// An Effect flip decides everything: Allow→Deny takes away all the old
	// statement granted and denies what the new one matches; Deny→Allow the
	// reverse.
	effectChanged := b.st.Effect != a.st.Effect
	var ef flags
	if effectChanged {
		switch {
		case b.st.Effect == "Allow" && a.st.Effect == "Deny":
			ef = shrinksF
		case b.st.Effect == "Deny" && a.st.Effect == "Allow":
			ef = growsF
		default:
			ef = unknownF
		}
		for i := range sd.changes {
			if sd.changes[i].Field != FieldSid {
				sd.changes[i].flags = ef
			}
		}
		sd.changes = append(sd.changes, FieldChange{
			Field: FieldEffect, Op: OpChanged,
			Before: []string{b.st.Effect}, After: []string{a.st.Effect},
			PointerBefore: c.before.pointer("Statement", b.st.Index, "Effect"),
			PointerAfter:  c.after.pointer("Statement", a.st.Index, "Effect"),
			Reason:        fmt.Sprintf("effect %s → %s", effectName(b.st.Effect), effectName(a.st.Effect)),
			flags:         ef,
		})
	}

	// A statement that grants (or denies) nothing on one side bounds what
	// any of its changes can do.
	canGrow, canShrink, inertNote := sd.reachability()
	for i := range sd.changes {
		sd.changes[i].flags = gate(sd.changes[i].flags, canGrow, canShrink)
	}

	sortChanges(sd.changes)
	var all flags
	for i := range sd.changes {
		fc := &sd.changes[i]
		fc.Access = fc.flags.access()
		all |= fc.flags
	}
	sc := StatementChange{
		Kind: Changed, Sid: a.st.Sid, Effect: a.st.Effect,
		PointerBefore: sd.bp, PointerAfter: sd.ap,
		Access: all.access(), Changes: sd.changes,
	}
	sc.PublicBefore, _ = iam.Open(*b.st)
	sc.PublicAfter, _ = iam.Open(*a.st)
	sc.PublicToAWSBefore, _ = iam.PublicToAWS(*b.st)
	sc.PublicToAWSAfter, _ = iam.PublicToAWS(*a.st)
	lead, tagged := "", false
	for _, fc := range sd.changes {
		if fc.Access == sc.Access {
			lead, tagged = fc.Reason, fc.tagged
			break
		}
	}
	sc.Reason = fmt.Sprintf("%s statement %s: %s", effectName(a.st.Effect), statementName(a.st, sd.ap), lead)
	if !tagged {
		sc.Reason += becomes(sc)
	}
	sc.Reason += inertNote
	return sc, true
}

// elemGroup gathers the elements of one field (and principal type, or
// condition entry) present on only one side.
type elemGroup struct {
	field, typ     string
	removed, added []string
}

func (g *elemGroup) add(v string, inB, inA bool) {
	switch {
	case inB && !inA:
		g.removed = append(g.removed, v)
	case inA && !inB:
		g.added = append(g.added, v)
	}
}

func (g *elemGroup) addSet(before, after any) {
	if m, ok := before.(set); ok {
		for _, v := range sortedKeys(m) {
			g.removed = append(g.removed, v)
		}
	}
	if m, ok := after.(set); ok {
		for _, v := range sortedKeys(m) {
			g.added = append(g.added, v)
		}
	}
}

func dimOf(field string) (dim int, not bool) {
	switch field {
	case FieldPrincipal:
		return dimPrincipal, false
	case FieldNotPrincipal:
		return dimPrincipal, true
	case FieldAction:
		return dimAction, false
	case FieldNotAction:
		return dimAction, true
	case FieldResource:
		return dimResource, false
	}
	return dimResource, true
}

var dimNames = [3]string{"Principal", "Action", "Resource"}

// noun is the element name used in reasons.
func noun(field string) string {
	switch field {
	case FieldPrincipal:
		return "principal"
	case FieldAction:
		return "action"
	case FieldResource:
		return "resource"
	}
	return field
}

// dimension analyses the changes of one field group.
func (sd *stmtDiff) dimension(g *elemGroup) {
	dim, not := dimOf(g.field)
	fb, fa := sd.b.forms[dim], sd.a.forms[dim]
	var switched flags
	var switchReason string
	switching := fb != fa || fb == formBoth
	switch {
	case fb != fa && dim == dimAction && sd.judged():
		switched, switchReason = sd.actionSwitch(fb, fa)
	case fb != fa:
		switch {
		case fb == formPos && fa == formNot:
			switched = growsF | unknownF
		case fb == formNot && fa == formPos:
			switched = shrinksF | unknownF
		default:
			switched = unknownF
		}
		switchReason = fmt.Sprintf("%s → %s", formName(dim, fb), formName(dim, fa))
	case fb == formBoth:
		switched = unknownF
		switchReason = fmt.Sprintf("both %s and Not%s present", dimNames[dim], dimNames[dim])
	}

	// Pair one removed with one added value as a change of that value.
	if len(g.removed) == 1 && len(g.added) == 1 {
		x, y := g.removed[0], g.added[0]
		fc := sd.elemChange(g, OpChanged, x, y)
		if switching {
			fc.flags, fc.Reason = polarity(sd.a.st.Effect, switched), switchReason
		} else {
			fr, rr := sd.elemEffect(g, dim, not, x, true)

			fa, ra := sd.elemEffect(g, dim, not, y, false)
			// That one side of the pair covers the other is obvious.
			if rr == "still covered" {
				rr = ""
			}
			if ra == "already covered" {
				ra = ""
			}
			fc.flags, fc.tagged = fr|fa, sd.takeTag()
			fc.Reason = fmt.Sprintf("%s %s → %s", noun(g.field), sd.display(g, x, true), sd.display(g, y, false))
			if rr != "" && ra != "" { // say which note is whose
				rr, ra = sd.display(g, x, true)+": "+rr, sd.display(g, y, false)+": "+ra
			}
			if extra := joinNotes(rr, ra); extra != "" {
				fc.Reason += " (" + extra + ")"
			}
		}
		sd.changes = append(sd.changes, fc)
		return
	}
	for _, x := range g.removed {
		fc := sd.elemChange(g, OpRemoved, x, "")
		if switching {
			fc.flags, fc.Reason = polarity(sd.a.st.Effect, switched), switchReason
		} else {
			var note string
			fc.flags, note = sd.elemEffect(g, dim, not, x, true)
			fc.Reason = fmt.Sprintf("%s %s removed", noun(g.field), sd.display(g, x, true)) + paren(note)
		}
		sd.changes = append(sd.changes, fc)
	}
	for _, y := range g.added {
		fc := sd.elemChange(g, OpAdded, "", y)
		if switching {
			fc.flags, fc.Reason = polarity(sd.a.st.Effect, switched), switchReason
		} else {
			var note string
			fc.flags, note = sd.elemEffect(g, dim, not, y, false)
			fc.tagged = sd.takeTag()
			fc.Reason = fmt.Sprintf("%s %s added", noun(g.field), sd.display(g, y, false)) + paren(note)
		}
		sd.changes = append(sd.changes, fc)
	}
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

func formName(dim int, f form) string {
	switch f {
	case formPos:
		return dimNames[dim]
	case formNot:
		return "Not" + dimNames[dim]
	case formBoth:
		return dimNames[dim] + " and Not" + dimNames[dim]
	}
	return "no " + dimNames[dim]
}

// display is the element as written in its document.
func (sd *stmtDiff) display(g *elemGroup, v string, before bool) string {
	s := sd.a
	if before {
		s = sd.b
	}
	r, ok := s.refs[refKey{g.field, g.typ, v}]
	if !ok {
		return v
	}
	if g.typ != "" && g.typ != "AWS" {
		return g.typ + " " + r.raw
	}
	return r.raw
}

func (sd *stmtDiff) elemChange(g *elemGroup, op Op, x, y string) FieldChange {
	fc := FieldChange{Field: g.field, Op: op, Type: g.typ}
	path := func(s *stmt, v string) []any {
		r := s.refs[refKey{g.field, g.typ, v}]
		if g.typ != "" {
			return []any{"Statement", s.st.Index, g.field, g.typ, r.index}
		}
		return []any{"Statement", s.st.Index, g.field, r.index}
	}
	if op != OpAdded {
		fc.Before = []string{sd.b.refs[refKey{g.field, g.typ, x}].raw}
		fc.PointerBefore = sd.c.before.pointer(path(sd.b, x)...)
	}
	if op != OpRemoved {
		fc.After = []string{sd.a.refs[refKey{g.field, g.typ, y}].raw}
		fc.PointerAfter = sd.c.after.pointer(path(sd.a, y)...)
	}
	return fc
}

// elemEffect is the access effect of removing (before) or adding one
// element of a field whose form did not change, with a note for the reason.
func (sd *stmtDiff) elemEffect(g *elemGroup, dim int, not bool, v string, before bool) (flags, string) {
	// The other side's full set for this field: an added element is judged
	// against what was there, a removed one against what remains.
	other := sd.b
	if before {
		other = sd.a
	}
	var cov iam.Tri
	var note string
	switch dim {
	case dimPrincipal:
		if why := sd.principalIrrelevant(g.typ, v, not, before); why != "" {
			return 0, why
		}
		p := other.c.Principal
		if not {
			p = other.c.NotPrincipal
		}
		cov = iam.PrincipalCovered(g.typ, v, p)
		if cov == iam.Yes {
			note = coveredNote(before)
		}
	case dimAction:
		if sd.judged() {
			return sd.actionEffect(v, not, before)
		}
		s := other.c.Action
		if not {
			s = other.c.NotAction
		}
		var names []string
		if !sd.c.afford(len(s), iam.HasWildcard(v)) {
			return sd.uncompared(not, before, len(s))
		}
		cov, names = sd.c.cat.ActionCovered(v, s)
		switch {
		case cov == iam.Yes && len(names) > 0:
			note = "already covered, per the IAM catalog"
		case cov == iam.Yes && before:
			note = "still covered"
		case cov == iam.Yes:
			note = "already covered"
		case cov == iam.Maybe:
			note = "matches no known action; cannot tell"
		case len(names) > 0 && iam.HasWildcard(v):
			verb := "adds"
			if before != not {
				verb = "removes"
			}
			note = fmt.Sprintf("%s %d %s: %s", verb, len(names), plural(len(names), "action", "actions"), listSome(names, 3))
		}
	case dimResource:
		if why := sd.resourceIrrelevant(v, before == not); why != "" {
			return 0, why
		}
		s := other.c.Resource
		if not {
			s = other.c.NotResource
		}
		if !sd.c.afford(len(s), iam.HasWildcard(v)) {
			return sd.uncompared(not, before, len(s))
		}
		cov = iam.CoveredBy(v, s, false, true)
		if cov == iam.Yes {
			note = coveredNote(before)
		}
		if cov == iam.Maybe {
			cov = iam.No // adding a resource never narrows: assume it adds
		}
	}
	var scope flags
	switch cov {
	case iam.No:
		// Adding to a positive list or removing from a Not list widens
		// the statement.
		if before == not {
			scope = growsF
		} else {
			scope = shrinksF
		}
	case iam.Maybe:
		scope = unknownF
	}
	f := polarity(sd.a.st.Effect, scope)
	if dim == dimPrincipal && !before && !not && v == "*" && g.typ == "AWS" && sd.a.st.Effect == "Allow" {
		open, why := iam.Open(*sd.a.st)
		toAWS, _ := iam.PublicToAWS(*sd.a.st)
		if open {
			note = joinNotes(note, publicTag(open, toAWS))
		} else {
			note = joinNotes(note, "not open: "+strings.TrimPrefix(why, "principal * "))
		}
		sd.tagged = true
	}
	return f, note
}

// publicTag names the two notions of public for a statement: "" when it is
// not open, else whether it is also public to AWS (a statement public to
// AWS is always open).
func publicTag(open, toAWS bool) string {
	switch {
	case !open:
		return ""
	case toAWS:
		return "open; public to AWS"
	}
	return "open; not public to AWS"
}

// becomes says how a changed statement moves between the notions of
// public, or "".
func becomes(sc StatementChange) string {
	switch {
	case sc.PublicAfter && !sc.PublicBefore:
		if sc.PublicToAWSAfter {
			return "; the statement becomes open and public to AWS"
		}
		return "; the statement becomes open (not public to AWS)"
	case sc.PublicBefore && !sc.PublicAfter:
		if sc.PublicToAWSBefore {
			return "; the statement is no longer open nor public to AWS"
		}
		return "; the statement is no longer open"
	case sc.PublicToAWSAfter && !sc.PublicToAWSBefore:
		return "; the statement becomes public to AWS (it was open already)"
	case sc.PublicToAWSBefore && !sc.PublicToAWSAfter:
		return "; the statement is no longer public to AWS (it stays open)"
	}
	return ""
}

// uncompared is elemEffect's answer past the work limit: the element is
// taken as not covered by the other side, which may over-report (an added
// element that was covered reads as widening) but never under-reports.
func (sd *stmtDiff) uncompared(not, before bool, n int) (flags, string) {
	scope := shrinksF
	if before == not {
		scope = growsF
	}
	return polarity(sd.a.st.Effect, scope), fmt.Sprintf("not compared with the other %d: the policies are past the diff's work limit", n)
}

func listSome(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + ", …"
}

// conditions analyses condition entries (operator + key) added or removed,
// operators changed for a key, and values changed within an entry.
func (sd *stmtDiff) conditions(removed, added map[condID]bool, values map[condID]*elemGroup, valueOrder []condID) {
	// An entry removed and another added for the same key, one each: the
	// operator changed.
	byKey := map[string][2][]condID{}
	for id := range removed {
		if id.Variant == "" {
			e := byKey[id.Key]
			e[0] = append(e[0], id)
			byKey[id.Key] = e
		}
	}
	for id := range added {
		if id.Variant == "" {
			e := byKey[id.Key]
			e[1] = append(e[1], id)
			byKey[id.Key] = e
		}
	}
	for _, k := range sortedKeys(byKey) {
		e := byKey[k]
		if len(e[0]) != 1 || len(e[1]) != 1 {
			continue
		}
		x, y := e[0][0], e[1][0]
		delete(removed, x)
		delete(added, y)
		vb, va := sd.b.c.Condition[x], sd.a.c.Condition[y]
		// New within old over the new statement's requests (may it let
		// more in?), old within new over the old one's (may it keep some
		// out?).
		within, wNote := opSubset(k, y.Op, va, x.Op, vb, sd.a)
		covers, cNote := opSubset(k, x.Op, vb, y.Op, va, sd.b)
		key := sd.a.rawKey(y)
		fc := FieldChange{
			Field: FieldCondition, Op: OpChanged, OperatorBefore: x.Op, Operator: y.Op, Key: key,
			Before: sd.b.st.Condition[x.Op][sd.b.rawKey(x)], After: sd.a.st.Condition[y.Op][key],
			PointerBefore: sd.c.before.pointer("Statement", sd.b.st.Index, "Condition", x.Op, sd.b.rawKey(x)),
			PointerAfter:  sd.c.after.pointer("Statement", sd.a.st.Index, "Condition", y.Op, key),
			Reason:        fmt.Sprintf("condition %s: %s → %s", key, x.Op, y.Op),
			flags:         polarity(sd.a.st.Effect, fromTri(within, covers)),
		}
		note := wNote
		if note == "" {
			note = cNote
		}
		if within == iam.Yes && covers == iam.Yes {
			note = joinNotes("equivalent for these values", note)
		}
		fc.Reason += paren(note)
		sd.changes = append(sd.changes, fc)
	}

	entry := func(id condID, before bool) {
		s, sdSide, op, verb := sd.a, &sd.c.after, OpAdded, "added to"
		scope := shrinksF // one more condition that must hold
		if before {
			s, sdSide, op, verb = sd.b, &sd.c.before, OpRemoved, "removed from"
			scope = growsF
		}
		key := s.rawKey(id)
		fc := FieldChange{Field: FieldCondition, Op: op, Operator: id.Op, Key: key}
		vals := s.st.Condition[id.Op][key]
		ptr := sdSide.pointer("Statement", s.st.Index, "Condition", id.Op, key)
		if before {
			fc.Before, fc.PointerBefore = vals, ptr
		} else {
			fc.After, fc.PointerAfter = vals, ptr
		}
		fc.Reason = fmt.Sprintf("condition %s %s %s", key, verb, effectName(s.st.Effect))
		o := parseOp(id.Op)
		// A removed entry lets in requests of the new statement, an added
		// one keeps out requests of the old.
		side := sd.b
		if before {
			side = sd.a
		}
		switch {
		case id.Variant != "":
			scope = unknownF
			fc.Reason += " (the key is also written in another letter case under the same operator)"
		case keyPresence(id.Key, side) == neverPresent && iam.AbsentKey(id.Op, vals) == iam.Yes:
			scope = 0
			fc.Reason += fmt.Sprintf(" (no request for the statement's actions carries %s, and %s is true without it)", key, id.Op)
		case o.prefix == "ForAllValues:" || o.ifExists:
			fc.Reason += fmt.Sprintf(" (%s is true when the key is absent)", id.Op)
		}
		fc.flags = polarity(sd.a.st.Effect, scope)
		sd.changes = append(sd.changes, fc)
	}
	for _, id := range sortedIDs(removed) {
		entry(id, true)
	}
	for _, id := range sortedIDs(added) {
		entry(id, false)
	}

	for _, id := range valueOrder {
		sd.conditionValues(id, values[id])
	}
}

func sortedIDs(m map[condID]bool) []condID {
	ids := make([]condID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sortIDs(ids)
	return ids
}

// conditionValues analyses values added to or removed from a condition
// entry present on both sides. A positive operator matches if any value
// matches, so a new value can only widen it; a negated one (StringNotEquals,
// NotIpAddress, …) matches if none does, so a new value can only narrow it.
func (sd *stmtDiff) conditionValues(id condID, g *elemGroup) {
	o := parseOp(id.Op)
	keyB, keyA := sd.b.rawKey(id), sd.a.rawKey(id)
	effect := func(v string, before bool) flags {
		if !o.known || id.Variant != "" {
			return unknownF
		}
		// A value added to a positive operator (removed from a negated
		// one) may let in requests of the new statement; without the key
		// in any of them, the entry's value does not depend on its values.
		if keyPresence(id.Key, sd.widening(before == o.negated)) == neverPresent {
			return 0
		}
		other := sd.b.c.Condition[id]
		if before {
			other = sd.a.c.Condition[id]
		}
		cov := iam.No
		// Past the work limit a value is taken as not covered: an added
		// one widens, a removed one narrows, as if it were new.
		if o.fam != famOpaque && sd.c.afford(len(other), iam.HasWildcard(v)) {
			cov = valueCovered(v, o.match, other, o.match, o.fam == famARN)
		}
		if cov == iam.Yes {
			return 0
		}
		// A value covered or not, adding to an OR-list never narrows it:
		// assume it widens.
		scope := growsF
		if before != o.negated {
			scope = shrinksF
		}
		return polarity(sd.a.st.Effect, scope)
	}
	mk := func(op Op, x, y string) FieldChange {
		fc := FieldChange{Field: FieldConditionValue, Op: op, Operator: id.Op, Key: keyA}
		if op != OpAdded {
			r := sd.b.condRef(id, x)
			fc.Before = []string{x}
			fc.PointerBefore = sd.c.before.pointer("Statement", sd.b.st.Index, "Condition", id.Op, keyB, r.index)
			fc.flags |= effect(x, true)
		}
		if op != OpRemoved {
			r := sd.a.condRef(id, y)
			fc.After = []string{y}
			fc.PointerAfter = sd.c.after.pointer("Statement", sd.a.st.Index, "Condition", id.Op, keyA, r.index)
			fc.flags |= effect(y, false)
		}
		switch op {
		case OpChanged:
			fc.Reason = fmt.Sprintf("condition %s value %s → %s", keyA, x, y)
		case OpAdded:
			fc.Reason = fmt.Sprintf("condition %s value %s added", keyA, y)
		default:
			fc.Reason = fmt.Sprintf("condition %s value %s removed", keyA, x)
		}
		if o.negated {
			fc.Reason += fmt.Sprintf(" (%s excludes its values)", id.Op)
		}
		if o.known && id.Variant == "" && keyPresence(id.Key, sd.a) == neverPresent && keyPresence(id.Key, sd.b) == neverPresent {
			fc.Reason += fmt.Sprintf(" (no request for the statement's actions carries %s)", keyA)
		}
		return fc
	}
	if len(g.removed) == 1 && len(g.added) == 1 {
		sd.changes = append(sd.changes, mk(OpChanged, g.removed[0], g.added[0]))
		return
	}
	for _, x := range g.removed {
		sd.changes = append(sd.changes, mk(OpRemoved, x, ""))
	}
	for _, y := range g.added {
		sd.changes = append(sd.changes, mk(OpAdded, "", y))
	}
}

func coveredNote(removed bool) string {
	if removed {
		return "still covered"
	}
	return "already covered"
}
