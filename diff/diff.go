package diff

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/internal/awsid"
	"github.com/mrapguard/mrapguard/policy"
)

// Access is the verdict on what a change does to access.
type Access string

const (
	// Neutral: nobody gains or loses access.
	Neutral Access = "neutral"
	// Narrows: somebody may lose access and nobody gains any.
	Narrows Access = "narrows"
	// Unknown: the model cannot prove that nobody gains access.
	Unknown Access = "unknown"
	// Broadens: somebody may gain access they did not have.
	Broadens Access = "broadens"
)

// rank orders verdicts for the overall one: broadens > unknown > narrows >
// neutral.
func (a Access) rank() int {
	switch a {
	case Broadens:
		return 3
	case Unknown:
		return 2
	case Narrows:
		return 1
	}
	return 0
}

// Kind says what happened to a statement.
type Kind string

const (
	Added   Kind = "added"
	Removed Kind = "removed"
	Changed Kind = "changed"
)

// Op says what happened to a field.
type Op string

const (
	OpAdded   Op = "added"
	OpRemoved Op = "removed"
	OpChanged Op = "changed"
)

// Field names used in FieldChange.Field. They are the policy element names,
// plus ConditionValue for one value of a condition that exists on both sides.
const (
	FieldVersion        = "Version"
	FieldID             = "Id"
	FieldSid            = "Sid"
	FieldEffect         = "Effect"
	FieldPrincipal      = "Principal"
	FieldNotPrincipal   = "NotPrincipal"
	FieldAction         = "Action"
	FieldNotAction      = "NotAction"
	FieldResource       = "Resource"
	FieldNotResource    = "NotResource"
	FieldCondition      = "Condition"
	FieldConditionValue = "ConditionValue"
	// FieldDuplicateKey is a document-level change: the document has a
	// duplicated object key, so the diff cannot be trusted (see Compute).
	FieldDuplicateKey = "DuplicateKey"
)

// Diff is the structured difference between two policy documents. Its JSON
// form is documented in docs/diff.md and is stable.
type Diff struct {
	// Changed is false when the documents are equivalent (see the package
	// documentation for what counts as equivalent).
	Changed bool `json:"changed"`
	// Access is the overall verdict: broadens if any change broadens, else
	// unknown if any is unknown, else narrows if any narrows, else neutral.
	Access Access `json:"access"`
	// Reason explains the overall verdict in one line; empty without changes.
	Reason string  `json:"reason,omitempty"`
	Before DocInfo `json:"before"`
	After  DocInfo `json:"after"`
	// Document lists changes outside statements: Version and Id.
	Document []FieldChange `json:"document_changes"`
	// Statements lists added, removed and changed statements, in the order
	// of the new document (removed ones where they were).
	Statements []StatementChange `json:"statements"`
}

// DocInfo identifies one side of the diff.
type DocInfo struct {
	Name string `json:"name"`
	// Hash is policy.Document.Hash: formatting and key order do not change it.
	Hash string `json:"hash"`
}

// StatementChange is one statement that was added, removed or changed.
type StatementChange struct {
	Kind Kind `json:"kind"`
	// Sid of the new statement (of the old one when removed); "" when none.
	Sid string `json:"sid,omitempty"`
	// Effect of the new statement (of the old one when removed).
	Effect string `json:"effect"`
	// PointerBefore and PointerAfter are JSON pointers to the statement in
	// the old and new document; empty on the side where it does not exist.
	PointerBefore string `json:"pointer_before,omitempty"`
	PointerAfter  string `json:"pointer_after,omitempty"`
	Access        Access `json:"access"`
	Reason        string `json:"reason"`
	// PublicBefore and PublicAfter report whether the statement is open
	// (iam.Open: callers the owner does not control can get in) before and
	// after the change. The names are kept from before the two notions of
	// public were told apart; the meaning has always been "open".
	PublicBefore bool `json:"public_before"`
	PublicAfter  bool `json:"public_after"`
	// PublicToAWSBefore and PublicToAWSAfter report whether the statement
	// is public to AWS (iam.PublicToAWS: what S3 Block Public Access calls
	// public, which an MRAP that blocks public policies refuses). A
	// statement public to AWS is always open; an open one need not be.
	PublicToAWSBefore bool `json:"public_to_aws_before"`
	PublicToAWSAfter  bool `json:"public_to_aws_after"`
	// Changes are the field-level changes. For an added or removed statement
	// they list its content and carry no verdict of their own.
	Changes []FieldChange `json:"changes"`
}

