# METADATA
# title: Per-document facts
# description: |
#   Views of input.policy computed once per evaluation and shared by every
#   rule: the statements that are objects, one fact per action, resource,
#   principal and condition entry (parsed and classified against the IAM
#   catalog), and the target MRAP. They are complete rules, which OPA
#   evaluates once per query; functions are not cached, so rules read these
#   facts instead of calling the parsing functions of mrapguard.lib.iam on
#   the same values again.
package mrapguard.lib.policy

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam

# statements: index -> statement object (elements of the wrong type are
# policy/structure's business and are skipped here).
statements := {i: s |
	is_array(input.policy.Statement)
	some i, s in input.policy.Statement
	is_object(s)
}

# shapes: one per statement object: its index, its element names and its
# effect, so the rules that check which elements a statement has do not
# call a function per statement and element.
shapes := [{
	"stmt": i,
	"keys": object.keys(s),
	"effect": object.get(s, "Effect", null),
	"allow": object.get(s, "Effect", null) == "Allow",
	"deny": object.get(s, "Effect", null) == "Deny",
} |
	some i, s in statements
]

allow(s) if s.Effect == "Allow"

deny(s) if s.Effect == "Deny"

has(s, element) if {
	_ := s[element]
}

# everyone: the statement's Principal includes "*" ("*", {"AWS": "*"} or a
# list holding "*"; all normalize to {"AWS": [..., "*", ...]}).
everyone(s) if {
	is_array(s.Principal.AWS)
	"*" in s.Principal.AWS
}

# ----------------------------------------------------------------- actions

# actions: one fact per string in Action or NotAction.
#   known: matches at least one S3 action
#   via:   matches an action usable through an MRAP
#   forms: MRAP ARN forms ("object", "bucket") of the via-MRAP actions it matches
#   pm:    matches a permissions-management action
actions := [f | some fs in stmt_actions; some f in fs]

# stmt_actions: statement index -> the facts of its Action and NotAction
# values, built in one pass so per-statement questions need no scan of
# every action.
stmt_actions := {i: [action_fact(i, element, j, a) |
	some element in ["Action", "NotAction"]
	is_array(s[element])
	some j, a in s[element]
	is_string(a)
] |
	some i, s in statements
}

# action_fact classifies one value: exact names by one catalog lookup,
# patterns whose only wildcard is a trailing "*" (s3:Get*, s3:*, *) by one
# strings.any_prefix_match per question, other patterns by regex.
action_fact(i, element, j, a) := {
	"stmt": i,
	"element": element,
	"index": j,
	"value": a,
	"wildcard": false,
	"known": true,
	"via": info.via_mrap,
	"forms": object.get(iam.form_sets, info.mrap_resource, set()),
	"pm": info.access_level == "Permissions management",
	"name": info.name,
} if {
	not contains(a, "*")
	not contains(a, "?")
	info := catalog.actions[lower(a)]
} else := {
	"stmt": i,
	"element": element,
	"index": j,
	"value": a,
	"wildcard": false,
	"known": false,
	"via": false,
	"forms": set(),
	"pm": false,
	"name": a,
} if {
	not contains(a, "*")
	not contains(a, "?")
} else := {
	"stmt": i,
	"element": element,
	"index": j,
	"value": a,
	"wildcard": true,
	"known": strings.any_prefix_match(catalog.action_keys, pre),
	"via": strings.any_prefix_match(catalog.via_mrap_actions, pre),
	"forms": {f | some f, list in catalog.mrap_resource_actions; strings.any_prefix_match(list, pre)},
	"pm": strings.any_prefix_match(catalog.permissions_management_actions, pre),
	"name": a,
} if {
	pre := iam.prefix_pattern(a)
} else := object.union({"stmt": i, "element": element, "index": j, "value": a}, iam.action_facts(a))

# --------------------------------------------------------------- resources

# resources: one fact per string in Resource or NotResource.
#   arn:   the parsed ARN (iam.arn) or null
#   mrap:  the parsed MRAP ARN (iam.mrap_arn: account, alias, suffix) or null
#   forms: MRAP ARN forms the value can match (empty when none)
resources := array.concat(mrap_resources, other_resources)

# resource_at: [statement index, element, index] -> resource fact.
resource_at := {[r.stmt, r.element, r.index]: r | some r in resources}

# mrap_pattern splits an MRAP-shaped ARN in one regex call: partition,
# account, alias, suffix.
mrap_pattern := `^arn:(aws(?:-[a-z]+)*):s3::([^:]*):accesspoint/([^/]*)(.*)$`

mrap_resources := [{
	"stmt": i,
	"element": element,
	"index": j,
	"value": r,
	"arn": {"partition": p[1], "service": "s3", "region": "", "account": p[2], "resource": concat("", ["accesspoint/", p[3], p[4]])},
	"mrap": m,
	"forms": iam.forms(r, m),
} |
	some i, s in statements
	some element in ["Resource", "NotResource"]
	is_array(s[element])
	some j, r in s[element]
	is_string(r)
	[p] := regex.find_all_string_submatch_n(mrap_pattern, r, 1)
	m := {"account": p[2], "alias": p[3], "suffix": p[4]}
]

other_resources := [{
	"stmt": i,
	"element": element,
	"index": j,
	"value": r,
	"arn": a,
	"mrap": m,
	"forms": iam.forms(r, m),
} |
	some i, s in statements
	some element in ["Resource", "NotResource"]
	is_array(s[element])
	some j, r in s[element]
	is_string(r)
	not regex.match(mrap_pattern, r)
	a := iam.arn_or_null(r)
	m := iam.mrap_from_arn(a)
]

# -------------------------------------------------------------- principals

# principals: one fact per string value of Principal or NotPrincipal.
#   problem: why the value is malformed, or null
#   account: the 12-digit account of an AWS principal, or null
principals := [{
	"stmt": i,
	"element": element,
	"type": t,
	"index": j,
	"value": v,
	"problem": iam.principal_problem_or_null(t, v),
	"account": iam.principal_account_or_null(t, v),
} |
	some i, s in statements
	some element in ["Principal", "NotPrincipal"]
	is_object(s[element])
	some t, values in s[element]
	is_array(values)
	some j, v in values
	is_string(v)
]

# -------------------------------------------------------------- conditions

# conditions: one fact per statement, operator and key.
#   operator: the parsed operator (iam.operator) or null when IAM does not define it
#   key_info: {name, type, global} from the catalog, or null for an unknown key
#   values:   the values as written (a list once normalized)
conditions := [{
	"stmt": i,
	"op": op,
	"key": key,
	"values": values,
	"operator": iam.operator_or_null(op),
	"key_info": iam.condition_key_or_null(key),
} |
	some i, s in statements
	is_object(s.Condition)
	some op, keys in s.Condition
	is_object(keys)
	some key, values in keys
]

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
resource_accounts := {r.mrap.account |
	some r in resources
	r.mrap != null
	iam.is_account_id(r.mrap.account)
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
