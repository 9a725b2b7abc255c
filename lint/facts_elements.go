package lint

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mrapguard/mrapguard/iam"
)

// The facts of the element rules (variable/syntax, the */redundant rules,
// principal/service-unrestricted): each a list that is empty for an
// ordinary policy, so the rules that read them cost almost nothing there.

// variableFacts lists the policy variables of a normalized document that
// IAM would not substitute as written (variable/syntax): malformed ones in
// Resource and Condition values, any "${" in Action or Principal values
// (IAM substitutes variables only in Resource and Condition values), ones
// under an operator other than String and Arn, and ones in a policy whose
// Version is not 2012-10-17. Each is {path, value, problem}.
func variableFacts(norm map[string]any) []any {
	out := []any{}
	list, _ := norm["Statement"].([]any)
	if !holdsVariable(list) {
		return out
	}
	version := "this policy has no Version"
	if v, ok := norm["Version"].(string); ok {
		version = fmt.Sprintf("this policy's Version is %q", v)
		if v == "2012-10-17" {
			version = ""
		}
	}
	add := func(path []any, value, problem string) {
		out = append(out, map[string]any{"path": path, "value": value, "problem": problem})
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
		if !ok {
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

// holdsVariable reports whether any string in v holds "${", so that
// documents without one are not walked twice.
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

// serviceFacts lists the statements that name Service principals and do
// not restrict them as principal/service-unrestricted expects: an Allow
// with no condition on the source the service acts for (unrestricted,
// with the reasons each condition does not restrict it), and, where the
// statement names only service principals, the condition entries on keys
// their requests never carry (unsupported). A statement whose Principal
// or Condition holds a value known only at deploy time is not judged.
func (b *factsBuilder) serviceFacts(list []any) []any {
	out := []any{}
	for i, s := range list {
		s, ok := s.(map[string]any)
		if !ok {
			continue
		}
		p, _ := s["Principal"].(map[string]any)
		vals, _ := p["Service"].([]any)
		var services []any
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
		restricted := false
		reasons, unsupported := []any{}, []any{}
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
					unsupported = append(unsupported, map[string]any{"key": key, "path": []any{"Statement", i, "Condition", op, key}})
				}
			}
		}
		unrestricted := !restricted && s["Effect"] == "Allow"
		if !unrestricted && len(unsupported) == 0 {
			continue
		}
		out = append(out, map[string]any{
			"statement": i, "path": []any{"Statement", i, "Principal", "Service", first}, "services": services,
			"unrestricted": unrestricted, "reasons": reasons, "unsupported": unsupported,
		})
	}
	return out
}