// FieldChange is one change to one element of a statement or document.
type FieldChange struct {
	Field string `json:"field"`
	Op    Op     `json:"op"`
	// Type is the principal type (AWS, Service, Federated, CanonicalUser)
	// for Principal and NotPrincipal.
	Type string `json:"type,omitempty"`
	// Operator and Key name the condition for Condition and ConditionValue.
	// OperatorBefore is set when the operator of a key changed.
	Operator       string `json:"operator,omitempty"`
	OperatorBefore string `json:"operator_before,omitempty"`
	Key            string `json:"key,omitempty"`
	// Before and After hold the value(s) on each side: one element for a
	// single value, all values for a whole condition; absent on the side
	// where the element does not exist.
	Before        []string `json:"before,omitempty"`
	After         []string `json:"after,omitempty"`
	PointerBefore string   `json:"pointer_before,omitempty"`
	PointerAfter  string   `json:"pointer_after,omitempty"`
	// Access and Reason are empty for the content of an added or removed
	// statement (the verdict is the statement's).
	Access Access `json:"access,omitempty"`
	Reason string `json:"reason,omitempty"`

	flags  flags // for the mirror property test
	tagged bool  // Reason names the notions of public already
}

// Options tune Compute.
type Options struct {
	// Catalog expands action wildcards. Nil means iam.S3(), the compiled
	// S3 catalog; an empty &iam.Catalog{} means none, and then a wildcard action is covered only by
	// its text (s3:* covers s3:Get*) and otherwise judged to broaden or
	// unknown.
	Catalog *iam.Catalog
	// Owner is the 12-digit account that owns the MRAP the policies are
	// for (a plan's target account). An Allow that names only that account
	// grants nothing: a grant to an account delegates to its identity
	// policies, which decide its principals' access with or without it.
	// Empty: the diff takes as owner, statement by statement, the one
	// account all the statement's Resource values name, when there is one.
	Owner string
}

// Compute returns the structured difference from before to after with the
// default options.
func Compute(before, after policy.Document) Diff {
	return Options{}.Compute(before, after)
}

// Compute returns the structured difference from before to after. It is
// pure: the documents are not modified and nothing outside is read.
func (o Options) Compute(before, after policy.Document) Diff {
	d, _ := o.ComputeContext(context.Background(), before, after)
	return d
}

// ComputeContext is Compute that stops, with ctx's error, when ctx is done
// (Ctrl-C). Its work is near-linear in the size of the documents up to
// policy.HardMaxBytes (see matchBudget and workLimit).
func (o Options) ComputeContext(ctx context.Context, before, after policy.Document) (Diff, error) {
	cat := o.Catalog
	if cat == nil {
		cat = iam.S3()
	}
	c := &computer{ctx: ctx, cat: cat, u: newUniverse(cat), before: side{doc: &before}, after: side{doc: &after}}
	if awsid.Account(o.Owner) {
		c.owner = o.Owner
	}
	return c.run()
}

type side struct {
	doc   *policy.Document
	stmts []*stmt
}

func (s *side) pointer(path ...any) string {
	if s.doc.Root == nil {
		return policy.Pointer(path)
	}
	_, p := s.doc.Lookup(path)
	return p
}

