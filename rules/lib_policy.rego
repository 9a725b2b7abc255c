# METADATA
# title: Per-document facts
# description: |
#   Views of input.policy shared by every rule. OPA evaluates a complete rule
#   once per query and caches a function's result per argument, so the
#   built-in rules work by distinct value: the distinct strings of an
#   element are collected once, each is classified once against the IAM
#   catalog, and positions are looked for only for the few values that can
#   fire. An ordinary policy costs most rules one look at an empty set.
package mrapguard.lib.policy

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam

# -------------------------------------------------------------- statements

# statements: index -> statement object (elements of the wrong type are
# policy/structure's business and are skipped here).
statements := {i: s |
	is_array(input.policy.Statement)
	some i, s in input.policy.Statement
	is_object(s)
}

# unusual: the indexes of the statements that are not ordinary. Ordinary:
# an Effect of "Allow" or "Deny"; exactly the elements Effect, Principal,
# Action and Resource plus optionally Sid and Condition; a Principal naming
# only AWS principals, at least one; no empty Condition. The rules about
# missing, negated (Not*) and unknown elements, Effect, principal types and
# empty Principal or Condition look only at these, and only these can hold
# a NotPrincipal or a principal type other than AWS.
unusual := object.keys(statements) - ordinary

ordinary := {i |
	some i, s in statements
	ordinary_elements[object.keys(s)][s.Effect]
	s.Principal.AWS != []
	count(s.Principal) == 1
	not s.Condition == {}
}

ordinary_elements := {elements: {"Allow": true, "Deny": true} |
	some elements in [
		{"Effect", "Principal", "Action", "Resource"},
		{"Sid", "Effect", "Principal", "Action", "Resource"},
		{"Effect", "Principal", "Action", "Resource", "Condition"},
		{"Sid", "Effect", "Principal", "Action", "Resource", "Condition"},
	]
}

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

# where returns [statement index, position] for each occurrence of the
# value v in the list element (Action, Resource...) of a statement. Rules
# call it only for the values that fire.
where(element, v) := [[i, j] |
	some i, s in statements
	v in s[element]
	is_array(s[element])
	some j, x in s[element]
	x == v
]

# sids: statement index -> Sid, for the Sids that are strings.
sids := {i: s.Sid |
	some i, s in statements
	is_string(s.Sid)
}

# ----------------------------------------------------------------- actions

# action_values, not_action_values: the distinct strings of Action and
# NotAction (only unusual statements have NotAction); iam.action_facts
# classifies each (once per value).
action_values := {a |
	some s in statements
	is_array(s.Action)
	some a in s.Action
	is_string(a)
}

not_action_values := {a |
	some i in unusual
	is_array(statements[i].NotAction)
	some a in statements[i].NotAction
	is_string(a)
}

# odd_actions: the values that are not the exact name of an action usable
# through an MRAP, the only ones that can be unknown, unusable through an
# MRAP or a wildcard.
odd_actions := {a |
	some a in action_values | not_action_values
	not catalog.actions[lower(a)].via_mrap
}

# --------------------------------------------------------------- resources

# resource_values, not_resource_values: the distinct strings of Resource
# and NotResource (only unusual statements have NotResource); resource
# parses each (once per value).
resource_values := {r |
	some s in statements
	is_array(s.Resource)
	some r in s.Resource
	is_string(r)
}

not_resource_values := {r |
	some i in unusual
	is_array(statements[i].NotResource)
	some r in statements[i].NotResource
	is_string(r)
}

# odd_resources: the values that are not a concrete MRAP ARN in partition
# aws with a valid alias (arn:aws:s3::ACCOUNT:accesspoint/ALIAS or
# .../ALIAS/object/KEY). Only these can be resource/not-mrap or
# resource/alias-format findings or need a full parse; the others are
# common_resources.
odd_resources := {r |
	some r in resource_values | not_resource_values
	not regex.match(`^arn:aws:s3::[0-9]{12}:accesspoint/[a-z][a-z0-9]{0,57}\.mrap(/object/.+)?$`, r)
}

common_resources := (resource_values | not_resource_values) - odd_resources

# resource_forms returns the MRAP ARN forms a Resource value can match:
# "object" for .../object/KEY, "bucket" for the bare MRAP ARN, as in iam.forms.
resource_forms(r) := {"object"} if {
	r in common_resources
	contains(r, "/object/")
} else := {"bucket"} if {
	r in common_resources
} else := resource(r).forms

