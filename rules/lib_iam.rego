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

catalog := data.mrapguard.iam

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

all_actions := {k | some k, _ in catalog.actions}

via_mrap_actions := {k | some k in catalog.via_mrap_actions}

# expand returns the set of lower-case catalog keys an Action value matches:
# the exact action, every action a wildcard pattern matches, or the empty
# set for anything unknown (non-S3 services, typos, non-strings).
expand(a) := all_actions if {
	a == "*"
} else := {lower(a)} if {
	is_string(a)
	not is_wildcard(a)
	catalog.actions[lower(a)]
} else := {k | some k in all_actions; regex.match(re, k)} if {
	is_wildcard(a)
	p := lower(a)
	regex.match(`^[a-z0-9*?-]+:[a-z0-9*?]*$`, p)
	re := wildcard_regex(p)
} else := set()

is_permissions_management(k) if catalog.actions[k].access_level == "Permissions management"

# ---------------------------------------------------------------------- ARNs

# arn splits an ARN into its six fields; the resource keeps any colons.
arn(s) := {
	"partition": p[1],
	"service": p[2],
	"region": p[3],
	"account": p[4],
	"resource": concat(":", array.slice(p, 5, count(p))),
} if {
	is_string(s)
	startswith(s, "arn:")
	p := split(s, ":")
	count(p) >= 6
}

valid_partition(p) if regex.match(`^aws(-[a-z]+)*$`, p)

is_account_id(s) if {
	is_string(s)
	regex.match(`^[0-9]{12}$`, s)
}

# mrap_arn parses an ARN of the MRAP form arn:PARTITION:s3::ACCOUNT:accesspoint/ALIAS[/...].
# "suffix" is what follows the alias ("" for the bare MRAP ARN).
mrap_arn(s) := {
	"account": a.account,
	"alias": alias,
	"suffix": substring(rest, count(alias), -1),
} if {
	a := arn(s)
	valid_partition(a.partition)
	a.service == "s3"
	a.region == ""
	startswith(a.resource, "accesspoint/")
	rest := substring(a.resource, count("accesspoint/"), -1)
	alias := split(rest, "/")[0]
}

# mrap_forms returns which MRAP resource forms a Resource value can match:
# "bucket" (the bare MRAP ARN) and/or "object" (MRAP ARN/object/KEY).
# A wildcard spans "/", so arn:…:accesspoint/* matches both.
mrap_forms(r) := {"bucket", "object"} if {
	r == "*"
} else := forms if {
	m := mrap_arn(r)
	forms := {f | some f in ["bucket", "object"]; suffix_matches_form(m, f)}
}

suffix_matches_form(m, "bucket") if m.suffix == ""

suffix_matches_form(m, "object") if {
	m.suffix == ""
	contains(m.alias, "*")
}

suffix_matches_form(m, "object") if {
	startswith(m.suffix, "/object/")
	count(m.suffix) > count("/object/")
}

suffix_matches_form(m, "object") if {
	not startswith(m.suffix, "/object/")
	is_wildcard(m.suffix)
	wildcard_match(m.suffix, "/object/key")
}

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

# operator_types: base operator -> {family, negated}. Operators are
# case-sensitive, so lookups use the operator exactly as written.
operator_types := {
	"StringEquals": {"family": "String", "negated": false},
	"StringNotEquals": {"family": "String", "negated": true},
	"StringEqualsIgnoreCase": {"family": "String", "negated": false},
	"StringNotEqualsIgnoreCase": {"family": "String", "negated": true},
	"StringLike": {"family": "String", "negated": false},
	"StringNotLike": {"family": "String", "negated": true},
	"NumericEquals": {"family": "Numeric", "negated": false},
	"NumericNotEquals": {"family": "Numeric", "negated": true},
	"NumericLessThan": {"family": "Numeric", "negated": false},
	"NumericLessThanEquals": {"family": "Numeric", "negated": false},
	"NumericGreaterThan": {"family": "Numeric", "negated": false},
	"NumericGreaterThanEquals": {"family": "Numeric", "negated": false},
	"DateEquals": {"family": "Date", "negated": false},
	"DateNotEquals": {"family": "Date", "negated": true},
	"DateLessThan": {"family": "Date", "negated": false},
	"DateLessThanEquals": {"family": "Date", "negated": false},
	"DateGreaterThan": {"family": "Date", "negated": false},
	"DateGreaterThanEquals": {"family": "Date", "negated": false},
	"Bool": {"family": "Bool", "negated": false},
	"BinaryEquals": {"family": "Binary", "negated": false},
	"IpAddress": {"family": "IP", "negated": false},
	"NotIpAddress": {"family": "IP", "negated": true},
	"ArnEquals": {"family": "ARN", "negated": false},
	"ArnLike": {"family": "ARN", "negated": false},
	"ArnNotEquals": {"family": "ARN", "negated": true},
	"ArnNotLike": {"family": "ARN", "negated": true},
	"Null": {"family": "Null", "negated": false},
}

set_prefix(op) := "ForAllValues:" if {
	startswith(op, "ForAllValues:")
} else := "ForAnyValue:" if {
	startswith(op, "ForAnyValue:")
} else := ""

# operator parses a condition operator. It is defined only for operators
# IAM defines: a known base, an optional set prefix, an optional IfExists
# suffix (not on Null).
operator(op) := {
	"name": op,
	"base": base,
	"set": prefix,
	"if_exists": if_exists,
	"family": t.family,
	"negated": t.negated,
} if {
	is_string(op)
	prefix := set_prefix(op)
	rest := substring(op, count(prefix), -1)
	if_exists := endswith(rest, "IfExists")
	base := trim_suffix(rest, "IfExists")
	t := operator_types[base]
	not null_if_exists(base, if_exists)
}

null_if_exists("Null", true)

# condition_key returns {name, type} for a condition key in any case, global
# or S3; tag keys (aws:PrincipalTag/Team) match their prefix/* pattern.
condition_key(k) := info if {
	lk := key_lookup(k)
	info := object.union(catalog.global_condition_keys[lk], {"global": true})
} else := info if {
	lk := key_lookup(k)
	info := object.union(catalog.condition_keys[lk], {"global": false})
}

key_lookup(k) := concat("", [lower(substring(k, 0, indexof(k, "/"))), "/*"]) if {
	is_string(k)
	indexof(k, "/") > 0
	count(k) > indexof(k, "/") + 1
} else := lower(k) if {
	is_string(k)
	not contains(k, "/")
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

valid_arn_value("*", base) if base in {"ArnLike", "ArnNotLike"}

# value_problem returns why a condition value cannot match its parsed
# operator; undefined when the value is acceptable. A value that is exactly
# one policy variable (${aws:username}) is accepted for every operator.
value_problem(op, v) := "a condition value must be a string, number or boolean" if {
	not is_string(v)
	not is_number(v)
	not is_boolean(v)
} else := msg if {
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
