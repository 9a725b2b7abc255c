package lint

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/policy"
)

// The facts of the element rules (variable/syntax, the */redundant rules,
// principal/service-unrestricted): each a list that is empty for an
// ordinary policy, so the rules that read them cost almost nothing there.

// elementLists are the facts of the element rules that are lists, empty
// for an ordinary policy.
var elementLists = []string{"variables", "service_principals", "redundant_actions", "redundant_resources", "redundant_statements"}

// notedElements returns input.facts.noted with the names of the element
// lists that hold something added, so the element rules too can start
// with an indexable test ("input.facts.noted.variables") that OPA's rule
// index skips them on.
func notedElements(f map[string]any) any {
	var names [][2]*ast.Term
	for _, name := range elementLists {
		if list, _ := f[name].([]any); len(list) > 0 {
			names = append(names, ast.Item(str(name), boolean(true)))
		}
	}
	noted, _ := f["noted"].(ast.Object)
	if len(names) == 0 || noted == nil {
		return f["noted"]
	}
	out := ast.NewObject(names...)
	noted.Foreach(func(k, v *ast.Term) { out.Insert(k, v) })
	return out
}

// variableFacts lists the policy variables of a normalized document that
// IAM would not substitute as written (variable/syntax): malformed ones in
// Resource and Condition values, any "${" in Action or Principal values
// (IAM substitutes variables only in Resource and Condition values), ones
// under an operator other than String and Arn, and ones in a policy whose
// Version is not 2012-10-17. Each is {path, value, msg}.
//
// src is the document's text: one without "${" (nor "$" written as an
// escape) holds no variable, and its values are not walked.
func variableFacts(norm map[string]any, src []byte) []any {
	out := []any{}
	if !bytes.Contains(src, []byte("${")) && !bytes.Contains(src, []byte(`\u0024`)) && !bytes.Contains(src, []byte(`\u007b`)) && !bytes.Contains(src, []byte(`\u007B`)) {
		return out
	}
	list, _ := norm["Statement"].([]any)
	version := "this policy has no Version"
	if v, ok := norm["Version"].(string); ok {
		version = fmt.Sprintf("this policy's Version is %q", v)
		if v == "2012-10-17" {
			version = ""
		}
	}
	add := func(path []any, value, problem string) {
		out = append(out, map[string]any{"path": path, "value": value, "msg": fmt.Sprintf("%q: %s", value, problem)})
	}
	// substituted checks a value where IAM substitutes variables.
	substituted := func(path []any, v, operator string) {
		if !strings.Contains(v, "${") {
			return
		}
		if p, bad := iam.VariableSyntax(v); bad {
			add(path, v, fmt.Sprintf("policy variable %s is malformed: %s", p.Text, p.Problem))
			return
		}
		first := firstVariable(v)
		if operator != "" {
			if o, ok := iam.ParseOperator(operator); ok && o.Family != "String" && o.Family != "ARN" {
				add(path, v, fmt.Sprintf("IAM substitutes policy variables only in String and Arn comparisons, so under %s %s is literal text; compare with a String operator or write the value itself", operator, first))
				return
			}
		}
		if version != "" {
			add(path, v, fmt.Sprintf("%s, so IAM does not substitute policy variables and %s is literal text; set \"Version\": \"2012-10-17\"", version, first))
		}
	}
	for i, s := range list {
		s, ok := s.(map[string]any)
		if !ok || !holdsVariable(s) {
			continue
		}
		for _, el := range []string{"Action", "NotAction"} {
			vals, _ := s[el].([]any)
			for j, v := range vals {
				if v, ok := v.(string); ok && strings.Contains(v, "${") {
					add([]any{"Statement", i, el, j}, v, unsubstituted(el, "action", firstVariable(v)))
				}
			}
		}
		for _, el := range []string{"Principal", "NotPrincipal"} {
			p, _ := s[el].(map[string]any)
			for _, typ := range slices.Sorted(maps.Keys(p)) {
				vals, _ := p[typ].([]any)
				for j, v := range vals {
					if v, ok := v.(string); ok && strings.Contains(v, "${") {
						add([]any{"Statement", i, el, typ, j}, v, unsubstituted(el, "principal", firstVariable(v)))
					}
				}
			}
		}
		for _, el := range []string{"Resource", "NotResource"} {
			vals, _ := s[el].([]any)
			for j, v := range vals {
				if v, ok := v.(string); ok {
					substituted([]any{"Statement", i, el, j}, v, "")
				}
			}
		}
		c, _ := s["Condition"].(map[string]any)
		for _, op := range slices.Sorted(maps.Keys(c)) {
			keys, _ := c[op].(map[string]any)
			for _, key := range slices.Sorted(maps.Keys(keys)) {
				vals, _ := keys[key].([]any)
				for j, v := range vals {
					if v, ok := v.(string); ok {
						substituted([]any{"Statement", i, "Condition", op, key, j}, v, op)
					}
				}
			}
		}
	}
	return out
}

