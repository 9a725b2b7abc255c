package diff

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// genStmt is a random statement, written out in many equivalent spellings
// by render.
type genStmt struct {
	Sid                             string
	Effect                          string
	PrincipalNot, ActionNot, ResNot bool
	Principal                       map[string][]string
	Actions, Resources              []string
	Cond                            map[string]map[string][]string
}

// The generator's values include the cases the diff's precision is about
// (issue 11): an unknown action (s3:ListObjects), one not usable through an
// MRAP (s3:CreateBucket), a bucket ARN, a malformed principal, the MRAP
// owner's account (111122223333) and a role of it, an empty Principal,
// keys only some actions carry (s3:x-amz-acl, s3:prefix), a key every
// request carries (aws:SecureTransport) under IfExists, a caller-set key
// (aws:Referer), Null and the set operators.
var (
	genSids      = []string{"", "", "A", "B", "C"}
	genEffects   = []string{"Allow", "Allow", "Deny"}
	genAWS       = []string{"*", "111122223333", "arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:role/r", "arn:aws:iam::111122223333:role/app", "arn:aws:iam::12345:root"}
	genServices  = []string{"s3.amazonaws.com", "cloudfront.amazonaws.com"}
	genActions   = []string{"s3:GetObject", "s3:Get*", "s3:PutObject", "s3:*", "s3:ListBucket", "s3:GetObject*Acl", "s3:Frob*", "s3:GetObjectAcl", "s3:ListObjects", "s3:CreateBucket", "s3:PutObjectAcl"}
	genResources = []string{"arn:aws:s3::111122223333:accesspoint/abc.mrap/object/*", "arn:aws:s3::111122223333:accesspoint/abc.mrap", "*", "arn:aws:s3::111122223333:accesspoint/abc.mrap/object/logs/*", "arn:aws:s3:::amzn-s3-demo-bucket/*"}
	genOps       = []string{"StringEquals", "StringLike", "StringNotEquals", "ForAllValues:StringEquals", "StringEqualsIfExists", "NotIpAddress", "IpAddress", "Bool", "BoolIfExists", "Null", "ForAnyValue:StringLike", "StringNotEqualsIfExists"}
	genKeys      = []string{"aws:PrincipalOrgID", "aws:SourceIp", "aws:SecureTransport", "aws:TagKeys", "s3:x-amz-acl", "s3:prefix", "aws:Referer"}
	genValues    = []string{"o-1", "o-2", "o-*", "true", "false", "10.0.0.0/8", "public-read", "logs/*"}
)

func pick(r *rand.Rand, from []string, max int) []string {
	n := 1 + r.IntN(max)
	out := make([]string, n)
	for i := range out {
		out[i] = from[r.IntN(len(from))]
	}
	return out
}

func genPolicy(r *rand.Rand) []genStmt {
	n := r.IntN(4)
	out := make([]genStmt, n)
	for i := range out {
		s := genStmt{
			Sid:          genSids[r.IntN(len(genSids))],
			Effect:       genEffects[r.IntN(len(genEffects))],
			PrincipalNot: r.IntN(6) == 0,
			ActionNot:    r.IntN(6) == 0,
			ResNot:       r.IntN(8) == 0,
			Principal:    map[string][]string{"AWS": pick(r, genAWS, 2)},
			Actions:      pick(r, genActions, 3),
			Resources:    pick(r, genResources, 2),
		}
		switch r.IntN(12) {
		case 0, 1, 2:
			s.Principal["Service"] = pick(r, genServices, 1)
		case 3:
			s.Principal = map[string][]string{}
		}
		if r.IntN(2) == 0 {
			s.Cond = map[string]map[string][]string{}
			for range 1 + r.IntN(2) {
				op := genOps[r.IntN(len(genOps))]
				if s.Cond[op] == nil {
					s.Cond[op] = map[string][]string{}
				}
				s.Cond[op][genKeys[r.IntN(len(genKeys))]] = pick(r, genValues, 2)
			}
		}
		out[i] = s
	}
	return out
}

