# METADATA
# title: IAM matching helpers
# description: |
#   Pure functions over data.mrapguard.iam: action lookup and wildcard
#   expansion (action names are case-insensitive; * and ? are wildcards),
#   ARN and MRAP ARN parsing, principal value checks, condition operator
#   parsing (ForAllValues:/ForAnyValue: prefixes, IfExists suffix; operators
#   are case-sensitive) and condition key lookup (keys are case-insensitive;
#   tag keys such as aws:PrincipalTag/Team match their catalog pattern).
#   Every function is undefined, never an error, for values of the wrong type.
package mrapguard.lib.iam

# An import, not a rule: a rule whose value is the whole data document would
# copy all of it into every evaluation.
import data.mrapguard.iam as catalog

# ---------------------------------------------------------------- wildcards

is_wildcard(s) if {
	is_string(s)
	contains(s, "*")
}

is_wildcard(s) if {
	is_string(s)
	contains(s, "?")
}

# wildcard_regex turns an IAM pattern (* and ? wildcards, everything else
# literal) into an anchored regular expression.
wildcard_regex(s) := concat("", ["^", replace(replace(regex.replace(s, `[.+^$()\[\]{}|\\]`, `\$0`), "*", ".*"), "?", "."), "$"])

# wildcard_match reports whether the IAM pattern p matches the string s.
wildcard_match(p, s) if regex.match(wildcard_regex(p), s)

# ------------------------------------------------------------------ actions

# action returns the catalog entry of an exact action name, in any case.
action(a) := catalog.actions[lower(a)] if is_string(a)

# service returns the lower-case service prefix of an action string.
service(a) := lower(substring(a, 0, indexof(a, ":"))) if {
	is_string(a)
	indexof(a, ":") > 0
}

# Matching an Action value against a list of lower-case action keys costs
# one lookup for an exact name, one strings.any_prefix_match call for the
# common trailing-wildcard pattern (s3:Get*), and one regex over the joined
# list for anything else - never one Rego iteration per catalog action.

# prefix_pattern returns the literal prefix of a pattern whose only
# wildcard is a trailing "*".
prefix_pattern(a) := pre if {
	is_string(a)
	endswith(a, "*")
	pre := lower(substring(a, 0, count(a) - 1))
	not is_wildcard(pre)
}

# action_regex turns an Action value into a multi-line regex that matches
# the catalog keys it covers. Undefined for values that can match nothing
# (characters outside action names and wildcards), which therefore need no
# escaping.
action_regex(a) := `(?m)^.+$` if {
	a == "*"
} else := concat("", ["(?m)^", replace(replace(p, "*", ".*"), "?", "."), "$"]) if {
	is_string(a)
	p := lower(a)
	regex.match(`^[a-z0-9*?-]+:[a-z0-9*?]*$`, p)
}

# matches_any: the Action value matches at least one action of list.
matches_any(a, list) if {
	is_string(a)
	not is_wildcard(a)
	lower(a) in list
}

matches_any(a, list) if {
	strings.any_prefix_match(list, prefix_pattern(a))
}

matches_any(a, list) if {
	is_wildcard(a)
	not prefix_pattern(a)
	regex.match(action_regex(a), concat("\n", list))
}

# matching returns the actions of list the Action value matches.
matching(a, list) := [x | some x in list; x == lower(a)] if {
	is_string(a)
	not is_wildcard(a)
} else := [x | some x in list; startswith(x, pre)] if {
	pre := prefix_pattern(a)
} else := regex.find_n(action_regex(a), concat("\n", list), -1) if {
	action_regex(a)
} else := []

# known_action: the Action value matches at least one S3 action.
known_action(a) if {
	is_string(a)
	not is_wildcard(a)
	catalog.actions[lower(a)]
}

known_action(a) if {
	is_wildcard(a)
	matches_any(a, catalog.action_keys)
}

# via_mrap: the Action value matches an action usable through an MRAP.
via_mrap(a) if {
	is_string(a)
	not is_wildcard(a)
	catalog.actions[lower(a)].via_mrap
}

