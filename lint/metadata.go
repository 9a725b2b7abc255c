package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/rules"
)

// ruleInfo reads a rule's METADATA. annotated is false when the package has
// no custom.id (a conftest-style rule).
func ruleInfo(a *ast.Annotations, file string, builtin bool) (RuleInfo, bool, error) {
	info := RuleInfo{Source: file, Builtin: builtin}
	if a == nil {
		if builtin {
			return info, false, fmt.Errorf("%s: built-in rule without METADATA", file)
		}
		return info, false, nil
	}
	info.Title = strings.TrimSpace(a.Title)
	info.Description = strings.TrimSpace(a.Description)
	line := 0
	if a.Location != nil {
		line = a.Location.Row
	}
	where := fmt.Sprintf("%s:%d", file, line)
	id, hasID := a.Custom["id"]
	if !hasID {
		if builtin {
			return info, false, fmt.Errorf("%s: METADATA has no custom.id", where)
		}
		return info, false, nil
	}
	ids, ok := id.(string)
	if !ok || !ruleIDPattern().MatchString(ids) {
		return info, false, fmt.Errorf("%s: custom.id %v is not a rule ID like \"group/name\" (lower case, digits, '-', '_', '/')", where, id)
	}
	info.ID = ids
	info.Default = SeverityError
	if sv, ok := a.Custom["severity"]; ok {
		s, _ := sv.(string)
		sev, err := ParseSeverity(s)
		if err != nil || sev == SeverityNone {
			return info, false, fmt.Errorf("%s: custom.severity %v: want error, warning or info", where, sv)
		}
		info.Default = sev
	}
	text := func(k string) string {
		s, _ := a.Custom[k].(string)
		return strings.TrimSpace(s)
	}
	info.Remediation = text("remediation")
	info.Bad = text("bad")
	info.Good = text("good")
	if builtin {
		var missing []string
		for k, v := range map[string]string{"title": info.Title, "description": info.Description, "custom.remediation": info.Remediation} {
			if v == "" {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			return info, false, fmt.Errorf("%s: built-in rule %s lacks %s", where, ids, strings.Join(missing, ", "))
		}
	}
	return info, true, nil
}

// tabledInfo is the RuleInfo of an embedded rule from the generated
// metadata table (validated when it is generated and by the rules' tests).
func tabledInfo(m *rules.Meta, file string) RuleInfo {
	sev, _ := ParseSeverity(m.Severity)
	return RuleInfo{
		ID: m.ID, Default: sev, Title: m.Title, Description: m.Description,
		Remediation: m.Remediation, Bad: m.Bad, Good: m.Good, Builtin: true, Source: file,
		AccessAnalyzer: m.AccessAnalyzer,
	}
}

func sortRules(r []RuleInfo) {
	slices.SortFunc(r, func(a, b RuleInfo) int { return strings.Compare(a.ID, b.ID) })
}
