package lint

import (
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/internal/awsid"
	"github.com/mrapguard/mrapguard/policy"
)

// The facts are what package iam knows about one document, computed once
// in Go and given to every rule as input.facts (rules/README.md documents
// the shape). They are JSON: keyed by the values as written, positioned by
// paths into the normalized input.policy.
//
// Cost model. OPA converts the input to terms lazily (ast.LazyObject): a
// part no rule reads is never converted, so input.raw, input.policy and the
// paths of values that fire nothing cost little. What a value means does
// not depend on the document, so the facts of each distinct action,
// resource, principal, operator, key and condition entry are built once per
// process and shared, as terms, by every document that holds the value.

// inputValue builds the input rules see for one document. It is a lazy
// object (ast.LazyObject): OPA converts only the parts rules read, so
// input.raw, input.policy and input.facts.paths cost little when no rule
// reads them (putting a lazy object into an ordinary one would convert it:
// inserting hashes the value). The facts of each value are terms built
// once per process; everything else is plain JSON. OPA turns a lazy object
// into Go values as they are, so json.marshal(input) and
// json.marshal(input.facts) are not JSON of the facts; every field of
// input.facts is (TestFactsShape).
func inputValue(doc *policy.Document, target *Target, parse policy.Options) ast.Value {
	problems := make([]any, len(doc.Problems))
	for i, p := range doc.Problems {
		problems[i] = map[string]any{
			"rule": p.Rule, "msg": p.Message, "pointer": p.Pointer,
			"line": p.Pos.Line, "column": p.Pos.Column,
		}
	}
	limit := parse.MaxBytes
	if limit == 0 {
		limit = policy.DefaultMaxBytes
	}
	in := map[string]any{
		"file":     doc.Name,
		"problems": problems,
		"size":     map[string]any{"bytes": len(doc.Bytes), "limit": limit},
	}
	raw, normalized := doc.Views()
	if raw != nil {
		in["raw"] = raw
	}
	norm, _ := normalized.(map[string]any)
	if norm != nil {
		in["policy"] = norm
	}
	if target != nil {
		t := map[string]any{}
		for k, v := range map[string]string{"account": target.Account, "name": target.Name, "alias": target.Alias, "arn": target.ARN()} {
			if v != "" {
				t[k] = v
			}
		}
		if len(t) > 0 {
			in["target"] = t
		}
	}
	var unresolved []policy.UnresolvedValue
	if !doc.Resolved() {
		unresolved = doc.Unresolved()
		list := make([]any, len(unresolved))
		for i, u := range unresolved {
			v := map[string]any{"pointer": u.Pointer, "path": u.Path, "text": u.Node.Text}
			if u.Node.Expr != nil && len(u.Node.Expr.Parts) > 0 {
				parts := make([]any, len(u.Node.Expr.Parts))
				for j, p := range u.Node.Expr.Parts {
					parts[j] = map[string]any{"text": p.Text, "expr": p.Expr}
				}
				v["parts"] = parts
			}
			list[i] = v
		}
		if len(list) > 0 {
			in["unresolved"] = list
		}
	}
	in["facts"] = facts(doc, norm, target, unresolved)
	return ast.LazyObject(in)
}

