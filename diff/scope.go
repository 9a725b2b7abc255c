package diff

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/internal/awsid"
)

// The requests a statement can match. Every request through a
// Multi-Region Access Point is for one of the catalog's actions usable
// through an MRAP, on a resource of that action's form (the bare MRAP ARN
// or an object ARN), from a caller, with a request context. A statement
// whose elements rule out all of them has no effect, and a change that
// only adds requests no statement element can match lets nobody in. Every
// "cannot match" below is a proof; when the model cannot tell, the answer
// is "may match".

// actionSet is a set of the universe's actions, by index.
type actionSet []uint64

func newActionSet(n int) actionSet { return make(actionSet, (n+63)/64) }

func (s actionSet) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s actionSet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

func (s actionSet) and(o actionSet) actionSet {
	out := make(actionSet, len(s))
	for i := range s {
		out[i] = s[i] & o[i]
	}
	return out
}

func (s actionSet) or(o actionSet) actionSet {
	out := make(actionSet, len(s))
	for i := range s {
		out[i] = s[i] | o[i]
	}
	return out
}

func (s actionSet) minus(o actionSet) actionSet {
	out := make(actionSet, len(s))
	for i := range s {
		out[i] = s[i] &^ o[i]
	}
	return out
}

func (s actionSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (s actionSet) len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// universe is the catalog's actions usable through an MRAP: what a
// statement's Action and NotAction are judged against.
type universe struct {
	acts  []*iam.Action
	lower []string             // their names in lower case
	cache map[string]actionSet // lower-case Action value -> the actions it matches
}

// newUniverse returns the via-MRAP actions of cat, or nil when it lists
// none (an empty catalog: then actions are compared as text).
func newUniverse(cat *iam.Catalog) *universe {
	u := &universe{cache: map[string]actionSet{}}
	for i, a := range cat.Actions() {
		if a.ViaMRAP {
			u.acts = append(u.acts, &cat.Actions()[i])
			u.lower = append(u.lower, strings.ToLower(a.Name))
		}
	}
	if len(u.acts) == 0 {
		return nil
	}
	return u
}

func (u *universe) none() actionSet { return newActionSet(len(u.acts)) }

func (u *universe) all() actionSet {
	s := u.none()
	for i := range u.acts {
		s.add(i)
	}
	return s
}

// match is the set of actions an Action value (exact or pattern, any
// case) matches. Requests through an MRAP are S3 requests: a value of
// another service, or an S3 name the catalog does not list, matches none.
func (u *universe) match(v string) actionSet {
	lv := strings.ToLower(v)
	if s, ok := u.cache[lv]; ok {
		return s
	}
	s := u.none()
	for i, name := range u.lower {
		if iam.Match(lv, name) {
			s.add(i)
		}
	}
	u.cache[lv] = s
	return s
}

// matchAll is the union of match over a set of values.
func (u *universe) matchAll(vals set) actionSet {
	s := u.none()
	for v := range vals {
		s = s.or(u.match(v))
	}
	return s
}

// forms is the set of MRAP ARN forms the actions of s apply to.
func (u *universe) forms(s actionSet) iam.Forms {
	var f iam.Forms
	for i, a := range u.acts {
		if s.has(i) {
			f = f.With(a.Form)
		}
	}
	return f
}

func (u *universe) names(s actionSet) []string {
	var out []string
	for i, a := range u.acts {
		if s.has(i) {
			out = append(out, a.Name)
		}
	}
	return out
}

// scope is what one statement can match, as far as the model can tell.
type scope struct {
	u *universe // nil without a catalog
	// judged: the catalog lets the diff enumerate the statement's actions
	// (a universe, and exactly one of Action and NotAction).
	judged  bool
	not     bool      // the actions are NotAction's complement
	actions actionSet // the actions its Action or NotAction matches
	forms   iam.Forms // the MRAP ARN forms its Resource or NotResource can match
	formsOK actionSet // the actions whose form is one of forms
	condOK  actionSet // the actions no condition entry rules out
	// ruledOut names, for each action a condition entry rules out, the
	// first such entry ("StringEquals s3:x-amz-acl").
	ruledOut map[int]string
	// nobody says why no caller matches the Principal, or "".
	nobody string
	// owner is the account whose MRAP the statement's requests are to,
	// when known: Options.Owner, or the one account every Resource value
	// names literally.
	owner string
	// ownerOnly: the Principal names the owner's account and nothing that
	// can match anyone else.
	ownerOnly bool
}

// live is the set of actions whose requests the statement can match.
func (sc *scope) live() actionSet { return sc.actions.and(sc.formsOK).and(sc.condOK) }

// env is the set of actions the statement's resources and conditions
// leave possible, whatever its Action says.
func (sc *scope) env() actionSet { return sc.formsOK.and(sc.condOK) }

// scope computes s.sc, once: only the statements a change touches need it.
func (c *computer) scope(s *stmt) {
	if s.sc == nil {
		s.sc = c.scopeOf(s)
	}
}

func (c *computer) scopeOf(s *stmt) *scope {
	st := s.st
	sc := &scope{u: c.u, forms: iam.AllForms}
	switch {
	case st.Principal != nil && st.NotPrincipal == nil:
		sc.nobody = nobodyIn(st.Principal)
	case st.NotPrincipal != nil && st.Principal == nil && slices.Contains(st.NotPrincipal["AWS"], "*"):
		sc.nobody = `its NotPrincipal "*" leaves no one`
	}
	sc.owner = c.owner
	if sc.owner == "" && s.forms[dimResource] == formPos {
		sc.owner = literalAccount(st.Resource)
	}
	if sc.owner != "" && st.Principal != nil && st.NotPrincipal == nil {
		sc.ownerOnly = onlyOwner(st.Principal, sc.owner)
	}
	switch {
	case s.forms[dimResource] == formPos:
		sc.forms = 0
		for _, r := range st.Resource {
			sc.forms |= c.reach(r)
		}
	case s.forms[dimResource] == formNot && slices.Contains(st.NotResource, "*"):
		sc.forms = 0 // NotResource "*" leaves no resource
	}
	if c.u == nil {
		return sc
	}
	sc.formsOK, sc.condOK = c.u.none(), c.u.all()
	for i, a := range c.u.acts {
		if sc.forms.Has(a.Form) {
			sc.formsOK.add(i)
		}
	}
	switch s.forms[dimAction] {
	case formPos:
		sc.judged, sc.actions = true, c.u.matchAll(s.c.Action)
	case formNot:
		sc.judged, sc.not, sc.actions = true, true, c.u.all().minus(c.u.matchAll(s.c.NotAction))
	default:
		sc.actions = c.u.all()
	}
	for _, op := range sortedKeys(st.Condition) {
		for _, key := range sortedKeys(st.Condition[op]) {
			if iam.AbsentKey(op, st.Condition[op][key]) != iam.No {
				continue
			}
			for i, a := range c.u.acts {
				if sc.condOK.has(i) && !a.MayCarry(key) {
					sc.condOK[i/64] &^= 1 << (i % 64)
					if sc.ruledOut == nil {
						sc.ruledOut = map[int]string{}
					}
					sc.ruledOut[i] = op + " " + key
				}
			}
		}
	}
	return sc
}

// inert reports whether a statement with this effect and scope changes no
// request's outcome, and why: its principal names nobody, it matches no
// request through an MRAP, or it is an Allow that names only the MRAP
// owner's account (a grant to an account delegates to its identity
// policies, which decide its principals' access with or without it; a role
// or user named directly is a grant, and so is another account).
func (sc *scope) inert(effect string) (bool, string) {
	switch {
	case effect != "Allow" && effect != "Deny":
		return false, ""
	case sc.nobody != "":
		return true, sc.nobody
	case sc.judged && sc.actions.empty() && sc.not:
		return true, "its NotAction leaves no action usable through an MRAP"
	case sc.judged && sc.actions.empty():
		return true, "no action it names is usable through an MRAP"
	case sc.judged && sc.actions.and(sc.formsOK).empty():
		return true, "its actions apply to " + formsText(sc.u.forms(sc.actions)) + ", and its resources name " + reachText(sc.forms)
	case sc.judged && sc.live().empty():
		return true, "its conditions are false for all its actions (" + sc.firstRuledOut() + ": no request for them carries the key)"
	case effect == "Allow" && sc.ownerOnly:
		return true, "it names only the MRAP owner's account " + sc.owner + ", whose identity policies decide that account's access with or without it"
	}
	return false, ""
}

func (sc *scope) firstRuledOut() string {
	best := -1
	for i := range sc.ruledOut {
		if sc.actions.has(i) && (best < 0 || i < best) {
			best = i
		}
	}
	return sc.ruledOut[best]
}

func formsText(f iam.Forms) string {
	switch f {
	case iam.AllForms:
		return "objects and the MRAP itself"
	case iam.Forms(0).With(iam.FormObject):
		return "objects"
	case iam.Forms(0).With(iam.FormBucket):
		return "the MRAP itself"
	}
	return "nothing"
}

func reachText(f iam.Forms) string {
	if f == 0 {
		return "no Multi-Region Access Point ARN"
	}
	return "only " + formsText(f)
}

// reach is iam.ResourceReach, once per value.
func (c *computer) reach(v string) iam.Forms {
	if f, ok := c.reachCache[v]; ok {
		return f
	}
	if c.reachCache == nil {
		c.reachCache = map[string]iam.Forms{}
	}
	f := iam.ResourceReach(v)
	c.reachCache[v] = f
	return f
}

// nobodyIn says why no caller can match a Principal, or "": it is empty,
// or every value is malformed (a value IAM refuses names no one; a
// wildcard may name anyone, and a type IAM does not define is left alone).
func nobodyIn(p map[string][]string) string {
	why := ""
	for _, typ := range sortedKeys(p) {
		for _, v := range p[typ] {
			prob := principalNobody(typ, v)
			if prob == "" {
				return ""
			}
			if why == "" {
				why = fmt.Sprintf("its principal names no one (%s %q: %s)", typ, v, prob)
			}
		}
	}
	if why == "" {
		return "its principal names no one (it is empty)"
	}
	return why
}

// principalNobody says why a principal value can match no caller, or "".
func principalNobody(typ, v string) string {
	switch typ {
	case "AWS", "Service", "Federated", "CanonicalUser":
	default:
		return ""
	}
	if iam.HasWildcard(v) {
		return ""
	}
	return iam.PrincipalProblem(typ, v)
}

// onlyOwner: every value of p is the owner's account (its root ARN in any
// partition, or its ID) or names no one, and one is the owner's.
func onlyOwner(p map[string][]string, owner string) bool {
	found := false
	for typ, vals := range p {
		for _, v := range vals {
			switch {
			case typ == "AWS" && isOwnerRoot(v, owner):
				found = true
			case principalNobody(typ, v) == "":
				return false
			}
		}
	}
	return found
}

// isOwnerRoot: v names the owner's account itself (ID or root ARN).
func isOwnerRoot(v, owner string) bool {
	if v == owner {
		return true
	}
	a, ok := iam.ParseARN(v)
	return ok && iam.ValidPartition(a.Partition) && a.Service == "iam" && a.Region == "" && a.Account == owner && a.Resource == "root"
}

// literalAccount is the one 12-digit account that every value names
// literally in its account field (no wildcard or variable before it), or
// "". A statement whose resources are all in account X matches only
// requests to X's MRAPs, so for it X is the owner.
func literalAccount(vals []string) string {
	acct := ""
	for _, v := range vals {
		pre := iam.LiteralPrefix(v)
		if i := strings.Index(pre, "${"); i >= 0 {
			pre = pre[:i]
		}
		f := strings.SplitN(pre, ":", 6)
		if len(f) < 6 || !awsid.Account(f[4]) || acct != "" && f[4] != acct {
			return ""
		}
		acct = f[4]
	}
	return acct
}