type computer struct {
	ctx           context.Context
	cat           *iam.Catalog
	u             *universe // the catalog's actions usable through an MRAP; nil for an empty catalog
	owner         string    // Options.Owner when it is an account ID
	before, after side
	work          int // coverage comparisons charged so far (see afford)
	reachCache    map[string]iam.Forms
}

// workLimit bounds the coverage comparisons of one Compute: each element
// added to or removed from a list is compared with the other side's list,
// which is quadratic in the size of one statement. No policy within the
// default size limit comes near it (the largest list a 20 KB statement can
// hold, compared with another as large, is about 3 million comparisons);
// past it an element is taken as not covered, which may over-report but
// never under-reports, and the diff stays near-linear up to the hard cap
// of policy.HardMaxBytes.
var workLimit = 1 << 24 // a variable so tests can lower it

// wildcardWeight is what comparing a wildcard with one pattern is charged:
// an action wildcard is expanded against the catalog first.
const wildcardWeight = 16

// afford charges comparing one value with n others and reports whether the
// work limit allows it.
func (c *computer) afford(n int, wildcard bool) bool {
	if wildcard {
		n *= wildcardWeight
	}
	if c.work+n > workLimit {
		return false
	}
	c.work += n
	return true
}

func (c *computer) run() (Diff, error) {
	d := Diff{
		Before:     DocInfo{Name: c.before.doc.Name, Hash: c.before.doc.Hash()},
		After:      DocInfo{Name: c.after.doc.Name, Hash: c.after.doc.Hash()},
		Document:   []FieldChange{},
		Statements: []StatementChange{},
	}
	for _, sd := range []*side{&c.before, &c.after} {
		for i := range sd.doc.Policy.Statements {
			sd.stmts = append(sd.stmts, newStmt(&sd.doc.Policy.Statements[i]))
		}
	}
	d.Document = c.documentChanges()
	d.Document = append(d.Document, c.duplicateKeys()...)

	pairs, err := match(c.ctx, c.before.stmts, c.after.stmts)
	if err != nil {
		return Diff{}, err
	}
	for _, p := range pairs {
		if err := c.ctx.Err(); err != nil {
			return Diff{}, err
		}
		switch {
		case p.b != nil && p.a != nil:
			if sc, ok := c.changed(p.b, p.a); ok {
				d.Statements = append(d.Statements, sc)
			}
		case p.a != nil:
			d.Statements = append(d.Statements, c.addedOrRemoved(p.a, Added))
		default:
			d.Statements = append(d.Statements, c.addedOrRemoved(p.b, Removed))
		}
	}

	d.Changed = len(d.Document) > 0 || len(d.Statements) > 0
	d.Access = Neutral
	var reasons []string
	for _, fc := range d.Document {
		d.Access, reasons = merge(d.Access, reasons, fc.Access, fc.Reason)
	}
	for _, sc := range d.Statements {
		d.Access, reasons = merge(d.Access, reasons, sc.Access, sc.Reason)
	}
	if len(reasons) > 0 {
		d.Reason = reasons[0]
		if len(reasons) > 1 {
			d.Reason += fmt.Sprintf(" (and %d more %s)", len(reasons)-1, plural(len(reasons)-1, "change", "changes"))
		}
	} else if d.Changed {
		d.Reason = "no change affects access"
	}
	return d, nil
}