via_mrap(a) if {
	is_wildcard(a)
	matches_any(a, catalog.via_mrap_actions)
}

# applies_to_form: the Action value matches a via-MRAP action that applies
# to the given MRAP ARN form ("object" or "bucket").
applies_to_form(a, form) if {
	is_string(a)
	not is_wildcard(a)
	catalog.actions[lower(a)].mrap_resource == form
}

applies_to_form(a, form) if {
	is_wildcard(a)
	matches_any(a, catalog.mrap_resource_actions[form])
}

# expand returns the set of lower-case catalog keys an Action value matches
# (empty for anything unknown).
expand(a) := {k | some k in matching(a, catalog.action_keys)}

# action_facts classifies an Action value: exact names by one catalog
# lookup, patterns whose only wildcard is a trailing "*" (s3:Get*, s3:*, *)
# by one strings.any_prefix_match per question, other patterns by regex.
#   known: matches at least one S3 action
#   via:   matches an action usable through an MRAP
#   forms: MRAP ARN forms ("object", "bucket") of the via-MRAP actions it matches
#   pm:    matches a permissions-management action
#   name:  the catalog spelling of an exact name, else the value
action_facts(a) := {
	"wildcard": false,
	"known": true,
	"via": info.via_mrap,
	"forms": object.get(form_sets, info.mrap_resource, set()),
	"pm": info.access_level == "Permissions management",
	"name": info.name,
} if {
	not regex.match(`[*?]`, a)
	info := catalog.actions[lower(a)]
} else := {
	"wildcard": false,
	"known": false,
	"via": false,
	"forms": set(),
	"pm": false,
	"name": a,
} if {
	not is_wildcard(a)
} else := {
	"wildcard": true,
	"known": strings.any_prefix_match(catalog.action_keys, pre),
	"via": strings.any_prefix_match(catalog.via_mrap_actions, pre),
	"forms": {f | some f, list in catalog.mrap_resource_actions; strings.any_prefix_match(list, pre)},
	"pm": strings.any_prefix_match(catalog.permissions_management_actions, pre),
	"name": a,
} if {
	pre := prefix_pattern(a)
} else := {
	"wildcard": true,
	"known": matches_bool(a, catalog.action_keys),
	"via": matches_bool(a, catalog.via_mrap_actions),
	"forms": {f | some f in ["object", "bucket"]; matches_any(a, catalog.mrap_resource_actions[f])},
	"pm": matches_bool(a, catalog.permissions_management_actions),
	"name": a,
}

# form_sets: mrap_resource value -> the set of forms it stands for.
form_sets := {"object": {"object"}, "bucket": {"bucket"}}

matches_bool(a, list) := true if {
	matches_any(a, list)
} else := false

# ---------------------------------------------------------------------- ARNs

# arn splits an ARN into its six fields; the resource keeps any colons.
arn(s) := {
	"partition": p[1],
	"service": p[2],
	"region": p[3],
	"account": p[4],
	"resource": p[5],
} if {
	is_string(s)
	[p] := regex.find_all_string_submatch_n(`^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$`, s, 1)
}

valid_partition(p) if regex.match(`^aws(-[a-z]+)*$`, p)

is_account_id(s) if {
	is_string(s)
	regex.match(`^[0-9]{12}$`, s)
}

arn_or_null(s) := a if {
	a := arn(s)
} else := null

# mrap_from_arn returns the MRAP parts of a parsed ARN of the form
# arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS[/...], or null. "suffix" is
# what follows the alias ("" for the bare MRAP ARN).
mrap_from_arn(a) := {
	"account": a.account,
	"alias": alias,
	"suffix": substring(rest, count(alias), -1),
} if {
	a != null
	a.service == "s3"
	a.region == ""
	startswith(a.resource, "accesspoint/")
	valid_partition(a.partition)
	rest := substring(a.resource, count("accesspoint/"), -1)
	alias := split(rest, "/")[0]
} else := null

# mrap_arn parses an MRAP ARN string; undefined for anything else.
mrap_arn(s) := m if {
	m := mrap_from_arn(arn_or_null(s))
	m != null
}