// mutate changes one thing in a copy of p.
func mutate(r *rand.Rand, p []genStmt) []genStmt {
	q := make([]genStmt, len(p))
	for i, s := range p {
		q[i] = s
		q[i].Principal = map[string][]string{}
		for k, v := range s.Principal {
			q[i].Principal[k] = slices.Clone(v)
		}
		q[i].Actions = slices.Clone(s.Actions)
		q[i].Resources = slices.Clone(s.Resources)
		if s.Cond != nil {
			q[i].Cond = map[string]map[string][]string{}
			for op, keys := range s.Cond {
				q[i].Cond[op] = map[string][]string{}
				for k, v := range keys {
					q[i].Cond[op][k] = slices.Clone(v)
				}
			}
		}
	}
	for range 1 + r.IntN(3) {
		if len(q) == 0 || r.IntN(8) == 0 {
			q = append(q, genPolicy(r)...)
			continue
		}
		s := &q[r.IntN(len(q))]
		switch r.IntN(12) {
		case 0:
			s.Actions = pick(r, genActions, 3)
		case 1:
			s.Resources = pick(r, genResources, 2)
		case 2:
			s.Principal["AWS"] = pick(r, genAWS, 2)
		case 3:
			s.Effect = genEffects[r.IntN(len(genEffects))]
		case 4:
			s.Cond = nil
		case 5:
			s.Cond = map[string]map[string][]string{genOps[r.IntN(len(genOps))]: {genKeys[r.IntN(len(genKeys))]: pick(r, genValues, 2)}}
		case 6:
			s.ActionNot = !s.ActionNot
		case 7:
			s.Sid = genSids[r.IntN(len(genSids))]
		case 8:
			i := r.IntN(len(q))
			q = append(q[:i], q[i+1:]...)
		case 11:
			s.ActionNot, s.Actions = true, []string{"s3:*"}
		case 9, 10: // change the values or the operator of one condition
			for op, keys := range s.Cond {
				for k := range keys {
					if r.IntN(2) == 0 {
						keys[k] = pick(r, genValues, 2)
					} else if op2 := genOps[r.IntN(len(genOps))]; s.Cond[op2] == nil {
						s.Cond[op2] = map[string][]string{k: keys[k]}
						delete(keys, k)
						if len(keys) == 0 {
							delete(s.Cond, op)
						}
					}
					break
				}
				break
			}
		}
	}
	return q
}

// render writes p as JSON. With r set it picks an equivalent spelling at
// random: member and list order, lone values, "*" for {"AWS": "*"}, an
// account ID for its root ARN, the case of actions and condition keys,
// duplicate values, whitespace.
func render(p []genStmt, r *rand.Rand) string {
	coin := func() bool { return r != nil && r.IntN(2) == 0 }
	list := func(vals []string, f func(string) string) any {
		out := slices.Clone(vals)
		for i := range out {
			if f != nil {
				out[i] = f(out[i])
			}
		}
		if r != nil {
			r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
			if len(out) > 0 && coin() {
				out = append(out, out[0])
			}
		}
		if len(out) == 1 && coin() {
			return out[0]
		}
		return out
	}
	var stmts []string
	for _, s := range p {
		var members []string
		add := func(k string, v any) {
			b, _ := json.Marshal(v)
			members = append(members, fmt.Sprintf("%q: %s", k, b))
		}
		if s.Sid != "" {
			add("Sid", s.Sid)
		}
		add("Effect", s.Effect)
		pk := "Principal"
		if s.PrincipalNot {
			pk = "NotPrincipal"
		}
		if len(s.Principal) == 1 && slices.Equal(s.Principal["AWS"], []string{"*"}) && coin() {
			add(pk, "*")
		} else {
			pm := map[string]any{}
			for typ, vals := range s.Principal {
				pm[typ] = list(vals, func(v string) string {
					if typ == "AWS" && r != nil && coin() {
						if awsid.Account(v) {
							return "arn:aws:iam::" + v + ":root"
						}
						if a, ok := strings.CutPrefix(v, "arn:aws:iam::"); ok && strings.HasSuffix(a, ":root") && awsid.Account(strings.TrimSuffix(a, ":root")) {
							return strings.TrimSuffix(a, ":root")
						}
					}
					return v
				})
			}
			add(pk, pm)
		}
		ak := "Action"
		if s.ActionNot {
			ak = "NotAction"
		}
		add(ak, list(s.Actions, func(v string) string {
			if coin() {
				return strings.ToUpper(v)
			}
			return v
		}))
		rk := "Resource"
		if s.ResNot {
			rk = "NotResource"
		}
		add(rk, list(s.Resources, nil))
		if s.Cond != nil {
			cm := map[string]any{}
			for op, keys := range s.Cond {
				km := map[string]any{}
				for k, vals := range keys {
					if coin() {
						k = strings.ToUpper(k)
					}
					km[k] = list(vals, nil)
				}
				cm[op] = km
			}
			add("Condition", cm)
		}
		if r != nil {
			r.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		}
		stmts = append(stmts, "{"+strings.Join(members, ", ")+"}")
	}
	if r != nil {
		r.Shuffle(len(stmts), func(i, j int) { stmts[i], stmts[j] = stmts[j], stmts[i] })
		return "{\n  \"Statement\": [\n    " + strings.Join(stmts, ",\n\n    ") + "\n  ],\n\t\"Version\":\"2012-10-17\"\n}\n"
	}
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ", ") + `]}`
}