func unsubstituted(el, what, variable string) string {
	return fmt.Sprintf("IAM substitutes policy variables only in Resource and Condition values, so in %s %s is literal text that matches no %s; write the %s itself (or fill in the template placeholder)", el, variable, what, what)
}

// firstVariable is the first "${...}" of v.
func firstVariable(v string) string {
	i := strings.Index(v, "${")
	if i < 0 {
		return ""
	}
	if j := strings.IndexByte(v[i:], '}'); j >= 0 {
		return v[i : i+j+1]
	}
	return v[i:]
}

// holdsVariable reports whether any string in v holds "${", so that a
// statement without one is not walked twice.
func holdsVariable(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, "${")
	case []any:
		for _, x := range v {
			if holdsVariable(x) {
				return true
			}
		}
	case map[string]any:
		for _, x := range v {
			if holdsVariable(x) {
				return true
			}
		}
	}
	return false
}

// serviceFacts lists what principal/service-unrestricted reports about
// the statements that name Service principals: an Allow with no condition
// on the source the service acts for, and, where the statement names only
// service principals, each condition entry on a key their requests never
// carry. Each is {statement, path, msg}. A statement whose Principal or
// Condition holds a value known only at deploy time is not judged.
func (b *factsBuilder) serviceFacts(list []any) []any {
	out := []any{}
	for i, s := range list {
		s, ok := s.(map[string]any)
		if !ok {
			continue
		}
		p, _ := s["Principal"].(map[string]any)
		vals, _ := p["Service"].([]any)
		var services []string
		first := 0
		for j, v := range vals {
			if v, ok := v.(string); ok {
				if len(services) == 0 {
					first = j
				}
				services = append(services, v)
			}
		}
		if len(services) == 0 || b.incomplete[i]["Principal"] || b.incomplete[i]["Condition"] {
			continue
		}
		who := strings.Join(services, " and ")
		restricted := false
		var reasons []string
		var unsupported []any
		c, _ := s["Condition"].(map[string]any)
		for _, op := range slices.Sorted(maps.Keys(c)) {
			keys, _ := c[op].(map[string]any)
			for _, key := range slices.Sorted(maps.Keys(keys)) {
				var values []string
				list, _ := keys[key].([]any)
				for _, v := range list {
					if t, _, ok := scalar(v); ok {
						values = append(values, t)
					}
				}
				ok, why := iam.RestrictsSource(op, key, values)
				restricted = restricted || ok
				reasons = append(reasons, why)
				if o, known := iam.ParseOperator(op); len(p) == 1 && iam.ServicePrincipalLacks(key) && (!known || o.Family != "Null") {
					unsupported = append(unsupported, map[string]any{
						"statement": i, "path": []any{"Statement", i, "Condition", op, key},
						"msg": fmt.Sprintf("requests from %s carry no %s (only IAM users and roles have it), so this condition never matches them, or under IfExists or a negated operator never restricts them; restrict the service with aws:SourceArn or aws:SourceAccount", who, key),
					})
				}
			}
		}
		if !restricted && s["Effect"] == "Allow" {
			why := ""
			if len(reasons) > 0 {
				why = ": " + strings.Join(reasons, "; ")
			}
			out = append(out, map[string]any{
				"statement": i, "path": []any{"Statement", i, "Principal", "Service", first},
				"msg": fmt.Sprintf("this Allow lets %s act for any resource or account that configures it%s; another account could point the service at this MRAP (the confused deputy problem): add a condition on aws:SourceArn or aws:SourceAccount", who, why),
			})
		}
		out = append(out, unsupported...)
	}
	return out
}

// Bounds of the redundancy facts: a longer list, or a policy with more
// statements, is not compared (a policy within AWS's 20 KB has far fewer).
const (
	maxRedundancyValues     = 500
	maxRedundancyStatements = 300
)