# forms returns which MRAP resource forms a Resource value (with its parsed
# MRAP parts m, or null) can match: "bucket" (the bare MRAP ARN) and/or
# "object" (MRAP ARN/object/KEY). A wildcard spans "/", so
# arn:…:accesspoint/* matches both.
forms(r, m) := {"bucket", "object"} if {
	r == "*"
} else := set() if {
	m == null
} else := {"bucket", "object"} if {
	m.suffix == ""
	contains(m.alias, "*")
} else := {"bucket"} if {
	m.suffix == ""
} else := {"object"} if {
	startswith(m.suffix, "/object/")
	count(m.suffix) > count("/object/")
} else := {"object"} if {
	not startswith(m.suffix, "/object/")
	is_wildcard(m.suffix)
	wildcard_match(m.suffix, "/object/key")
} else := set()

valid_alias(a) if {
	regex.match(`^[a-z][a-z0-9]*\.mrap$`, a)
	count(a) <= 63
}

# -------------------------------------------------------------- principals

principal_types := {"AWS", "Service", "Federated", "CanonicalUser"}

placeholder(v) if regex.match(`[<>]|\$\{|\{\{|\}\}`, v)

# aws_principal_problem returns why an AWS principal value is malformed.
aws_principal_problem(v) := "it looks like a placeholder" if {
	placeholder(v)
} else := "an account ID has exactly 12 digits" if {
	regex.match(`^[0-9]+$`, v)
	not is_account_id(v)
} else := "wildcards are not allowed inside a principal ARN; use \"*\" alone with a condition" if {
	startswith(v, "arn:")
	is_wildcard(v)
} else := msg if {
	startswith(v, "arn:")
	msg := principal_arn_problem(v)
} else := "it is neither \"*\", a 12-digit account ID nor an IAM or STS ARN" if {
	v != "*"
	not is_account_id(v)
	not startswith(v, "arn:")
	not unique_id(v)
}

# Unique IDs appear where a principal was deleted after the policy was
# written; AWS keeps them, so they are not malformed.
unique_id(v) if regex.match(`^(AIDA|AROA)[A-Z0-9]{12,}$`, v)

principal_arn_problem(v) := "it is not a complete ARN (arn:aws:iam::ACCOUNT:TYPE/NAME)" if {
	not arn(v)
} else := sprintf("partition %q is not an AWS partition", [a.partition]) if {
	a := arn(v)
	not valid_partition(a.partition)
} else := sprintf("service %q cannot be a principal; use iam or sts", [a.service]) if {
	a := arn(v)
	not a.service in {"iam", "sts"}
} else := "IAM and STS ARNs have no region" if {
	a := arn(v)
	a.region != ""
} else := sprintf("account %q is not a 12-digit account ID", [a.account]) if {
	a := arn(v)
	not is_account_id(a.account)
	not cloudfront_oai(a)
} else := sprintf("%q has no resource type: use root, user/NAME or role/NAME", [a.resource]) if {
	a := arn(v)
	a.service == "iam"
	not contains(a.resource, "/")
	a.resource != "root"
} else := "an IAM group cannot be a principal; name its users or a role" if {
	a := arn(v)
	a.service == "iam"
	startswith(a.resource, "group/")
} else := sprintf("%q is not a principal resource type (root, user/, role/)", [a.resource]) if {
	a := arn(v)
	a.service == "iam"
	not regex.match(`^(root|user/.+|role/.+)$`, a.resource)
	not cloudfront_oai(a)
} else := sprintf("%q is not an STS principal (assumed-role/ROLE/SESSION or federated-user/NAME)", [a.resource]) if {
	a := arn(v)
	a.service == "sts"
	not regex.match(`^(assumed-role/[^/]+/.+|federated-user/.+)$`, a.resource)
}

cloudfront_oai(a) if {
	a.service == "iam"
	a.account == "cloudfront"
	startswith(a.resource, "user/CloudFront Origin Access Identity ")
}

