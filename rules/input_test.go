package rules_test

import (
	"github.com/mrapguard/mrapguard/policy"
)

// buildInput returns the input document the engine gives the rules
// (rule-contract.md), built the way lint.Engine.Input builds it: policy.Parse,
// then the raw value, the normalized policy and the parser's problems.
func buildInput(name string, data []byte, limit int, target map[string]any) map[string]any {
	doc := policy.Parse(name, data, policy.Options{MaxBytes: limit})
	problems := make([]any, len(doc.Problems))
	for i, p := range doc.Problems {
		problems[i] = map[string]any{
			"rule": p.Rule, "msg": p.Message, "pointer": p.Pointer,
			"line": p.Pos.Line, "column": p.Pos.Column,
		}
	}
	in := map[string]any{
		"file":     name,
		"problems": problems,
		"size":     map[string]any{"bytes": len(data), "limit": limit},
	}
	if doc.Root != nil {
		in["raw"] = doc.Value()
	}
	if n := doc.Normalized(); n != nil {
		in["policy"] = n
	}
	if target != nil {
		in["target"] = target
	}
	return in
}