const propertyRuns = 400

func TestPropertySelfIsEmpty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range propertyRuns {
		p := genPolicy(r)
		src := render(p, nil)
		d := computeT(t, src, src)
		if d.Changed || len(d.Statements) > 0 || len(d.Document) > 0 || d.Access != Neutral {
			t.Fatalf("run %d: Compute(a, a) is not empty: %+v\n%s", i, d, src)
		}
	}
}

func TestPropertyReformatIsNoChange(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range propertyRuns {
		p := genPolicy(r)
		a, b := render(p, nil), render(p, r)
		d := computeT(t, a, b)
		if d.Changed {
			out, _ := json.MarshalIndent(d.Statements, "", " ")
			t.Fatalf("run %d: reformatting is a change:\n%s\n--- vs ---\n%s\n%s", i, a, b, out)
		}
	}
}

// mirrorSig describes a change as it must appear in the reverse diff.
type mirrorSig struct {
	Kind            Kind
	PBefore, PAfter string
	Access          Access
	Changes         []fieldSig
}

type fieldSig struct {
	Field, Type, Key  string
	Op                Op
	OpBefore, OpAfter string
	Before, After     string
	PBefore, PAfter   string
	Flags             flags
}

func sigs(d Diff, mirror bool) []mirrorSig {
	var out []mirrorSig
	for _, sc := range d.Statements {
		s := mirrorSig{Kind: sc.Kind, PBefore: sc.PointerBefore, PAfter: sc.PointerAfter}
		var all flags
		for _, fc := range sc.Changes {
			f := fieldSig{
				Field: fc.Field, Type: fc.Type, Key: strings.ToLower(fc.Key), Op: fc.Op,
				OpBefore: fc.OperatorBefore, OpAfter: fc.Operator,
				Before: strings.Join(fc.Before, "|"), After: strings.Join(fc.After, "|"),
				PBefore: fc.PointerBefore, PAfter: fc.PointerAfter, Flags: fc.flags,
			}
			if f.OpBefore == "" {
				f.OpBefore = f.OpAfter
			}
			all |= fc.flags
			if mirror {
				f.Before, f.After = f.After, f.Before
				f.PBefore, f.PAfter = f.PAfter, f.PBefore
				f.OpBefore, f.OpAfter = f.OpAfter, f.OpBefore
				f.Flags = f.Flags.mirror()
				switch f.Op {
				case OpAdded:
					f.Op = OpRemoved
				case OpRemoved:
					f.Op = OpAdded
				}
			}
			s.Changes = append(s.Changes, f)
		}
		slices.SortFunc(s.Changes, func(x, y fieldSig) int { return strings.Compare(fmt.Sprint(x), fmt.Sprint(y)) })
		switch sc.Kind {
		case Changed:
			s.Access = all.access()
			if mirror {
				s.Access = all.mirror().access()
			}
		default:
			s.Access = sc.Access
			if mirror {
				s.Access = mirrorAccess(sc.Access)
			}
		}
		if mirror {
			s.PBefore, s.PAfter = s.PAfter, s.PBefore
			switch s.Kind {
			case Added:
				s.Kind = Removed
			case Removed:
				s.Kind = Added
			}
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(x, y mirrorSig) int { return strings.Compare(fmt.Sprint(x), fmt.Sprint(y)) })
	return out
}

func mirrorAccess(a Access) Access {
	switch a {
	case Broadens:
		return Narrows
	case Narrows:
		return Broadens
	}
	return a
}

func TestPropertyMirror(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range propertyRuns {
		p := genPolicy(r)
		q := mutate(r, p)
		a, b := render(p, nil), render(q, nil)
		ab, ba := computeT(t, a, b), computeT(t, b, a)
		if ab.Changed != ba.Changed {
			t.Fatalf("run %d: Changed %v one way, %v the other", i, ab.Changed, ba.Changed)
		}
		if d := cmp.Diff(sigs(ab, true), sigs(ba, false)); d != "" {
			t.Fatalf("run %d: Compute(b, a) does not mirror Compute(a, b) (-mirrored +reverse):\n%s\na: %s\nb: %s", i, d, a, b)
		}
		// The overall verdict: "no change to access" holds both ways or
		// neither.
		if (ab.Access == Neutral) != (ba.Access == Neutral) {
			t.Fatalf("run %d: access %s one way, %s the other", i, ab.Access, ba.Access)
		}
	}
}
