package diff

import (
	"fmt"

	"github.com/mrapguard/mrapguard/iam"
)

// The changes through which no request can gain access (see scope.go):
// what each element change is judged against is the side of the diff
// where the change would let requests in. A change that widens what a
// statement matches adds requests the new statement matches, so it is
// judged against the new statement's resources, conditions and principal;
// one that narrows it against the old statement's.

// judged: both sides' actions can be enumerated.
func (sd *stmtDiff) judged() bool { return sd.b.sc.judged && sd.a.sc.judged }

// widening is the side whose requests a change that widens (grows) or
// narrows the statement's scope is about.
func (sd *stmtDiff) widening(grows bool) *stmt {
	if grows {
		return sd.a
	}
	return sd.b
}

// reachability says whether any change of the statement can grant access
// (canGrow: the new statement is an Allow that grants something, or the
// old one a Deny that denied something) and take it away, and a note for
// the statement's reason when a side has no effect.
func (sd *stmtDiff) reachability() (canGrow, canShrink bool, note string) {
	eb, ea := sd.b.st.Effect, sd.a.st.Effect
	ib, whyB := sd.b.sc.inert(eb)
	ia, whyA := sd.a.sc.inert(ea)
	if !knownEffect(eb) || !knownEffect(ea) {
		return true, true, ""
	}
	canGrow = ea == "Allow" && !ia || eb == "Deny" && !ib
	canShrink = eb == "Allow" && !ib || ea == "Deny" && !ia
	switch {
	case ib && ia:
		note = fmt.Sprintf("; the statement %s, before or after the change: %s", nothing(ea), whyA)
	case ia:
		note = fmt.Sprintf("; the statement now %s: %s", nothing(ea), whyA)
	case ib:
		note = fmt.Sprintf("; the statement %s before the change: %s", nothing(eb), whyB)
	}
	return canGrow, canShrink, note
}

func knownEffect(e string) bool { return e == "Allow" || e == "Deny" }

// nothing is what a statement with no effect does.
func nothing(effect string) string {
	if effect == "Deny" {
		return "denies nothing"
	}
	return "grants nothing"
}

// inertNote is the note on an added or removed statement with no effect.
func inertNote(effect string, inert bool, why string) string {
	if !inert {
		return ""
	}
	return nothing(effect) + ": " + why
}

// gate bounds a change's flags by what the statement can do: without
// canGrow nobody gains through it, and what it could not tell becomes a
// possible loss; without canShrink the reverse. (Gating both ways keeps
// Compute(a, b) the mirror of Compute(b, a).)
func gate(f flags, canGrow, canShrink bool) flags {
	switch {
	case !canGrow && !canShrink:
		return 0
	case !canGrow:
		if f&unknownF != 0 {
			f = f&^unknownF | shrinksF
		}
		return f &^ growsF
	case !canShrink:
		if f&unknownF != 0 {
			f = f&^unknownF | growsF
		}
		return f &^ shrinksF
	}
	return f
}

// principalIrrelevant says why adding or removing a principal value
// changes no request's outcome, or "": the value names no one, or it is
// the MRAP owner's account in an Allow's Principal (a grant to the
// account only delegates to its identity policies).
func (sd *stmtDiff) principalIrrelevant(typ, v string, not, before bool) string {
	if why := principalNobody(typ, v); why != "" {
		return "names no one: " + why
	}
	side := sd.widening(before == not)
	if !not && typ == "AWS" && sd.a.st.Effect == "Allow" && sd.b.st.Effect == "Allow" &&
		side.sc.owner != "" && isOwnerRoot(v, side.sc.owner) {
		return "the MRAP owner's account: a grant to it only delegates to the account's identity policies, which decide with or without it"
	}
	return ""
}