# resource parses a Resource value:
#   arn:   the parsed ARN (iam.arn) or null
#   mrap:  the parsed MRAP ARN (iam.mrap_arn: account, alias, suffix) or null
#   forms: MRAP ARN forms the value can match (empty when none)
resource(r) := {
	"arn": {"partition": p[1], "service": "s3", "region": "", "account": p[2], "resource": concat("", ["accesspoint/", p[3], p[4]])},
	"mrap": m,
	"forms": iam.forms(r, m),
} if {
	# An MRAP-shaped ARN split in one regex call: partition, account, alias, suffix.
	[p] := regex.find_all_string_submatch_n(`^arn:(aws(?:-[a-z]+)*):s3::([^:]*):accesspoint/([^/]*)(.*)$`, r, 1)
	m := {"account": p[2], "alias": p[3], "suffix": p[4]}
} else := {"arn": a, "mrap": m, "forms": iam.forms(r, m)} if {
	a := iam.arn_or_null(r)
	m := iam.mrap_from_arn(a)
}

# -------------------------------------------------------------- principals

# aws_principals: the distinct strings of Principal.AWS lists.
aws_principals := {v |
	some s in statements
	is_array(s.Principal.AWS)
	some v in s.Principal.AWS
	is_string(v)
}

# principal_accounts: AWS principal value -> its 12-digit account, for the
# values that name one.
principal_accounts := {v: a |
	some v in aws_principals
	a := iam.aws_account_or_null(v)
	a != null
}

# -------------------------------------------------------------- conditions

# condition_lists: [statement index, operator, keys] for every operator of
# a Condition object; condition_entries: [statement index, operator, key,
# values] for every key of those whose keys are an object.
condition_lists := [[i, op, keys] |
	some i, s in statements
	is_object(s.Condition)
	some op, keys in s.Condition
]

condition_entries := [[i, op, key, values] |
	some [i, op, keys] in condition_lists
	is_object(keys)
	some key, values in keys
]

# condition_operators, condition_keys: the distinct operators and keys.
condition_operators := {op | some [_, op, _] in condition_lists}

condition_keys := {key | some [_, _, key, _] in condition_entries}

# by_operator: operator -> [statement index, key, values] of its entries;
# by_key: key -> [statement index, operator, values]. OPA indexes these
# comprehensions, so each costs one pass over the entries.
by_operator := {op: entries |
	some op in condition_operators
	entries := [[i, key, values] | some [i, o, key, values] in condition_entries; o == op]
}

by_key := {key: entries |
	some key in condition_keys
	entries := [[i, op, values] | some [i, op, k, values] in condition_entries; k == key]
}

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
resource_accounts := {substring(r, 12, 12) | some r in common_resources} | {m.account |
	some r in odd_resources
	m := resource(r).mrap
	m != null
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

# -------------------------------------------------------------- unresolved

# unresolved: the JSON pointers of the values a template leaves to deploy
# time. input.policy holds null there, which every check of a single value
# skips by type; iac/unresolved reports each. incomplete: statement index ->
# the elements ("Action", "Condition"...) that hold such a value. A rule
# that concludes from all the values of an element (no condition narrows a
# principal, no action carries a key) skips a statement whose element is
# incomplete (incomplete_element(i, element) asks).
unresolved := {u.pointer | some u in input.unresolved}

incomplete := {i: {u.path[2] | some u in input.unresolved; u.path[1] == i; count(u.path) > 2} |
	some u in input.unresolved
	u.path[0] == "Statement"
	i := u.path[1]
	count(u.path) > 2
}

# incomplete_element(i, e): statement i's element e holds an unresolved
# value (cheap for a policy file: it has none).
incomplete_element(i, e) if {
	input.unresolved
	incomplete[i][e]
}

# partial_resources: the Resource and NotResource values a template builds
# from known text and expressions (Fn::Sub, a Terraform template), as
# {path, text, exprs, glob}: glob is the value as a regex.globs_match
# pattern, the expressions (and IAM's * and ?) matching anything. A rule can
# fire on one when no value of the expressions makes it acceptable.
partial_resources := [{"path": u.path, "text": u.text, "exprs": exprs, "glob": glob} |
	some u in input.unresolved
	count(u.path) > 2
	u.path[2] in {"Resource", "NotResource"}
	is_array(u.parts)
	exprs := [p.text | some p in u.parts; p.expr]
	glob := concat("", [glob_part(p) | some p in u.parts])
]

glob_part(p) := ".*" if {
	p.expr
} else := replace(strings.replace_n(glob_escapes, p.text), "?", ".")

glob_escapes := {"\\": "\\\\", ".": "\\.", "+": "\\+", "[": "\\[", "]": "\\]", "-": "\\-", "*": ".*"}

# --------------------------------------------------------------- problems

# problem_result turns a parser problem from input.problems into a result.
problem_result(p) := {
	"msg": p.msg,
	"pointer": object.get(p, "pointer", ""),
	"line": object.get(p, "line", 1),
	"column": object.get(p, "column", 1),
}

problems(rule) := {problem_result(p) | some p in input.problems; p.rule == rule}
