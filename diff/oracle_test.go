package diff

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/policy"
)

// An independent oracle for the diff's soundness: it enumerates requests
// through one MRAP (111122223333's abc.mrap) and decides each under a
// policy by IAM's evaluation logic for resource policies, with its own
// matching and condition code. It reads the IAM catalog's data (the
// actions usable through an MRAP, their ARN form and their condition keys)
// and nothing of package iam's classification.
//
// Requests: every action usable through an MRAP, on the MRAP's ARN (bucket
// actions) or two object ARNs (object actions), from seven callers, in
// every combination of the values (or the absence) of the condition keys
// the two policies use. A key only some actions carry (an S3 key that is
// not in an action's list) is absent from that action's requests;
// aws:SecureTransport is always present.
//
// Evaluation: an explicit Deny that matches wins. Otherwise a caller of the
// owner's account gets in when its identity policy allows it (role/admin's
// does, role/app has none) or when an Allow names it directly ("*", its
// ARN, or NotPrincipal without it); an Allow naming the owner's account
// only delegates to identity policies. A caller of another account gets in
// when an Allow names it, its account or everyone (its identity policy is
// taken to allow). An anonymous caller or a service needs an Allow that
// names it or everyone.

const oracleOwner = "111122223333"

type oracleCaller struct {
	name      string
	arn       string // "" for anonymous and services
	account   string
	service   string
	identity  bool // its identity policy allows every action
	anonymous bool
}

var oracleCallers = []oracleCaller{
	{name: "anonymous", anonymous: true},
	{name: "owner role without identity policy", arn: "arn:aws:iam::111122223333:role/app", account: oracleOwner},
	{name: "owner role with identity policy", arn: "arn:aws:iam::111122223333:role/admin", account: oracleOwner, identity: true},
	{name: "cross-account role", arn: "arn:aws:iam::444455556666:role/r", account: "444455556666", identity: true},
	{name: "other cross-account role", arn: "arn:aws:iam::444455556666:role/other", account: "444455556666", identity: true},
	{name: "third account", arn: "arn:aws:iam::777788889999:role/x", account: "777788889999", identity: true},
	{name: "s3 service", service: "s3.amazonaws.com"},
	{name: "cloudfront service", service: "cloudfront.amazonaws.com"},
}

const (
	oracleMRAP = "arn:aws:s3::111122223333:accesspoint/abc.mrap"
)

var oracleObjects = []string{oracleMRAP + "/object/logs/a.txt", oracleMRAP + "/object/k"}

type oracleAction struct {
	name   string
	object bool
	keys   map[string]bool // lower-case S3 keys its requests can carry
}

func oracleActions() []oracleAction {
	var out []oracleAction
	for _, a := range iam.S3().Actions() {
		if !a.ViaMRAP {
			continue
		}
		keys := map[string]bool{}
		for _, k := range a.ConditionKeys {
			keys[k] = true
		}
		out = append(out, oracleAction{name: a.Name, object: a.Form == iam.FormObject, keys: keys})
	}
	return out
}

// multiValued keys carry a set of values.
var multiValued = map[string]bool{"aws:tagkeys": true, "aws:principalorgpaths": true}

// oracleKey is one condition key and the values a request may give it; a
// nil entry of values is its absence.
type oracleKey struct {
	name   string // lower case
	values [][]string
}

// keyDomain lists what a request may carry for a key: nothing (unless
// every request carries it), each literal value the policies compare it
// with, and one value none of them names.
func keyDomain(key string, policyValues []string) oracleKey {
	k := oracleKey{name: key}
	if key != "aws:securetransport" {
		k.values = append(k.values, nil)
	}
	switch key {
	case "aws:securetransport":
		k.values = append(k.values, []string{"true"}, []string{"false"})
		return k
	case "aws:sourceip":
		k.values = append(k.values, []string{"10.1.2.3"}, []string{"192.0.2.1"})
		return k
	}
	seen := map[string]bool{}
	var lits []string
	for _, v := range policyValues {
		if !seen[v] {
			seen[v] = true
			lits = append(lits, v)
		}
	}
	slices.Sort(lits)
	lits = append(lits, "zz-other")
	if multiValued[key] {
		k.values = append(k.values, []string{})
		for i, a := range lits {
			k.values = append(k.values, []string{a})
			if i+1 < len(lits) {
				k.values = append(k.values, []string{a, lits[i+1]})
			}
		}
		return k
	}
	for _, v := range lits {
		k.values = append(k.values, []string{v})
	}
	return k
}