service_principal_problem(v) := "it looks like a placeholder" if {
	placeholder(v)
} else := "wildcards are not allowed in a service principal" if {
	v != "*"
	is_wildcard(v)
} else := "a service principal is a service's DNS name, such as cloudfront.amazonaws.com" if {
	v != "*"
	not regex.match(`^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`, v)
}

federated_principal_problem(v) := "it looks like a placeholder" if {
	placeholder(v)
} else := "wildcards are not allowed in a federated principal" if {
	is_wildcard(v)
} else := "a federated principal is a SAML or OIDC provider ARN or an identity provider's domain" if {
	not regex.match(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(saml-provider|oidc-provider)/.+$`, v)
	not regex.match(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`, v)
}

canonical_user_problem(v) := "a canonical user ID is 64 hexadecimal digits" if {
	not regex.match(`^[0-9a-f]{64}$`, v)
}

# principal_problem_or_null returns why a principal value is malformed, or
# null. Well-formed common values take one regex.
principal_problem_or_null(t, v) := null if {
	regex.match(well_formed[t], v)
} else := p if {
	p := principal_problem(t, v)
} else := null

well_formed := {
	"AWS": `^(\*|[0-9]{12}|arn:aws(-[a-z]+)*:iam::[0-9]{12}:(root|(user|role)/[^*?<>{}$]+)|arn:aws(-[a-z]+)*:sts::[0-9]{12}:(assumed-role/[^/*?<>{}$]+/[^*?<>{}$]+|federated-user/[^*?<>{}$]+))$`,
	"Service": `^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`,
	"Federated": `^[a-z0-9][a-z0-9.-]*\.[a-z]+$`,
	"CanonicalUser": `^[0-9a-f]{64}$`,
}

principal_account_or_null("AWS", v) := aws_account_or_null(v)

principal_account_or_null(t, _) := null if t != "AWS"

# aws_account_or_null returns the account of an AWS principal value: the
# value itself when it is an account ID, else the 12-digit account field of
# an ARN, else null. One regex.replace: it returns the value unchanged when
# the pattern does not match.
aws_account_or_null(v) := a if {
	a := regex.replace(v, `^(?:([0-9]{12})|arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):.*)$`, "${1}${2}")
	a != v
} else := v if {
	is_account_id(v)
} else := null

principal_problem("AWS", v) := aws_principal_problem(v)

principal_problem("Service", v) := service_principal_problem(v)

principal_problem("Federated", v) := federated_principal_problem(v)

principal_problem("CanonicalUser", v) := canonical_user_problem(v)

# principal_account returns the 12-digit account an AWS principal value
# belongs to (an account ID or the account field of its ARN).
principal_account(v) := v if {
	is_account_id(v)
} else := a.account if {
	a := arn(v)
	is_account_id(a.account)
}

# --------------------------------------------------------------- conditions

set_prefix(op) := "ForAllValues:" if {
	startswith(op, "ForAllValues:")
} else := "ForAnyValue:" if {
	startswith(op, "ForAnyValue:")
} else := ""

# operator returns {base, family, negated, set, if_exists} for an operator
# IAM defines: a known base, an optional set prefix, an optional IfExists
# suffix (not on Null). Operators are case-sensitive.
operator(op) := catalog.condition_operators[op]

# condition_key returns {name, type} for a condition key in any case, global
# or S3; tag keys (aws:PrincipalTag/Team) match their prefix/* pattern.
condition_key(k) := info if {
	info := catalog.global_condition_keys[key_lookup(k)]
} else := info if {
	info := catalog.condition_keys[key_lookup(k)]
}

condition_key_or_null(k) := info if {
	info := condition_key(k)
} else := null

operator_or_null(op) := o if {
	o := catalog.condition_operators[op]
} else := null

key_lookup(k) := lower(k) if {
	is_string(k)
	not contains(k, "/")
} else := concat("", [lower(substring(k, 0, indexof(k, "/"))), "/*"]) if {
	is_string(k)
	indexof(k, "/") > 0
	count(k) > indexof(k, "/") + 1
}

is_s3_key(k) if startswith(lower(k), "s3:")

multi_valued(info) if startswith(info.type, "ArrayOf")

# ------------------------------------------------------------ value checks

