package iam

import "strings"

// What a request through a Multi-Region Access Point can be: the questions
// the diff asks to tell a change that lets somebody in from one that
// cannot. Every answer here errs towards "it can": a "no" is a proof.

// ResourceReach returns the MRAP ARN forms a Resource value can match for
// some request through some MRAP: FormBucket when it can match a bare MRAP
// ARN (arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS), FormObject when it can
// match an object ARN (the same followed by /object/KEY). Unlike
// ResourceForms, which says what a value is written as, it is sound for
// every pattern: a wildcard may cross ':' and '/' (the looser of the two
// readings of IAM's ARN matching), a policy variable may stand for any
// text, and an object key may hold any character, so
// arn:aws:*:*:*:*/x or arn:aws:s3::*:accesspoint/a.mrap (with an object
// key ending in ":accesspoint/a.mrap") may match objects. A value that is
// too long to decide matches both.
func ResourceReach(pattern string) Forms {
	if pattern == "*" || len(pattern) > maxReachPattern {
		return AllForms
	}
	p := variablesAsWildcards(pattern)
	var out Forms
	if globMeets(p, bucketTemplate) {
		out = out.With(FormBucket)
	}
	if globMeets(p, objectTemplate) {
		out = out.With(FormObject)
	}
	return out
}

// maxReachPattern bounds the work of ResourceReach (its product automaton
// has a state per pattern byte and template element): S3 object keys are
// at most 1024 bytes, so an ARN pattern past this names a request only as
// a wildcard would.
const maxReachPattern = 4096

// variablesAsWildcards replaces each policy variable (${...}) with "*":
// the request fills it in with text of its own.
func variablesAsWildcards(p string) string {
	if !strings.Contains(p, "${") {
		return p
	}
	var b strings.Builder
	for {
		i := strings.Index(p, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(p[:i])
		b.WriteByte('*')
		p = p[i+j+1:]
	}
	b.WriteString(p)
	return b.String()
}

// elem is one element of an ARN template: a byte from a class, once, or
// repeated (at least min times, min being 0 or 1).
type elem struct {
	class  func(byte) bool
	repeat bool
	min    int
}

func lit(s string) []elem {
	out := make([]elem, len(s))
	for i := range s {
		c := s[i]
		out[i] = elem{class: func(b byte) bool { return b == c }}
	}
	return out
}

func join(parts ...[]elem) []elem {
	var out []elem
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func anyByte(byte) bool { return true }

// The ARNs a request through an MRAP is for, as templates that every real
// one fits (a superset is sound): partition aws[-...], a 12-digit account,
// an alias (AWS's are lower-case letters and digits ending in .mrap; other
// servers, such as moto, make others, so any text without '/' or ':'), and
// for objects a key of at least one byte.
var (
	mrapPrefix = join(lit("arn:aws"),
		[]elem{{class: func(b byte) bool { return isLower(b) || b == '-' }, repeat: true}},
		lit(":s3::"),
		repeatN(elem{class: isDigit}, 12),
		lit(":accesspoint/"),
		[]elem{{class: func(b byte) bool { return b != '/' && b != ':' }, repeat: true, min: 1}})
	bucketTemplate = mrapPrefix
	objectTemplate = join(mrapPrefix, lit("/object/"), []elem{{class: anyByte, repeat: true, min: 1}})
)

func repeatN(e elem, n int) []elem {
	out := make([]elem, n)
	for i := range out {
		out[i] = e
	}
	return out
}

// globMeets reports whether some string matches both the IAM pattern p
// (* any run, ? one character) and the template t: a search of their
// product automaton, linear in len(p) × len(t).
func globMeets(p string, t []elem) bool {
	// State: i bytes of p matched, template at element j; k = 1 when a
	// repeated element j has produced at least one byte.
	n := len(t)
	seen := make([]uint64, ((len(p)+1)*(n+1)*2+63)/64)
	type state struct{ i, j, k int }
	stack := make([]state, 1, 64)
	visit := func(s state) {
		idx := (s.i*(n+1)+s.j)*2 + s.k
		if seen[idx/64]&(1<<(idx%64)) == 0 {
			seen[idx/64] |= 1 << (idx % 64)
			stack = append(stack, s)
		}
	}
	// next is the template state after element j produces one byte.
	next := func(j, k int) (int, int) {
		if t[j].repeat {
			return j, 1
		}
		return j + 1, 0
	}
	seen[0] = 1
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.i == len(p) && s.j == n {
			return true
		}
		// A repeated element may end once it has its minimum.
		if s.j < n && t[s.j].repeat && (s.k == 1 || t[s.j].min == 0) {
			visit(state{s.i, s.j + 1, 0})
		}
		if s.i == len(p) {
			continue
		}
		c := p[s.i]
		switch c {
		case '*':
			visit(state{s.i + 1, s.j, s.k}) // the star ends
			if s.j < n {
				j, k := next(s.j, s.k)
				visit(state{s.i, j, k}) // the star takes one more byte
			}
		case '?':
			if s.j < n {
				j, k := next(s.j, s.k)
				visit(state{s.i + 1, j, k})
			}
		default:
			if s.j < n && t[s.j].class(c) {
				j, k := next(s.j, s.k)
				visit(state{s.i + 1, j, k})
			}
		}
	}
	return false
}

// AlwaysPresent reports whether every request through an MRAP carries the
// condition key (any case), whatever the action and the caller:
// aws:SecureTransport, aws:CurrentTime and aws:EpochTime. For such a key
// the IfExists suffix changes nothing.
func AlwaysPresent(key string) bool {
	switch strings.ToLower(key) {
	case "aws:securetransport", "aws:currenttime", "aws:epochtime":
		return true
	}
	return false
}

// MayCarry reports whether a request for the action can carry the
// condition key (any case). It is false only when the catalog lists the key
// as an S3 key that only some actions carry and this action is not one of
// them; global keys, keys nearly every action carries and unknown keys
// may be present.
func (a *Action) MayCarry(key string) bool {
	k := LookupKey(key)
	return k == nil || k.AppliesTo([]*Action{a})
}

// AbsentKey is what a condition entry (operator and values) evaluates to
// for a request that does not carry its key: Yes or No, Maybe when the
// operator is unknown or a Null value is not a boolean. IfExists and
// ForAllValues: are true without the key, ForAnyValue: is false, Null is
// true when it asks for the key to be null, a negated operator is true and
// every other operator false (IAM User Guide, "Condition operators").
func AbsentKey(op string, values []string) Tri {
	o, ok := ParseOperator(op)
	switch {
	case !ok:
		return Maybe
	case o.IfExists || o.Set == ForAllValues:
		return Yes
	case o.Set == ForAnyValue:
		return No
	case o.Family == "Null":
		res := No
		for _, v := range values {
			b, ok := ParseBool(v, StringValue)
			switch {
			case !ok:
				return Maybe
			case b:
				res = Yes
			}
		}
		return res
	case o.Negated:
		return Yes
	}
	return No
}