// facts computes input.facts for a document whose normalized form is norm.
func facts(doc *policy.Document, norm map[string]any, target *Target, unresolved []policy.UnresolvedValue) map[string]any {
	b := &factsBuilder{
		actions:    map[string]any{},
		resources:  map[string]any{},
		principals: map[string]any{},
		operators:  map[string]any{},
		keys:       map[string]any{},
		byOperator: map[string]any{},
		byKey:      map[string]any{},
		sids:       map[string]any{},
		paths: map[string]map[string]any{
			"actions": {}, "resources": {}, "principals": {}, "operators": {}, "keys": {},
		},
		mrapAccounts: map[string]bool{},
		typed:        map[int]*policy.Statement{},
	}
	b.noteUnresolved(unresolved)
	for i := range doc.Policy.Statements {
		s := &doc.Policy.Statements[i]
		b.typed[s.Index] = s
	}
	f := map[string]any{}
	if doc.Root != nil && doc.Root.Kind == policy.Object {
		if st := doc.Root.Get("Statement"); st != nil {
			f["statement_kind"] = st.Kind.String()
		}
	}
	list, _ := norm["Statement"].([]any)
	stmts := make([]*ast.Term, len(list))
	for i, v := range list {
		if s, ok := v.(map[string]any); ok {
			stmts[i] = ast.NewTerm(b.statement(i, s))
		} else {
			stmts[i] = ast.NullTerm()
		}
	}
	if b.unusual == nil {
		b.unusual = []any{}
	}
	if b.conditions == nil {
		b.conditions = []any{}
	}
	f["statements"] = ast.NewArray(stmts...)
	f["unusual"] = b.unusual
	f["actions"] = b.actions
	f["resources"] = b.resources
	f["principals"] = b.principals
	f["operators"] = b.operators
	f["keys"] = b.keys
	f["conditions"] = b.conditions
	f["conditions_by_operator"] = b.byOperator
	f["conditions_by_key"] = b.byKey
	f["sids"] = b.sids
	f["variables"] = variableFacts(norm, doc.Bytes)
	f["service_principals"] = b.serviceFacts(list)
	b.redundancyFacts(list, f)
	paths := make(map[string]any, len(b.paths))
	for k, v := range b.paths {
		paths[k] = v
	}

	targetAccount := ""
	if target != nil && awsid.Account(target.Account) {
		targetAccount = target.Account
		f["target_account"] = targetAccount
	}
	owner := targetAccount
	switch {
	case targetAccount != "":
		f["owner"] = map[string]any{"account": targetAccount, "source": "the target account"}
	case len(b.mrapAccounts) == 1:
		for a := range b.mrapAccounts {
			f["owner"] = map[string]any{"account": a, "source": "the account in the policy's MRAP ARNs"}
			owner = a
		}
	}
	f["condition_notes"], f["noted"] = b.conditionNotes(list, owner)
	f["noted"] = notedElements(f)
	// Maps of terms become terms: under a lazy object a map stays lazy, and
	// a lazy object holding terms would not turn into JSON.
	for k, v := range f {
		if m, ok := v.(map[string]any); ok {
			if t, err := ast.InterfaceToValue(m); err == nil {
				f[k] = t
			}
		}
	}
	f["paths"] = paths
	if partial := partialResources(unresolved); len(partial) > 0 {
		f["partial_resources"] = partial
	}
	return f
}

type factsBuilder struct {
	typed        map[int]*policy.Statement
	unusual      []any
	actions      map[string]any
	resources    map[string]any
	principals   map[string]any // type -> value -> facts
	operators    map[string]any
	keys         map[string]any
	conditions   []any                     // entries as values, shared by the indexes below
	byOperator   map[string]any            // operator -> []any of entries
	byKey        map[string]any            // key -> []any of entries
	sids         map[string]any            // Sid -> []any of statement indexes
	paths        map[string]map[string]any // kind -> value -> []any of paths (principals: type -> value -> paths)
	mrapAccounts map[string]bool
	// Values a template leaves to deploy time: by statement, the elements
	// that hold one, and where each is (policy.Pointer of its path).
	incomplete map[int]map[string]bool
	unresolved map[string]bool
}

// noteUnresolved records where a document's unresolved values are.
func (b *factsBuilder) noteUnresolved(us []policy.UnresolvedValue) {
	for _, u := range us {
		if b.unresolved == nil {
			b.unresolved, b.incomplete = map[string]bool{}, map[int]map[string]bool{}
		}
		b.unresolved[policy.Pointer(u.Path)] = true
		if len(u.Path) < 3 || u.Path[0] != "Statement" {
			continue
		}
		i, ok1 := u.Path[1].(int)
		el, ok2 := u.Path[2].(string)
		if !ok1 || !ok2 {
			continue
		}
		if b.incomplete[i] == nil {
			b.incomplete[i] = map[string]bool{}
		}
		b.incomplete[i][el] = true
	}
}

// unresolvedMark stands for an unresolved condition value in the facts:
// no scalar, no problem.
type unresolvedMark struct{}

// withMarks returns a condition key's values with its unresolved ones (at
// path kp) marked, or the values as they are when none is.
func (b *factsBuilder) withMarks(kp []any, values any) any {
	if b.unresolved == nil {
		return values
	}
	if b.unresolved[policy.Pointer(kp)] {
		return unresolvedMark{}
	}
	list, ok := values.([]any)
	if !ok {
		return values
	}
	var out []any
	for j, v := range list {
		if v == nil && b.unresolved[policy.Pointer(append(kp[:len(kp):len(kp)], j))] {
			if out == nil {
				out = slices.Clone(list)
			}
			out[j] = unresolvedMark{}
		}
	}
	if out == nil {
		return values
	}
	return out
}