// duplicateKeys reports each document with a duplicated object key: JSON
// parsers disagree on which value wins (this diff keeps the last, AWS may
// keep another), so a diff of it cannot be trusted: a second "Statement"
// key can hide an Allow of s3:* to everyone from a diff that reads the
// other one. Such a document is a change of unknown access, never
// "equivalent", unless the two documents are the same bytes.
func (c *computer) duplicateKeys() []FieldChange {
	if bytes.Equal(c.before.doc.Bytes, c.after.doc.Bytes) {
		return nil
	}
	var out []FieldChange
	for _, sd := range []*side{&c.before, &c.after} {
		for _, p := range sd.doc.Problems {
			if p.Rule != policy.RuleDuplicateKey {
				continue
			}
			key := p.Pointer[strings.LastIndex(p.Pointer, "/")+1:]
			key = strings.ReplaceAll(strings.ReplaceAll(key, "~1", "/"), "~0", "~")
			fc := FieldChange{Field: FieldDuplicateKey, Op: OpAdded, Key: key, flags: unknownF, Access: Unknown,
				Reason: fmt.Sprintf("%s has a duplicate key %q at %d:%d: JSON parsers disagree on which value wins and AWS may not read it as this diff does, so the diff cannot be trusted; remove the duplicate (mrapguard lint reports it as %s)",
					sd.doc.Name, key, p.Pos.Line, p.Pos.Column, policy.RuleDuplicateKey)}
			if sd == &c.before {
				fc.Op, fc.Before, fc.PointerBefore = OpRemoved, []string{key}, p.Pointer
			} else {
				fc.After, fc.PointerAfter = []string{key}, p.Pointer
			}
			out = append(out, fc)
			break // one per document: it is enough to distrust it
		}
	}
	return out
}

// merge folds one verdict into the overall one, keeping the reasons of the
// changes that decide it.
func merge(cur Access, reasons []string, a Access, reason string) (Access, []string) {
	switch {
	case a.rank() > cur.rank():
		return a, []string{reason}
	case a.rank() == cur.rank() && a != Neutral:
		return cur, append(reasons, reason)
	}
	return cur, reasons
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (c *computer) documentChanges() []FieldChange {
	var out []FieldChange
	bp, ap := &c.before.doc.Policy, &c.after.doc.Policy
	if bp.HasVersion != ap.HasVersion || bp.Version != ap.Version {
		fc := FieldChange{Field: FieldVersion, Op: opFor(bp.HasVersion, ap.HasVersion)}
		if bp.HasVersion {
			fc.Before, fc.PointerBefore = []string{bp.Version}, c.before.pointer("Version")
		}
		if ap.HasVersion {
			fc.After, fc.PointerAfter = []string{ap.Version}, c.after.pointer("Version")
		}
		// The version decides whether ${…} is a policy variable or literal
		// text; without any, it changes nothing.
		if usesVariables(bp) || usesVariables(ap) {
			fc.flags = unknownF
			fc.Reason = fmt.Sprintf("Version %s → %s changes how policy variables (${…}) are read", orAbsent(bp.Version, bp.HasVersion), orAbsent(ap.Version, ap.HasVersion))
		} else {
			fc.Reason = fmt.Sprintf("Version %s → %s (no policy variables, no effect on access)", orAbsent(bp.Version, bp.HasVersion), orAbsent(ap.Version, ap.HasVersion))
		}
		fc.Access = fc.flags.access()
		out = append(out, fc)
	}
	if bp.ID != ap.ID {
		fc := FieldChange{Field: FieldID, Op: opFor(bp.ID != "", ap.ID != "")}
		if bp.ID != "" {
			fc.Before, fc.PointerBefore = []string{bp.ID}, c.before.pointer("Id")
		}
		if ap.ID != "" {
			fc.After, fc.PointerAfter = []string{ap.ID}, c.after.pointer("Id")
		}
		fc.Access, fc.Reason = Neutral, "policy Id changed (no effect on access)"
		out = append(out, fc)
	}
	if out == nil {
		out = []FieldChange{}
	}
	return out
}

func orAbsent(v string, has bool) string {
	if !has {
		return "(absent)"
	}
	return v
}

func opFor(before, after bool) Op {
	switch {
	case before && !after:
		return OpRemoved
	case after && !before:
		return OpAdded
	}
	return OpChanged
}

func usesVariables(p *policy.Policy) bool {
	has := func(list []string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return strings.Contains(s, "${") })
	}
	for _, s := range p.Statements {
		if has(s.Resource) || has(s.NotResource) || has(s.Action) || has(s.NotAction) {
			return true
		}
		for _, pr := range []policy.Principal{s.Principal, s.NotPrincipal} {
			for _, vs := range pr {
				if has(vs) {
					return true
				}
			}
		}
		for _, keys := range s.Condition {
			for _, vs := range keys {
				if has(vs) {
					return true
				}
			}
		}
	}
	return false
}

