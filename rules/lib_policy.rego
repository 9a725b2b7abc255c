# METADATA
# title: Per-document helpers
# description: |
#   Views of input.policy computed once per evaluation and shared by the
#   rules: the statements that are objects, the catalog actions each Action
#   element matches, the condition entries, and the target MRAP (account and
#   alias from input.target, or the account from its ARN). Rules use these
#   instead of re-walking the document, so a wildcard pattern is expanded
#   against the catalog once per document, not once per rule.
package mrapguard.lib.policy

import data.mrapguard.lib.iam

# statements: index -> statement object (elements of the wrong type are
# policy/structure's business and are skipped here).
statements[i] := s if {
	is_array(input.policy.Statement)
	some i, s in input.policy.Statement
	is_object(s)
}

allow(s) if s.Effect == "Allow"

deny(s) if s.Effect == "Deny"

has(s, element) if element in object.keys(s)

# expanded: action string as written -> set of lower-case catalog keys it
# matches. Keyed by the string so each pattern is expanded once.
expanded[a] := iam.expand(a) if {
	some s in statements
	some element in ["Action", "NotAction"]
	is_array(s[element])
	some a in s[element]
	is_string(a)
}

# actions: statement index -> lower-case catalog keys its Action matches.
actions[i] := {k | some a in s.Action; is_string(a); some k in expanded[a]} if {
	some i, s in statements
	is_array(s.Action)
}

# everyone: the statement's Principal includes "*" ("*", {"AWS": "*"} or a
# list holding "*"; all normalize to {"AWS": [..., "*", ...]}).
everyone(s) if {
	is_array(s.Principal.AWS)
	"*" in s.Principal.AWS
}

# conditions: one entry per statement, operator and key.
conditions contains {"stmt": i, "op": op, "key": key, "values": values} if {
	some i, s in statements
	is_object(s.Condition)
	some op, keys in s.Condition
	is_object(keys)
	some key, values in keys
}

# values_of returns a condition entry's values as a list.
values_of(c) := c.values if is_array(c.values)

values_of(c) := [c.values] if not is_array(c.values)

# ------------------------------------------------------------------ target

target_account := input.target.account if {
	iam.is_account_id(input.target.account)
} else := a.account if {
	a := iam.arn(input.target.arn)
	iam.is_account_id(a.account)
}

target_alias := input.target.alias if {
	is_string(input.target.alias)
	input.target.alias != ""
} else := m.alias if {
	m := iam.mrap_arn(input.target.arn)
	m.suffix == ""
	m.alias != ""
}

# resource_accounts: the concrete accounts named by the policy's MRAP ARNs.
resource_accounts contains m.account if {
	some s in statements
	some element in ["Resource", "NotResource"]
	is_array(s[element])
	some r in s[element]
	m := iam.mrap_arn(r)
	iam.is_account_id(m.account)
}

# owner: the MRAP owner's account and where it was learned. Offline, the
# account of the policy's own MRAP ARNs stands in when they agree.
owner := {"account": target_account, "source": "the target account"} if {
	target_account
} else := {"account": a, "source": "the account in the policy's MRAP ARNs"} if {
	count(resource_accounts) == 1
	some a in resource_accounts
}

# --------------------------------------------------------------- problems

# problem_result turns a parser problem from input.problems into a result.
problem_result(p) := {
	"msg": p.msg,
	"pointer": object.get(p, "pointer", ""),
	"line": object.get(p, "line", 1),
	"column": object.get(p, "column", 1),
}

problems(rule) := {problem_result(p) | some p in input.problems; p.rule == rule}