// partialResources are the facts of the Resource and NotResource values a
// template builds partly from expressions: each with a regex.globs_match
// pattern in which the expressions, and IAM's * and ?, match anything.
func partialResources(us []policy.UnresolvedValue) []any {
	var out []any
	for _, u := range us {
		if len(u.Path) < 3 || (u.Path[2] != "Resource" && u.Path[2] != "NotResource") || u.Node.Expr == nil || len(u.Node.Expr.Parts) == 0 {
			continue
		}
		var glob strings.Builder
		var exprs []any
		for _, p := range u.Node.Expr.Parts {
			if p.Expr {
				exprs = append(exprs, p.Text)
				glob.WriteString(".*")
				continue
			}
			glob.WriteString(globEscaper.Replace(p.Text))
		}
		out = append(out, map[string]any{"path": u.Path, "text": u.Node.Text, "exprs": exprs, "glob": glob.String()})
	}
	return out
}

// globEscaper writes literal text as a regex.globs_match pattern, IAM's
// wildcards as wildcards.
var globEscaper = strings.NewReplacer(`\`, `\\`, ".", `\.`, "+", `\+`, "[", `\[`, "]", `\]`, "-", `\-`, "*", ".*", "?", ".")

func (b *factsBuilder) addPath(kind, value string, p []any) {
	m := b.paths[kind]
	list, _ := m[value].([]any)
	m[value] = append(list, p)
}

func (b *factsBuilder) statement(i int, s map[string]any) ast.Value {
	st := make(object, 0, 12)
	if e, ok := s["Effect"].(string); ok {
		st.set("effect", str(e))
	}
	if sid, ok := s["Sid"].(string); ok {
		st.set("sid", str(sid))
		list, _ := b.sids[sid].([]any)
		b.sids[sid] = append(list, i)
	}
	if !ordinary(s) {
		b.unusual = append(b.unusual, i)
	}

	// Actions, resources: the facts of each distinct value, and where it is.
	var actions [][]*iam.Action // the catalogued actions each Action value matches
	var via viaSet
	var actionForms [4]bool // by Forms>>1: the distinct non-empty form sets of its actions
	var known []string      // the names of its catalogued actions
	for _, el := range []string{"Action", "NotAction"} {
		list, _ := s[el].([]any)
		for j, v := range list {
			if v, ok := v.(string); ok {
				a := actionFacts(v)
				b.actions[v] = a.value
				b.addPath("actions", v, []any{"Statement", i, el, j})
				if el == "Action" {
					actions = append(actions, a.matches)
					via.or(&a.via)
					actionForms[(a.forms&iam.AllForms)>>1] = true
					if a.known {
						known = append(known, a.name)
					}
				}
			}
		}
	}
	forms, allMRAP := iam.Forms(0), true
	for _, el := range []string{"Resource", "NotResource"} {
		list, _ := s[el].([]any)
		for j, v := range list {
			rs, ok := v.(string)
			if !ok {
				if el == "Resource" {
					allMRAP = false
				}
				continue
			}
			r := resourceFacts(rs)
			b.resources[rs] = r.value
			b.addPath("resources", rs, []any{"Statement", i, el, j})
			if r.account != "" {
				b.mrapAccounts[r.account] = true
			}
			if el == "Resource" {
				forms |= r.forms
				allMRAP = allMRAP && r.forms != 0
			}
		}
	}
	if res, ok := s["Resource"].([]any); ok && len(res) > 0 && allMRAP {
		st.set("resource_forms", ast.NewTerm(formsValue(forms)))
	}
	st.set("all_mrap_actions", boolean(via.all()))
	var af []*ast.Term
	for k := 1; k < len(actionForms); k++ {
		if actionForms[k] {
			af = append(af, ast.NewTerm(formsValue(iam.Forms(k<<1))))
		}
	}
	st.set("action_forms", ast.ArrayTerm(af...))
	sort.Strings(known)
	st.set("known_actions", strs(known))

	// Principals.
	for _, el := range []string{"Principal", "NotPrincipal"} {
		p, _ := s[el].(map[string]any)
		for typ, vals := range p {
			list, _ := vals.([]any)
			for j, v := range list {
				v, ok := v.(string)
				if !ok {
					continue
				}
				byValue, _ := b.principals[typ].(map[string]any)
				if byValue == nil {
					byValue = map[string]any{}
					b.principals[typ] = byValue
				}
				byValue[v] = principalFacts(typ, v)
				pp, _ := b.paths["principals"][typ].(map[string]any)
				if pp == nil {
					pp = map[string]any{}
					b.paths["principals"][typ] = pp
				}
				list, _ := pp[v].([]any)
				pp[v] = append(list, []any{"Statement", i, el, typ, j})
			}
		}
	}

	// Conditions.
	if c, ok := s["Condition"].(map[string]any); ok {
		// In sorted order, so the lists of entries do not depend on Go's
		// map order.
		for _, op := range slices.Sorted(maps.Keys(c)) {
			keys := c[op]
			b.operators[op] = operatorFacts(op)
			b.addPath("operators", op, []any{"Statement", i, "Condition", op})
			km, ok := keys.(map[string]any)
			if !ok {
				continue
			}
			for _, key := range slices.Sorted(maps.Keys(km)) {
				values := km[key]
				b.keys[key] = keyFacts(key)
				kp := []any{"Statement", i, "Condition", op, key}
				b.addPath("keys", key, kp)
				applies := true
				if info := iam.LookupKey(key); info != nil && !b.incomplete[i]["Action"] {
					// With an Action known only at deploy time, any
					// action may carry the key.
					applies = info.AppliesTo(actions...)
				}
				entry := conditionEntry(i, op, key, b.withMarks(kp, values), applies)
				b.conditions = append(b.conditions, entry)
				list, _ := b.byOperator[op].([]any)
				b.byOperator[op] = append(list, entry)
				list, _ = b.byKey[key].([]any)
				b.byKey[key] = append(list, entry)
			}
		}
	}

	// The two notions of public, from the typed view diff and apply use.
	t := b.typed[i]
	if t == nil {
		t = &policy.Statement{Index: i}
	}
	if b.incomplete[i]["Condition"] {
		// What the statement allows depends on a condition value known
		// only at deploy time.
		why := "not decided: its Condition holds a value known only at deploy time"
		st.set("open", ast.NewTerm(verdictValue(false, why)))
		st.set("public_to_aws", ast.NewTerm(verdictValue(false, why)))
	} else {
		st.set("open", ast.NewTerm(openFacts(*t, i, s)))
		pub, why := iam.PublicToAWS(*t)
		st.set("public_to_aws", ast.NewTerm(verdictValue(pub, why)))
	}
	if inc := b.incomplete[i]; len(inc) > 0 {
		st.set("incomplete", strs(slices.Sorted(maps.Keys(inc))))
	}
	return st.term().Value
}

// ordinary: Effect Allow or Deny; exactly Effect, Principal, Action and
// Resource plus optionally Sid and Condition; a Principal naming only AWS
// principals, at least one; no empty Action or Resource list; no empty
// Condition, operator or value list.
func ordinary(s map[string]any) bool {
	if e, _ := s["Effect"].(string); e != "Allow" && e != "Deny" {
		return false
	}
	n := 4
	for _, k := range []string{"Effect", "Principal", "Action", "Resource"} {
		v, ok := s[k]
		if !ok {
			return false
		}
		if list, ok := v.([]any); ok && len(list) == 0 {
			return false
		}
	}
	for _, k := range []string{"Sid", "Condition"} {
		if _, ok := s[k]; ok {
			n++
		}
	}
	if len(s) != n {
		return false
	}
	p, ok := s["Principal"].(map[string]any)
	if !ok || len(p) != 1 {
		return false
	}
	aws, has := p["AWS"]
	if !has {
		return false
	}
	if list, ok := aws.([]any); ok && len(list) == 0 {
		return false
	}
	if c, ok := s["Condition"].(map[string]any); ok {
		if len(c) == 0 {
			return false
		}
		for _, keys := range c {
			if km, ok := keys.(map[string]any); ok {
				if len(km) == 0 {
					return false
				}
				for _, v := range km {
					if list, ok := v.([]any); ok && len(list) == 0 {
						return false
					}
				}
			}
		}
	}
	return true
}

func openFacts(t policy.Statement, i int, s map[string]any) ast.Value {
	open, why := iam.Open(t)
	if !open {
		return verdictValue(false, why)
	}
	who, anonymous := iam.Subject(t)
	// Every occurrence of the principal that makes it open.
	var paths []*ast.Term
	typ, value, not, _ := iam.WildcardPrincipal(t)
	if not {
		paths = append(paths, pathValue("Statement", i, "NotPrincipal"))
	} else {
		p, _ := s["Principal"].(map[string]any)
		list, _ := p[typ].([]any)
		for j, v := range list {
			if v == value {
				paths = append(paths, pathValue("Statement", i, "Principal", typ, j))
			}
		}
	}
	return object{
		ast.Item(str("verdict"), boolean(true)), ast.Item(str("reason"), str(why)),
		ast.Item(str("subject"), str(who)), ast.Item(str("anonymous"), boolean(anonymous)),
		ast.Item(str("reasons"), strs(iam.ConditionReasons(t))), ast.Item(str("paths"), ast.ArrayTerm(paths...)),
	}.term().Value
}

// pathValue is a path into input.policy as a term.
func pathValue(steps ...any) *ast.Term {
	t := make([]*ast.Term, len(steps))
	for j, x := range steps {
		switch x := x.(type) {
		case string:
			t[j] = str(x)
		case int:
			t[j] = ast.InternedTerm(x)
		}
	}
	return ast.ArrayTerm(t...)
}

// ---------------------------------------------------------------- caches

// valueCache holds the facts of distinct values for the life of the
// process, up to a bound (beyond it, facts are computed per use).
type valueCache[T any] struct {
	m sync.Map
	n atomic.Int64
}

const valueCacheLimit = 1 << 16

func (c *valueCache[T]) get(k string, build func() T) T {
	if v, ok := c.m.Load(k); ok {
		return v.(T)
	}
	v := build()
	if c.n.Load() < valueCacheLimit {
		if _, loaded := c.m.LoadOrStore(k, v); !loaded {
			c.n.Add(1)
		}
	}
	return v
}

var (
	actionCache    valueCache[*actionFact]
	resourceCache  valueCache[*resourceFact]
	principalCache valueCache[ast.Value]
	operatorCache  valueCache[ast.Value]
	keyCache       valueCache[ast.Value]
	condCache      valueCache[*condFact]
	entryCache     valueCache[ast.Value]
	verdictCache   valueCache[ast.Value]
)

func verdictValue(v bool, reason string) ast.Value {
	k := "f" + reason
	if v {
		k = "t" + reason
	}
	return verdictCache.get(k, func() ast.Value {
		return ast.NewObject(ast.Item(str("verdict"), boolean(v)), ast.Item(str("reason"), str(reason)))
	})
}

// formsValues are the four sets of MRAP ARN forms as terms, by Forms>>1.
var formsValues = sync.OnceValue(func() [4]ast.Value {
	var out [4]ast.Value
	for i := range out {
		var list []*ast.Term
		for _, x := range iam.Forms(i << 1).List() {
			list = append(list, str(x.String()))
		}
		out[i] = ast.NewArray(list...)
	}
	return out
})

func formsValue(f iam.Forms) ast.Value { return formsValues()[(f&iam.AllForms)>>1] }

// viaSet is a set of actions usable through an MRAP, as bits of the
// catalog's order.
type viaSet [4]uint64

func (v *viaSet) or(w *viaSet) {
	for i := range v {
		v[i] |= w[i]
	}
}

var allVia = sync.OnceValue(func() viaSet {
	var v viaSet
	for i, a := range iam.S3().Actions() {
		if a.ViaMRAP {
			v[i/64] |= 1 << (i % 64)
		}
	}
	return v
})

// all: the set holds every action usable through an MRAP.
func (v *viaSet) all() bool {
	want := allVia()
	return want != viaSet{} && *v == want
}

type actionFact struct {
	value   ast.Value
	via     viaSet
	all     viaSet // every catalogued action it matches, as bits of the catalog's order
	forms   iam.Forms
	known   bool
	name    string
	matches []*iam.Action
}

func actionFacts(v string) *actionFact {
	return actionCache.get(v, func() *actionFact {
		cat := iam.S3()
		info := cat.Classify(v)
		var a object
		a.set("name", str(info.Name))
		if info.Service != "" {
			a.set("service", str(info.Service))
		}
		a.set("wildcard", boolean(info.Wildcard))
		a.set("known", boolean(info.Known))
		a.set("via_mrap", boolean(info.ViaMRAP))
		a.set("forms", ast.NewTerm(formsValue(info.Forms)))
		a.set("permissions_management", strs(info.PermissionsManagement()))
		if p := cat.ActionProblem(info); p != "" {
			a.set("problem", str(p))
			if info.Known {
				// A wildcard in the service name: a suggestion.
				a.set("problem_severity", str("info"))
			}
		}
		if !info.Known && !info.Wildcard {
			if _, name, ok := strings.Cut(v, ":"); ok {
				if op := iam.LookupOperation(name); op != nil {
					a.set("operation", object{ast.Item(str("name"), str(op.Name)), ast.Item(str("actions"), strs(op.Actions))}.term())
				}
			}
			if s := cat.SuggestAction(v); s != "" {
				a.set("suggestion", str(s))
			}
		}
		f := &actionFact{value: a.term().Value, forms: info.Forms, known: info.Known, name: info.Name, matches: info.Matches}
		for _, m := range info.Matches {
			if i := cat.Index(m); i >= 0 {
				f.all[i/64] |= 1 << (i % 64)
				if m.ViaMRAP {
					f.via[i/64] |= 1 << (i % 64)
				}
			}
		}
		return f
	})
}

type resourceFact struct {
	value   ast.Value
	forms   iam.Forms
	account string // a 12-digit account of an MRAP ARN, else ""
}

func resourceFacts(v string) *resourceFact {
	return resourceCache.get(v, func() *resourceFact {
		f := &resourceFact{forms: iam.ResourceForms(v)}
		var r object
		if a, ok := iam.ParseARN(v); ok {
			r.set("arn", arnTerm(a))
		} else {
			r.set("arn", ast.NullTerm())
		}
		m, isMRAP := iam.ParseMRAPARN(v)
		if isMRAP {
			r.set("mrap", object{
				ast.Item(str("account"), str(m.Account)), ast.Item(str("alias"), str(m.Alias)), ast.Item(str("suffix"), str(m.Suffix)),
				ast.Item(str("valid_account"), boolean(awsid.Account(m.Account))), ast.Item(str("valid_alias"), boolean(awsid.MRAPAlias(m.Alias))),
			}.term())
			if awsid.Account(m.Account) {
				f.account = m.Account
			}
		} else {
			r.set("mrap", ast.NullTerm())
		}
		if p := iam.ResourceProblem(v); p != "" {
			r.set("problem", str(p))
		}
		if p := iam.AliasProblem(v); p != "" {
			r.set("alias_problem", str(p))
		}
		r.set("forms", ast.NewTerm(formsValue(f.forms)))
		r.set("concrete", boolean(isMRAP && awsid.Account(m.Account) && f.forms != 0))
		f.value = r.term().Value
		return f
	})
}

func principalFacts(typ, v string) ast.Value {
	return principalCache.get(typ+"\x00"+v, func() ast.Value {
		var p object
		if typ == "AWS" {
			if a := iam.PrincipalAccount(v); a != "" {
				p.set("account", str(a))
			}
			if k := iam.UniqueIDKind(v); k != "" {
				p.set("unique_id", str(k))
			}
		}
		if prob := iam.PrincipalProblem(typ, v); prob != "" {
			p.set("problem", str(prob))
		}
		return p.term().Value
	})
}

func operatorFacts(op string) ast.Value {
	return operatorCache.get(op, func() ast.Value {
		var o object
		if parsed, ok := iam.ParseOperator(op); ok {
			o.set("operator", operatorTerm(parsed))
		} else {
			o.set("operator", ast.NullTerm())
			o.set("null_if_exists", boolean(iam.NullIfExists(op)))
			if s := iam.SuggestOperator(op); s != "" {
				o.set("suggestion", str(s))
			}
		}
		return o.term().Value
	})
}

func keyFacts(key string) ast.Value {
	return keyCache.get(key, func() ast.Value {
		var k object
		if info := iam.LookupKey(key); info != nil {
			k.set("key", keyTerm(info))
		} else {
			k.set("key", ast.NullTerm())
			if r := iam.RetiredKey(key); r != "" {
				k.set("replaced_by", str(r))
			} else if s := iam.Suggest(key, iam.KeyNames()); s != "" {
				k.set("suggestion", str(s))
			}
		}
		return k.term().Value
	})
}

// condFact is what a condition entry's operator, key and values say,
// whatever statement holds it.
type condFact struct {
	values     ast.Value // nil when the values are not a list
	pins       bool
	reason     string
	fitsKeyVal bool
}

// conditionEntry is the condition entry (op, key, values) of statement i
// as a value, shared by the indexes and, through entryCache, by every
// document that holds the same entry at the same place.
func conditionEntry(i int, op, key string, values any, applies bool) ast.Value {
	c, ck := conditionFacts(op, key, values)
	k := ck + "\x00" + strconv.Itoa(i)
	if applies {
		k += "\x00a"
	}
	return entryCache.get(k, func() ast.Value { return c.entry(i, op, key, applies) })
}

func (c *condFact) entry(i int, op, key string, applies bool) ast.Value {
	e := object{
		ast.Item(str("statement"), ast.InternedTerm(i)),
		ast.Item(str("operator"), str(op)),
		ast.Item(str("key"), str(key)),
		ast.Item(str("path"), pathValue("Statement", i, "Condition", op, key)),
		ast.Item(str("applies"), boolean(applies)),
		ast.Item(str("pins_caller"), boolean(c.pins)),
		ast.Item(str("caller_reason"), str(c.reason)),
		ast.Item(str("operator_fits_key"), boolean(c.fitsKeyVal)),
	}
	if c.values != nil {
		e.set("values", ast.NewTerm(c.values))
	}
	return e.term().Value
}

func conditionFacts(op, key string, values any) (*condFact, string) {
	list, isList := values.([]any)
	var k strings.Builder
	k.WriteString(op)
	k.WriteByte(0)
	k.WriteString(key)
	k.WriteByte(0)
	if !isList {
		k.WriteString("!")
	}
	for _, v := range list {
		t, kind, ok := scalar(v)
		k.WriteByte(0)
		if !ok {
			b, _ := json.Marshal(v)
			k.WriteString("j" + string(b))
			continue
		}
		k.WriteString(strconv.Itoa(int(kind)))
		k.WriteString(t)
	}
	ck := k.String()
	return condCache.get(ck, func() *condFact {
		o, known := iam.ParseOperator(op)
		info := iam.LookupKey(key)
		c := &condFact{fitsKeyVal: !known || info == nil || o.Compares(info.Type)}
		var text []string
		var vals []*ast.Term
		for _, v := range list {
			t, kind, ok := scalar(v)
			var vf object
			switch {
			case v == nil:
				// Not a scalar (policy/structure reports it), and no
				// operator but a String one takes it either.
				if known {
					if p := iam.ValueProblem(o, "", iam.NullValue); p != "" {
						vf.set("problem", str(p))
					}
				}
			case ok:
				text = append(text, t)
				vf.set("fixed", boolean(iam.Fixed(t)))
				if bv, isBool := iam.ParseBool(t, kind); isBool {
					vf.set("bool", boolean(bv))
				}
				if known {
					if p := iam.ValueProblem(o, t, kind); p != "" {
						vf.set("problem", str(p))
					}
				}
			}
			vals = append(vals, vf.term())
		}
		if isList {
			c.values = ast.NewArray(vals...)
		}
		c.pins, c.reason = iam.PinsCaller(op, key, text)
		return c
	}), ck
}

// scalar returns the text and JSON type of a condition value, or ok false
// for null, lists and objects.
func scalar(v any) (string, iam.ValueKind, bool) {
	switch v := v.(type) {
	case string:
		return v, iam.StringValue, true
	case json.Number:
		return string(v), iam.NumberValue, true
	case bool:
		if v {
			return "true", iam.BoolValue, true
		}
		return "false", iam.BoolValue, true
	}
	return "", 0, false
}

// ---------------------------------------------------------------- terms

func str(s string) *ast.Term { return ast.StringTerm(s) }

func boolean(b bool) *ast.Term { return ast.InternedTerm(b) }

func strs(list []string) *ast.Term {
	t := make([]*ast.Term, len(list))
	for i, s := range list {
		t[i] = str(s)
	}
	return ast.ArrayTerm(t...)
}

type object [][2]*ast.Term

func (o *object) set(k string, v *ast.Term) { *o = append(*o, ast.Item(str(k), v)) }

func (o object) term() *ast.Term { return ast.ObjectTerm(o...) }

func keyTerm(k *iam.Key) *ast.Term {
	var o object
	o.set("name", str(k.Name))
	o.set("type", str(k.Type))
	o.set("global", boolean(k.Global))
	o.set("multivalued", boolean(k.MultiValued()))
	o.set("role", str(iam.Role(k.Name).String()))
	if k.Carriers != nil {
		o.set("carried_by", strs(k.Carriers))
	}
	return o.term()
}