// statementName names a statement in a reason.
func statementName(s *policy.Statement, ptr string) string {
	if s.Sid != "" {
		return s.Sid
	}
	return "at " + ptr
}

func (c *computer) addedOrRemoved(s *stmt, kind Kind) StatementChange {
	c.scope(s)
	sd := &c.after
	op := OpAdded
	if kind == Removed {
		sd, op = &c.before, OpRemoved
	}
	ptr := sd.pointer("Statement", s.st.Index)
	open, _ := iam.Open(*s.st)
	toAWS, _ := iam.PublicToAWS(*s.st)
	sc := StatementChange{Kind: kind, Sid: s.st.Sid, Effect: s.st.Effect, Changes: []FieldChange{}}
	var f flags
	verb := "added"
	switch s.st.Effect {
	case "Allow":
		f = growsF
	case "Deny":
		f = shrinksF
	default:
		f = unknownF
	}
	inert, why := s.sc.inert(s.st.Effect)
	if inert {
		f = 0
	}
	if kind == Removed {
		f = f.mirror()
		verb = "removed"
		sc.PointerBefore, sc.PublicBefore, sc.PublicToAWSBefore = ptr, open, toAWS
	} else {
		sc.PointerAfter, sc.PublicAfter, sc.PublicToAWSAfter = ptr, open, toAWS
	}
	sc.Access = f.access()
	sc.Reason = fmt.Sprintf("%s statement %s %s", effectName(s.st.Effect), statementName(s.st, ptr), verb)
	sc.Reason += paren(joinNotes(publicTag(open, toAWS), inertNote(s.st.Effect, inert, why)))
	for _, e := range s.elements(sd) {
		fc := FieldChange{Field: e.field, Op: op, Type: e.typ, Operator: e.op, Key: e.key}
		if kind == Removed {
			fc.Before, fc.PointerBefore = e.values, e.ptr
		} else {
			fc.After, fc.PointerAfter = e.values, e.ptr
		}
		sc.Changes = append(sc.Changes, fc)
	}
	return sc
}

func effectName(e string) string {
	if e == "Allow" || e == "Deny" {
		return e
	}
	if e == "" {
		return "(no Effect)"
	}
	return fmt.Sprintf("%q", e)
}

// sortChanges puts field changes in a stable order that does not depend on
// the direction of the diff, so Compute(a, b) and Compute(b, a) list them
// alike.
func sortChanges(fcs []FieldChange) {
	slices.SortStableFunc(fcs, func(x, y FieldChange) int {
		return cmp.Or(
			cmp.Compare(fieldRank(x.Field), fieldRank(y.Field)),
			cmp.Compare(x.Type, y.Type),
			cmp.Compare(strings.ToLower(x.Key), strings.ToLower(y.Key)),
			cmp.Compare(sortValue(x), sortValue(y)),
		)
	})
}

func sortValue(fc FieldChange) string {
	b, a := strings.Join(fc.Before, "\x00"), strings.Join(fc.After, "\x00")
	switch {
	case fc.Before == nil:
		return a
	case fc.After == nil:
		return b
	}
	return min(a, b)
}

func fieldRank(f string) int {
	switch f {
	case FieldSid:
		return 0
	case FieldEffect:
		return 1
	case FieldPrincipal:
		return 2
	case FieldNotPrincipal:
		return 3
	case FieldAction:
		return 4
	case FieldNotAction:
		return 5
	case FieldResource:
		return 6
	case FieldNotResource:
		return 7
	case FieldCondition, FieldConditionValue:
		return 8
	}
	return 9
}