policy_variable(v) if {
	is_string(v)
	regex.match(`^\$\{[^}]+\}$`, v)
}

valid_bool(v) if is_boolean(v)

valid_bool(v) if {
	is_string(v)
	lower(v) in {"true", "false"}
}

# bool_value returns a Bool condition value as a boolean.
bool_value(v) := v if is_boolean(v)

bool_value(v) := lower(v) == "true" if {
	is_string(v)
	lower(v) in {"true", "false"}
}

valid_number(v) if is_number(v)

valid_number(v) if {
	is_string(v)
	regex.match(`^-?[0-9]+(\.[0-9]+)?$`, v)
}

valid_date(v) if is_number(v)

valid_date(v) if {
	is_string(v)
	regex.match(`^[0-9]+$`, v)
}

valid_date(v) if {
	is_string(v)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$`, v)
}

ipv4_cidr := `^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?$`

ipv6_full := `^([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}$`

ipv6_compressed := `^(([0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{1,4})?::(([0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{1,4})?$`

valid_ip(v) if {
	is_string(v)
	regex.match(ipv4_cidr, v)
}

valid_ip(v) if {
	is_string(v)
	parts := split(v, "/")
	count(parts) <= 2
	valid_ipv6(parts[0])
	valid_ipv6_prefix(parts)
}

valid_ipv6(a) if regex.match(ipv6_full, a)

valid_ipv6(a) if {
	regex.match(ipv6_compressed, a)
	count(indexof_n(a, "::")) == 1

	# "::" stands for at least one group of zeros.
	count([g | some g in split(a, ":"); g != ""]) <= 7
}

valid_ipv6_prefix(parts) if count(parts) == 1

valid_ipv6_prefix(parts) if {
	count(parts) == 2
	regex.match(`^([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$`, parts[1])
}

valid_binary(v) if {
	is_string(v)
	regex.match(`^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$`, v)
}

valid_arn_value(v, _) if {
	is_string(v)
	regex.match(`^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$`, v)
}

# Every ARN operator accepts wildcards (ArnEquals matches like ArnLike), so
# a lone "*" is a pattern, not a type error.
valid_arn_value("*", _)

# value_problem returns why a condition value cannot match its parsed
# operator; undefined when the value is acceptable. A value that is exactly
# one policy variable (${aws:username}) is accepted for every operator, and
# values that are not scalars are policy/structure's finding.
value_problem(op, v) := msg if {
	not is_object(v)
	not is_array(v)
	not policy_variable(v)
	msg := family_value_problem(op.family, op.base, v)
}

family_value_problem("Bool", _, v) := sprintf("Bool takes true or false, not %s", [show(v)]) if not valid_bool(v)

family_value_problem("Null", _, v) := sprintf("Null takes true or false, not %s", [show(v)]) if not valid_bool(v)

family_value_problem("Numeric", base, v) := sprintf("%s takes a number, not %s", [base, show(v)]) if not valid_number(v)

family_value_problem("Date", base, v) := sprintf("%s takes an ISO 8601 date (2026-01-31T00:00:00Z) or epoch seconds, not %s", [base, show(v)]) if not valid_date(v)

family_value_problem("IP", base, v) := sprintf("%s takes an IPv4 or IPv6 address or CIDR block, not %s", [base, show(v)]) if not valid_ip(v)

family_value_problem("ARN", base, v) := sprintf("%s takes an ARN, not %s", [base, show(v)]) if not valid_arn_value(v, base)

family_value_problem("Binary", base, v) := sprintf("%s takes base64-encoded bytes, not %s", [base, show(v)]) if not valid_binary(v)

show(v) := sprintf("%q", [v]) if is_string(v)

show(v) := sprintf("%v", [v]) if not is_string(v)

# key_family_ok: operator family -> catalog key types (without ArrayOf) it
# can compare. String, Null and Binary operators apply to every key type.
key_family_ok := {
	"Numeric": {"Numeric", "Date"},
	"Date": {"Date", "Numeric"},
	"Bool": {"Bool"},
	"IP": {"IPAddress"},
	"ARN": {"ARN"},
}