// redundancyFacts adds the values that add nothing to their element
// (redundant_actions, redundant_resources: another value of the same list
// covers them) and the statements that add nothing to the policy
// (redundant_statements). Of values or statements that cover each other,
// the later one is reported. Elements that hold a value known only at
// deploy time are not judged.
func (b *factsBuilder) redundancyFacts(list []any, f map[string]any) {
	actions, resources := []any{}, []any{}
	for i, s := range list {
		s, ok := s.(map[string]any)
		if !ok {
			continue
		}
		for _, el := range []string{"Action", "NotAction", "Resource", "NotResource"} {
			vals, _ := s[el].([]any)
			if len(vals) < 2 || len(vals) > maxRedundancyValues || b.incomplete[i][el] {
				continue
			}
			isAction := strings.HasSuffix(el, "Action")
			for _, r := range redundantValues(vals, isAction) {
				e := map[string]any{"statement": i, "element": el, "path": []any{"Statement", i, el, r.j}, "value": r.value, "by": r.by, "msg": r.message(el, isAction)}
				if r.catalog != nil {
					e["catalog"] = r.catalog
				}
				if isAction {
					actions = append(actions, e)
				} else {
					resources = append(resources, e)
				}
			}
		}
	}
	f["redundant_actions"] = actions
	f["redundant_resources"] = resources
	f["redundant_statements"] = b.redundantStatements(len(list))
}

// message is what action/redundant or resource/redundant says about r
// in element el.
func (r redundantValue) message(el string, action bool) string {
	by, _ := r.by[0].(string)
	switch {
	case r.catalog != nil:
		names := make([]string, 0, 4)
		for _, n := range r.catalog[:min(4, len(r.catalog))] {
			names = append(names, n.(string))
		}
		shown := strings.Join(names, ", ")
		if len(r.catalog) > 4 {
			shown += fmt.Sprintf(" and %d more", len(r.catalog)-4)
		}
		return fmt.Sprintf("%q adds nothing today: every action it matches (%s) is already in this %s list; it only adds actions AWS creates later under the pattern - remove it, or keep it on purpose", r.value, shown, el)
	case action && strings.EqualFold(r.value, by):
		return fmt.Sprintf("%q is listed twice in this %s list (also as %q); remove one", r.value, el, by)
	case action:
		return fmt.Sprintf("%q adds nothing: %q in this %s list already covers it; remove it, or narrow %q if it grants more than meant", r.value, by, el, by)
	case r.value == by:
		return fmt.Sprintf("%q is listed twice in this %s list; remove one", r.value, el)
	}
	return fmt.Sprintf("%q adds nothing: %q in this %s list already covers it, and every object created later under it; remove it, or narrow %q if it covers more than meant", r.value, by, el, by)
}

type redundantValue struct {
	j       int
	value   string
	by      []any // the values that cover it
	catalog []any // for an action pattern covered only per the catalog: the actions it matches today
}

// redundantValues returns the values of one Action (action true) or
// Resource list that the list's other values cover, later ones first
// considered, each judged against the values not already found redundant:
// by pattern containment (iam.Covers, as iam.CoveredBy decides "yes"),
// then, for an action pattern, by the catalog (iam.Catalog.ActionCovered:
// every action it matches today is listed).
func redundantValues(vals []any, action bool) []redundantValue {
	var out []redundantValue
	strs := make([]string, len(vals))
	ok := make([]bool, len(vals)) // a string, and not (yet) found redundant
	for j, v := range vals {
		strs[j], ok[j] = v.(string)
	}
	// covering is the first other value that covers q, or -1.
	covering := func(k int) int {
		q := strs[k]
		for j, p := range strs {
			if j != k && ok[j] && (p == q || action && strings.EqualFold(p, q) || iam.Covers(p, q, action, !action) == iam.Yes) {
				return j
			}
		}
		return -1
	}
	for k := len(vals) - 1; k >= 0; k-- {
		if !ok[k] || action && !actionFacts(strs[k]).known {
			continue // action/unknown reports an unknown action; it covers nothing
		}
		if j := covering(k); j >= 0 {
			out = append(out, redundantValue{j: k, value: strs[k], by: []any{strs[j]}})
			ok[k] = false
		}
	}
	if !action {
		return out
	}
	for k := len(vals) - 1; k >= 0; k-- {
		if !ok[k] || !iam.HasWildcard(strs[k]) || !iam.S3().Knows(strs[k]) {
			continue
		}
		// The catalog's answer only where the actions the others match
		// (as bits) hold every action q matches.
		q := actionFacts(strs[k])
		var others viaSet
		for j, p := range strs {
			if j != k && ok[j] {
				others.or(&actionFacts(p).all)
			}
		}
		if q.all == (viaSet{}) || !others.holds(&q.all) {
			continue
		}
		set := map[string]struct{}{}
		for j, p := range strs {
			if j != k && ok[j] {
				set[p] = struct{}{}
			}
		}
		cov, names := iam.S3().ActionCovered(strs[k], set)
		if cov != iam.Yes || len(names) == 0 {
			continue
		}
		r := redundantValue{j: k, value: strs[k]}
		for j, p := range strs {
			if j != k && ok[j] && actionFacts(p).all.meets(&q.all) {
				r.by = append(r.by, p)
			}
		}
		for _, n := range names {
			r.catalog = append(r.catalog, n)
		}
		out = append(out, r)
		ok[k] = false
	}
	return out
}