// actionEffect judges one Action or NotAction value added or removed
// against the catalog's actions usable through an MRAP: the change lets
// requests in (or out) only for actions it matches that the other side's
// list does not, and that the statement's resources and conditions leave
// possible.
func (sd *stmtDiff) actionEffect(v string, not, before bool) (flags, string) {
	u := sd.c.u
	grows := before == not
	side := sd.widening(grows)
	// The other side's list: an added value is judged against what was
	// there, a removed one against what remains.
	other := sd.b
	if before {
		other = sd.a
	}
	listed := other.sc.actions // what the other side's Action matches
	if not {
		listed = u.all().minus(other.sc.actions) // what its NotAction matches
	}
	m := u.match(v)
	env := side.sc.env()
	missing := m.and(env).minus(listed)
	if missing.empty() {
		switch {
		case m.empty():
			return 0, "matches no action usable through an MRAP"
		case m.and(env).empty() && m.and(side.sc.formsOK).empty():
			return 0, "applies to " + formsText(u.forms(m)) + ", which the statement's resources do not name"
		case m.and(env).empty():
			return 0, "the statement's conditions rule out its actions (" + side.sc.ruledOutOf(m) + ": no request for them carries the key)"
		case !iam.HasWildcard(v) || textuallyCovered(v, other, not):
			return 0, coveredNote(before)
		}
		return 0, "already covered, per the IAM catalog"
	}
	scope := shrinksF
	if grows {
		scope = growsF
	}
	note := ""
	if iam.HasWildcard(v) {
		verb := "adds"
		if !grows {
			verb = "removes"
		}
		names := u.names(missing)
		note = fmt.Sprintf("%s %d %s usable through an MRAP: %s", verb, len(names), plural(len(names), "action", "actions"), listSome(names, 3))
	}
	return polarity(sd.a.st.Effect, scope), note
}

// textuallyCovered: a pattern of the other side's list covers v as text.
func textuallyCovered(v string, other *stmt, not bool) bool {
	s := other.c.Action
	if not {
		s = other.c.NotAction
	}
	for p := range s {
		if iam.Covers(p, v, true, false) == iam.Yes {
			return true
		}
	}
	return false
}

// ruledOutOf names the condition entry that rules out the first action of
// m, for a reason.
func (sc *scope) ruledOutOf(m actionSet) string {
	for i := range sc.u.acts {
		if m.has(i) {
			if e, ok := sc.ruledOut[i]; ok {
				return e
			}
		}
	}
	return "a condition"
}

// actionSwitch judges Action replaced by NotAction or the reverse by the
// catalog: what the new element matches that the old did not, among the
// actions the new statement's resources and conditions leave possible,
// and the reverse.
func (sd *stmtDiff) actionSwitch(fb, fa form) (flags, string) {
	u := sd.c.u
	gained := sd.a.sc.actions.and(sd.a.sc.env()).minus(sd.b.sc.actions)
	lost := sd.b.sc.actions.and(sd.b.sc.env()).minus(sd.a.sc.actions)
	var f flags
	var notes []string
	if !gained.empty() {
		f |= growsF
		notes = append(notes, fmt.Sprintf("adds %d %s usable through an MRAP: %s", gained.len(), plural(gained.len(), "action", "actions"), listSome(u.names(gained), 3)))
	}
	if !lost.empty() {
		f |= shrinksF
		notes = append(notes, fmt.Sprintf("removes %d %s usable through an MRAP: %s", lost.len(), plural(lost.len(), "action", "actions"), listSome(u.names(lost), 3)))
	}
	if f == 0 {
		notes = append(notes, "the same actions usable through an MRAP")
	}
	reason := fmt.Sprintf("%s → %s", formName(dimAction, fb), formName(dimAction, fa))
	return f, reason + " (" + joinList(notes) + ")"
}

func joinList(notes []string) string {
	out := ""
	for _, n := range notes {
		out = joinNotes(out, n)
	}
	return out
}

// resourceIrrelevant says why adding or removing a Resource or NotResource
// value changes no request's outcome, or "": it can match no MRAP ARN, or
// only ARNs of a form none of the statement's actions apply to.
func (sd *stmtDiff) resourceIrrelevant(v string, grows bool) string {
	reach := sd.c.reach(v)
	if reach == 0 {
		return "matches no Multi-Region Access Point ARN"
	}
	sc := sd.widening(grows).sc
	if sc.u == nil || !sc.judged {
		return ""
	}
	if fs := sc.u.forms(sc.actions.and(sc.condOK)); fs&reach == 0 {
		return "matches only " + formsText(reach) + ", which none of the statement's actions apply to"
	}
	return ""
}

// presence is whether the requests a statement can match carry a
// condition key.
type presence uint8

const (
	maybePresent  presence = iota
	neverPresent           // no request for any of the statement's actions carries it
	alwaysPresent          // every request carries it (iam.AlwaysPresent)
)

// keyPresence is whether the requests side can match carry key.
func keyPresence(key string, side *stmt) presence {
	if iam.AlwaysPresent(key) {
		return alwaysPresent
	}
	sc := side.sc
	if sc.u == nil || !sc.judged {
		return maybePresent
	}
	live := sc.live()
	for i, a := range sc.u.acts {
		if live.has(i) && a.MayCarry(key) {
			return maybePresent
		}
	}
	return neverPresent
}