// oracleStmt is a statement prepared for evaluation.
type oracleStmt struct {
	allow      bool
	principal  policy.Principal
	notPrinc   bool
	actions    []string
	notAction  bool
	resources  []string
	notRes     bool
	conditions []oracleEntry
}

type oracleEntry struct {
	op, key string // key lower case
	values  []string
}

// errOracle: the oracle does not model this policy (the pair is skipped).
type errOracle string

func (e errOracle) Error() string { return string(e) }

func oracleStatements(d *policy.Document) ([]oracleStmt, error) {
	var out []oracleStmt
	for _, s := range d.Policy.Statements {
		if s.Effect != "Allow" && s.Effect != "Deny" {
			return nil, errOracle("effect " + s.Effect)
		}
		o := oracleStmt{allow: s.Effect == "Allow"}
		switch {
		case s.Principal != nil && s.NotPrincipal == nil:
			o.principal = s.Principal
		case s.NotPrincipal != nil && s.Principal == nil:
			o.principal, o.notPrinc = s.NotPrincipal, true
		default:
			return nil, errOracle("principal")
		}
		switch {
		case s.Action != nil && s.NotAction == nil:
			o.actions = s.Action
		case s.NotAction != nil && s.Action == nil:
			o.actions, o.notAction = s.NotAction, true
		default:
			return nil, errOracle("action")
		}
		switch {
		case s.Resource != nil && s.NotResource == nil:
			o.resources = s.Resource
		case s.NotResource != nil && s.Resource == nil:
			o.resources, o.notRes = s.NotResource, true
		default:
			return nil, errOracle("resource")
		}
		for op, keys := range s.Condition {
			for key, vals := range keys {
				o.conditions = append(o.conditions, oracleEntry{op: op, key: strings.ToLower(key), values: vals})
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// glob matches IAM's * and ? (any run, one character), case-sensitive.
func glob(p, s string) bool {
	// dp[j]: p[:i] matches s[:j].
	dp := make([]bool, len(s)+1)
	dp[0] = true
	for i := 0; i < len(p); i++ {
		next := make([]bool, len(s)+1)
		switch p[i] {
		case '*':
			run := false
			for j := 0; j <= len(s); j++ {
				run = run || dp[j]
				next[j] = run
			}
		case '?':
			for j := 1; j <= len(s); j++ {
				next[j] = dp[j-1]
			}
		default:
			for j := 1; j <= len(s); j++ {
				next[j] = dp[j-1] && s[j-1] == p[i]
			}
		}
		dp = next
	}
	return dp[len(s)]
}

// principalMatch reports whether one principal value names the caller, and
// whether it does so only as the owner's account (a delegation).
func principalMatch(typ, v string, c oracleCaller) (match, viaOwnerAccount bool, err error) {
	switch typ {
	case "AWS":
		if v == "*" {
			return true, false, nil
		}
		if strings.ContainsAny(v, "*?") {
			return false, false, errOracle("wildcard principal")
		}
		acct := ""
		if len(v) == 12 && strings.Trim(v, "0123456789") == "" {
			acct = v
		} else if a, ok := strings.CutPrefix(v, "arn:aws:iam::"); ok && strings.HasSuffix(a, ":root") {
			acct = strings.TrimSuffix(a, ":root")
			if len(acct) != 12 || strings.Trim(acct, "0123456789") != "" {
				return false, false, nil // names no one
			}
		}
		if acct != "" {
			return c.account == acct, acct == oracleOwner, nil
		}
		return c.arn != "" && c.arn == v, false, nil
	case "Service":
		if strings.ContainsAny(v, "*?") {
			return false, false, errOracle("wildcard service")
		}
		return c.service == v, false, nil
	case "Federated", "CanonicalUser":
		return false, false, nil
	}
	return false, false, errOracle("principal type " + typ)
}

// names reports whether a statement's principal element applies to the
// caller, and whether only through the owner's account.
func (o *oracleStmt) names(c oracleCaller) (applies, onlyOwner bool, err error) {
	any, direct := false, false
	for typ, vals := range o.principal {
		for _, v := range vals {
			m, viaOwner, err := principalMatch(typ, v, c)
			if err != nil {
				return false, false, err
			}
			if m {
				any = true
				direct = direct || !viaOwner
			}
		}
	}
	if o.notPrinc {
		return !any, false, nil
	}
	return any, any && !direct, nil
}

func (o *oracleStmt) actionMatch(a string) bool {
	la := strings.ToLower(a)
	hit := slices.ContainsFunc(o.actions, func(p string) bool { return glob(strings.ToLower(p), la) })
	return hit != o.notAction
}

func (o *oracleStmt) resourceMatch(r string) bool {
	hit := slices.ContainsFunc(o.resources, func(p string) bool { return glob(p, r) })
	return hit != o.notRes
}

// entryHolds evaluates one condition entry for a request that carries vals
// for its key (nil: the request does not carry it).
func entryHolds(e oracleEntry, vals []string) (bool, error) {
	op := e.op
	set := ""
	for _, p := range []string{"ForAllValues:", "ForAnyValue:"} {
		if r, ok := strings.CutPrefix(op, p); ok {
			set, op = p, r
		}
	}
	ifExists := false
	if r, ok := strings.CutSuffix(op, "IfExists"); ok && op != "Null" {
		ifExists, op = true, r
	}
	negated := false
	var cmp func(pv, rv string) bool
	switch op {
	case "StringEquals", "StringNotEquals":
		cmp, negated = func(pv, rv string) bool { return pv == rv }, op == "StringNotEquals"
	case "StringLike", "StringNotLike":
		cmp, negated = glob, op == "StringNotLike"
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		cmp, negated = strings.EqualFold, op == "StringNotEqualsIgnoreCase"
	case "ArnLike", "ArnEquals", "ArnNotLike", "ArnNotEquals":
		cmp, negated = glob, strings.Contains(op, "Not")
	case "Bool":
		cmp = func(pv, rv string) bool {
			return (pv == "true" || pv == "false") && pv == strings.ToLower(rv)
		}
	case "IpAddress", "NotIpAddress":
		negated = op == "NotIpAddress"
		cmp = func(pv, rv string) bool {
			ip, err := netip.ParseAddr(rv)
			if err != nil {
				return false
			}
			if p, err := netip.ParsePrefix(pv); err == nil {
				return p.Contains(ip)
			}
			a, err := netip.ParseAddr(pv)
			return err == nil && a == ip
		}
	case "Null":
		if set != "" {
			return false, errOracle("set operator on Null")
		}
		// Null: true asks for the key to be absent, false for it to be
		// present; any value may match.
		for _, v := range e.values {
			if strings.EqualFold(v, "true") && vals == nil || strings.EqualFold(v, "false") && vals != nil {
				return true, nil
			}
		}
		return false, nil
	default:
		return false, errOracle("operator " + e.op)
	}
	if vals == nil {
		switch {
		case ifExists, set == "ForAllValues:":
			return true, nil
		case set == "ForAnyValue:":
			return false, nil
		}
		return negated, nil
	}
	// one request value against the policy values
	one := func(rv string) bool {
		hit := slices.ContainsFunc(e.values, func(pv string) bool { return cmp(pv, rv) })
		return hit != negated
	}
	switch set {
	case "ForAllValues:":
		return !slices.ContainsFunc(vals, func(rv string) bool { return !one(rv) }), nil
	}
	// ForAnyValue:, and a plain operator (a single-valued key has one value)
	return slices.ContainsFunc(vals, one), nil
}

// oracle holds one policy pair's requests.
type oracle struct {
	actions []oracleAction
	keys    []oracleKey
}

func newOracle(docs ...[]oracleStmt) *oracle {
	o := &oracle{actions: oracleActions()}
	values := map[string][]string{}
	for _, stmts := range docs {
		for _, s := range stmts {
			for _, e := range s.conditions {
				values[e.key] = append(values[e.key], e.values...)
			}
		}
	}
	for _, k := range sortedKeys(values) {
		o.keys = append(o.keys, keyDomain(k, values[k]))
	}
	return o
}

// request is one request: caller, action, resource and, for each of the
// oracle's keys, the index of its value (0: absent, unless always present).
type request struct {
	caller   oracleCaller
	action   oracleAction
	resource string
	ctx      []int
}

// carries reports whether the request's action can carry key.
func (a oracleAction) carries(key string) bool {
	if strings.HasPrefix(key, "aws:") {
		return true
	}
	if a.keys[key] {
		return true
	}
	if i := strings.IndexByte(key, '/'); i > 0 {
		return a.keys[key[:i]+"/*"]
	}
	return false
}

// compiled is a policy's statements evaluated in advance against every
// caller, action, resource and key value of the oracle: what is left per
// request is table lookups.
type compiled struct {
	stmts []compiledStmt
}

type compiledStmt struct {
	allow     bool
	applies   []bool // per caller
	onlyOwner []bool // per caller
	actions   []bool // per action
	resources map[string]bool
	entries   []compiledEntry
}

type compiledEntry struct {
	key     int    // index in oracle.keys
	name    string // the key, lower case
	absent  bool   // its value for a request without the key
	present []bool // per value index of the key
}

func (o *oracle) compile(stmts []oracleStmt) (*compiled, error) {
	c := &compiled{}
	for i := range stmts {
		s := &stmts[i]
		cs := compiledStmt{allow: s.allow, resources: map[string]bool{}}
		for _, caller := range oracleCallers {
			applies, onlyOwner, err := s.names(caller)
			if err != nil {
				return nil, err
			}
			cs.applies = append(cs.applies, applies)
			cs.onlyOwner = append(cs.onlyOwner, onlyOwner)
		}
		for _, a := range o.actions {
			cs.actions = append(cs.actions, s.actionMatch(a.name))
		}
		for _, r := range append([]string{oracleMRAP}, oracleObjects...) {
			cs.resources[r] = s.resourceMatch(r)
		}
		for _, e := range s.conditions {
			ce := compiledEntry{key: -1, name: e.key}
			var err error
			if ce.absent, err = entryHolds(e, nil); err != nil {
				return nil, err
			}
			for ki, k := range o.keys {
				if k.name != e.key {
					continue
				}
				ce.key = ki
				for _, v := range k.values {
					h := ce.absent
					if v != nil {
						if h, err = entryHolds(e, v); err != nil {
							return nil, err
						}
					}
					ce.present = append(ce.present, h)
				}
			}
			cs.entries = append(cs.entries, ce)
		}
		c.stmts = append(c.stmts, cs)
	}
	return c, nil
}

// allowed decides a request (caller ci, action ai) under a compiled
// policy.
func (o *oracle) allowed(p *compiled, ci, ai int, resource string, ctx []int) bool {
	granted := false
	for i := range p.stmts {
		s := &p.stmts[i]
		if !s.applies[ci] || !s.actions[ai] || !s.resources[resource] {
			continue
		}
		holds := true
		for _, e := range s.entries {
			h := e.absent
			if e.key >= 0 && (e.name == "aws:securetransport" || o.actions[ai].carries(e.name)) {
				h = e.present[ctx[e.key]]
			}
			if !h {
				holds = false
				break
			}
		}
		switch {
		case !holds:
		case !s.allow:
			return false
		case !s.onlyOwner[ci]:
			granted = true
		}
	}
	c := oracleCallers[ci]
	return granted || c.account == oracleOwner && c.identity
}

// gain finds a request the after policy allows and the before one does
// not, within maxContexts contexts per caller, action and resource
// (sampled with rnd beyond that).
func (o *oracle) gain(before, after []oracleStmt, rnd *rand.Rand, maxContexts int) (*request, error) {
	cb, err := o.compile(before)
	if err != nil {
		return nil, err
	}
	ca, err := o.compile(after)
	if err != nil {
		return nil, err
	}
	total := 1
	for _, k := range o.keys {
		total *= len(k.values)
	}
	contexts := make([][]int, 0, min(total, maxContexts))
	for n := range total {
		if total > maxContexts && rnd.IntN(total) >= maxContexts {
			continue
		}
		ctx := make([]int, len(o.keys))
		for i, k := range o.keys {
			ctx[i] = n % len(k.values)
			n /= len(k.values)
		}
		contexts = append(contexts, ctx)
	}
	for ci, c := range oracleCallers {
		for ai, a := range o.actions {
			resources := []string{oracleMRAP}
			if a.object {
				resources = oracleObjects
			}
			for _, res := range resources {
				for _, ctx := range contexts {
					if o.allowed(ca, ci, ai, res, ctx) && !o.allowed(cb, ci, ai, res, ctx) {
						return &request{caller: c, action: a, resource: res, ctx: ctx}, nil
					}
				}
			}
		}
	}
	return nil, nil
}

func (r *request) String() string {
	return fmt.Sprintf("%s %s on %s, context %v", r.caller.name, r.action.name, r.resource, r.ctx)
}

// TestPropertySound: whenever the oracle finds a request the new policy
// lets in and the old one did not, the diff does not say neutral or
// narrows. Generated pairs include the cases of TestComputePrecision, with
// and without Options.Owner. With MRAPGUARD_DIFF_PAIRS=DIR set it also
// writes every pair there (DIR/N.old.json, DIR/N.new.json, DIR/N.verdict:
// the verdict and whether the oracle found a gain), to compare verdicts
// with another build.
func TestPropertySound(t *testing.T) {
	runs := 1000
	if testing.Short() {
		runs = 200
	}
	dump := os.Getenv("MRAPGUARD_DIFF_PAIRS")
	rnd := rand.New(rand.NewPCG(7, 8))
	counts := map[string]int{}
	checked := 0
	for i := range runs {
		p := genPolicy(rnd)
		q := mutate(rnd, p)
		a, b := render(p, nil), render(q, nil)
		da := *policy.Parse("old.json", []byte(a), policy.Options{MaxBytes: -1})
		db := *policy.Parse("new.json", []byte(b), policy.Options{MaxBytes: -1})
		sa, err := oracleStatements(&da)
		if err != nil {
			counts["skipped: "+err.Error()]++
			continue
		}
		sb, err := oracleStatements(&db)
		if err != nil {
			counts["skipped: "+err.Error()]++
			continue
		}
		o := newOracle(sa, sb)
		for _, owner := range []string{"", oracleOwner} {
			d := Options{Owner: owner}.Compute(da, db)
			sound := d.Access == Broadens || d.Access == Unknown
			// The oracle's search is needed to prove a claim of neutral
			// or narrows wrong; for the counts (and the dump) it runs on
			// every pair.
			var g *request
			if !sound || dump != "" || owner == "" {
				g, err = o.gain(sa, sb, rnd, 512)
				if err != nil {
					counts["skipped: "+err.Error()]++
					continue
				}
			}
			checked++
			if owner == "" {
				counts[fmt.Sprintf("%s, gain %v", d.Access, g != nil)]++
			}
			if g != nil && !sound {
				out, _ := json.MarshalIndent(d.Statements, "", " ")
				t.Fatalf("run %d (owner %q): the diff says %s, but %s gains access\nold: %s\nnew: %s\n%s", i, owner, d.Access, g, a, b, out)
			}
			if dump != "" && owner == "" {
				for name, body := range map[string]string{"old.json": a, "new.json": b, "verdict": fmt.Sprintf("%s %v\n", d.Access, g != nil)} {
					if err := os.WriteFile(filepath.Join(dump, fmt.Sprintf("%03d.%s", i, name)), []byte(body), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if checked < runs {
		t.Errorf("only %d of %d pairs were checked: %v", checked, 2*runs, counts)
	}
	t.Logf("%d diffs checked against the oracle; without an owner: %v", checked, counts)
}

// TestOracle pins the oracle's own reading of IAM on a few requests, so a
// bug in it cannot make the soundness property vacuous.
func TestOracle(t *testing.T) {
	parseStmts := func(src string) []oracleStmt {
		d := parse(t, "p.json", src)
		s, err := oracleStatements(&d)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	stmt := func(effect, principal, action, resource, cond string) string {
		s := `{"Effect": "` + effect + `", "Principal": ` + principal + `, "Action": "` + action + `", "Resource": "` + resource + `"`
		if cond != "" {
			s += `, "Condition": ` + cond
		}
		return s + `}`
	}
	obj := oracleMRAP + "/object/*"
	caller := func(name string) oracleCaller {
		for _, c := range oracleCallers {
			if c.name == name {
				return c
			}
		}
		t.Fatalf("no caller %q", name)
		return oracleCaller{}
	}
	tests := []struct {
		name   string
		policy string
		caller string
		action string
		ctx    map[string]string // key -> value ("" absent)
		want   bool
	}{
		{"anyone", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, "")), "anonymous", "s3:GetObject", nil, true},
		{"another action", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, "")), "anonymous", "s3:PutObject", nil, false},
		{"object action on the MRAP's ARN", pol(stmt("Allow", `"*"`, "s3:GetObject", oracleMRAP, "")), "anonymous", "s3:GetObject", nil, false},
		{"owner account delegates", pol(stmt("Allow", `{"AWS": "111122223333"}`, "s3:GetObject", obj, "")), "owner role without identity policy", "s3:GetObject", nil, false},
		{"owner role named", pol(stmt("Allow", `{"AWS": "arn:aws:iam::111122223333:role/app"}`, "s3:GetObject", obj, "")), "owner role without identity policy", "s3:GetObject", nil, true},
		{"identity policy alone", pol(), "owner role with identity policy", "s3:GetObject", nil, true},
		{"cross account by account", pol(stmt("Allow", `{"AWS": "arn:aws:iam::444455556666:root"}`, "s3:GetObject", obj, "")), "cross-account role", "s3:GetObject", nil, true},
		{"deny wins", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, ""), stmt("Deny", `{"AWS": "111122223333"}`, "s3:*", "*", "")), "owner role with identity policy", "s3:GetObject", nil, false},
		{"condition met", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, `{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}`)), "anonymous", "s3:GetObject", map[string]string{"aws:principalorgid": "o-1"}, true},
		{"condition key absent", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, `{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}`)), "anonymous", "s3:GetObject", nil, false},
		{"negated, key absent", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, `{"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}`)), "anonymous", "s3:GetObject", nil, true},
		{"key the action never carries", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, `{"StringEquals": {"s3:x-amz-acl": "private"}}`)), "anonymous", "s3:GetObject", map[string]string{"s3:x-amz-acl": "private"}, false},
		{"key the action carries", pol(stmt("Allow", `"*"`, "s3:PutObject", obj, `{"StringEquals": {"s3:x-amz-acl": "private"}}`)), "anonymous", "s3:PutObject", map[string]string{"s3:x-amz-acl": "private"}, true},
		{"network", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, `{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`)), "anonymous", "s3:GetObject", map[string]string{"aws:sourceip": "10.1.2.3"}, true},
		{"TLS", pol(stmt("Allow", `"*"`, "s3:GetObject", obj, `{"BoolIfExists": {"aws:SecureTransport": "true"}}`)), "anonymous", "s3:GetObject", map[string]string{"aws:securetransport": "false"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stmts := parseStmts(tt.policy)
			o := newOracle(stmts)
			var act oracleAction
			for _, a := range o.actions {
				if a.name == tt.action {
					act = a
				}
			}
			res := oracleMRAP
			if act.object {
				res = oracleObjects[0]
			}
			r := request{caller: caller(tt.caller), action: act, resource: res, ctx: make([]int, len(o.keys))}
			for i, k := range o.keys {
				want := tt.ctx[k.name]
				for j, v := range k.values {
					if v == nil && want == "" || len(v) == 1 && v[0] == want {
						r.ctx[i] = j
					}
				}
			}
			p, err := o.compile(stmts)
			if err != nil {
				t.Fatal(err)
			}
			ci := slices.IndexFunc(oracleCallers, func(c oracleCaller) bool { return c.name == tt.caller })
			ai := slices.IndexFunc(o.actions, func(a oracleAction) bool { return a.name == tt.action })
			if got := o.allowed(p, ci, ai, r.resource, r.ctx); got != tt.want {
				t.Errorf("allowed = %v, want %v", got, tt.want)
			}
		})
	}
}