// holds reports whether v has every bit of w.
func (v *viaSet) holds(w *viaSet) bool {
	for i := range v {
		if w[i]&^v[i] != 0 {
			return false
		}
	}
	return true
}

// meets reports whether v and w share a bit.
func (v *viaSet) meets(w *viaSet) bool {
	for i := range v {
		if v[i]&w[i] != 0 {
			return true
		}
	}
	return false
}

// redundantStatements lists the statements another statement of the same
// effect covers: its principals (iam.PrincipalCovered), actions and
// resources (by pattern, iam.Covers) are among the other's, and the
// other's condition holds whenever its own does (iam.ConditionImplied).
// Only statements with Principal, Action and Resource (no Not* element)
// and no value known only at deploy time are compared. Each is
// {statement, by, wildcard}: wildcard when a "*" in by's condition was
// needed.
func (b *factsBuilder) redundantStatements(n int) []any {
	out := []any{}
	if n < 2 || n > maxRedundancyStatements {
		return out
	}
	var cs []*policy.Statement
	var bits []viaSet // the catalogued actions each statement's Action matches
	for i := 0; i < n; i++ {
		t := b.typed[i]
		if t == nil || len(b.incomplete[i]) > 0 || t.Effect != "Allow" && t.Effect != "Deny" ||
			t.NotPrincipal != nil || len(t.Action) == 0 || t.NotAction != nil || len(t.Resource) == 0 || t.NotResource != nil ||
			!slices.ContainsFunc(slices.Collect(maps.Values(t.Principal)), func(v []string) bool { return len(v) > 0 }) {
			continue
		}
		cs = append(cs, t)
		var b viaSet
		for _, a := range t.Action {
			b.or(&actionFacts(a).all)
		}
		bits = append(bits, b)
	}
	// within: every value of a is covered by one of by (by pattern).
	within := func(a, by []string, fold, arn bool) bool {
		for _, q := range a {
			if !slices.ContainsFunc(by, func(p string) bool { return p == q || iam.Covers(p, q, fold, arn) == iam.Yes }) {
				return false
			}
		}
		return true
	}
	covers := func(by, a *policy.Statement) (bool, bool) {
		if by.Effect != a.Effect || !within(a.Resource, by.Resource, false, true) || !within(a.Action, by.Action, true, false) {
			return false, false
		}
		principals := make(map[string]map[string]struct{}, len(by.Principal))
		for typ, vals := range by.Principal {
			principals[typ] = setOf(vals)
		}
		for typ, vals := range a.Principal {
			for _, v := range vals {
				if iam.PrincipalCovered(typ, v, principals) != iam.Yes {
					return false, false
				}
			}
		}
		return iam.ConditionImplied(by.Condition, a.Condition)
	}
	redundant := make([]bool, len(cs))
	for x := len(cs) - 1; x >= 0; x-- {
		for y, by := range cs {
			// A pattern that covers another matches every action the other
			// matches: a statement whose actions match an action by's do
			// not is not covered (the cheap test first).
			if y == x || redundant[y] || !bits[y].holds(&bits[x]) {
				continue
			}
			if ok, wildcard := covers(by, cs[x]); ok {
				redundant[x] = true
				out = append(out, map[string]any{
					"statement": cs[x].Index, "by": by.Index, "wildcard": wildcard,
					"path": []any{"Statement", cs[x].Index}, "msg": redundantStatementMessage(cs[x], by, wildcard),
				})
				break
			}
		}
	}
	return out
}

// redundantStatementMessage is what statement/redundant says about a,
// which by covers.
func redundantStatementMessage(a, by *policy.Statement, wildcard bool) string {
	verb, inf := "grants", "grant"
	if a.Effect == "Deny" {
		verb, inf = "denies", "deny"
	}
	sid, why := "", ""
	if by.Sid != "" {
		sid = fmt.Sprintf(" (Sid %s)", by.Sid)
	}
	if wildcard {
		why = ", since a \"*\" in its condition matches any value"
	}
	return fmt.Sprintf("this statement %s nothing that statement %d%s does not already %s%s; remove it, or change it if it was meant to differ (an edit to one copy would not reach the other)", verb, by.Index, sid, inf, why)
}

func setOf(list []string) map[string]struct{} {
	s := make(map[string]struct{}, len(list))
	for _, v := range list {
		s[v] = struct{}{}
	}
	return s
}
