# METADATA
# title: Condition value that cannot match its operator or key
# description: |
#   Each operator compares one type: Bool and Null take true or false,
#   Numeric operators numbers, Date operators ISO 8601 dates or epoch
#   seconds, IpAddress and NotIpAddress IPv4/IPv6 addresses or CIDR blocks,
#   Arn operators ARNs, BinaryEquals base64. A value of another type never
#   matches, and an operator of the wrong family for its key (IpAddress on
#   aws:SourceVpce, NumericEquals on aws:PrincipalAccount) never does either -
#   AWS rejects some of these outright.
# custom:
#   id: condition/value-type
#   severity: error
#   remediation: Write the value in the operator's type (for example "true", "2026-01-31T00:00:00Z", "203.0.113.0/24"), or use the operator family that matches the key's type.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {
#             "Bool": {"aws:SecureTransport": "yes"},
#             "IpAddress": {"aws:SourceIp": "203.0.113.0/33"}
#           }
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {
#             "Bool": {"aws:SecureTransport": "true"},
#             "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}
#           }
#         }
#       ]
#     }
package mrapguard.rules.condition.value_type

import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {
	"msg": sprintf("%s %s: %s", [op, key, problem]),
	"path": ["Statement", i, "Condition", op, key, j],
} if {
	some op, _ in typed_operators
	some [i, key, values] in policy.by_operator[op]
	some [j, problem] in problems(op, values)
}

deny contains {"msg": msg, "path": ["Statement", i, "Condition", op, key]} if {
	some op, o in typed_operators
	iam.key_family_ok[o.family]
	some [i, key, _] in policy.by_operator[op]
	msg := mismatch(op, key)
	msg != ""
}

# mismatch explains why the operator cannot compare the key's type, or "":
# a defined result, so each operator and key pair is checked once.
mismatch(op, key) := sprintf("%s compares %s, but %s is a %s key; use %s", [op, compares[family], key, info.type, operators_for[base_type]]) if {
	family := typed_operators[op].family
	info := iam.condition_key(key)
	base_type := trim_prefix(info.type, "ArrayOf")
	not base_type in iam.key_family_ok[family]
} else := ""

# typed_operators: the policy's operators that compare something other than
# strings (any scalar can be compared as a string) -> the parsed operator.
typed_operators := {op: o |
	some op in policy.condition_operators
	o := iam.operator(op)
	o.family != "String"
}

# problems: [index, problem] for each value of a list the operator cannot
# match. Always defined, so OPA caches it and a list repeated across
# statements is checked once.
problems(op, values) := [[j, p] |
	is_array(values)
	some j, v in values
	p := iam.value_problem(typed_operators[op], v)
]

compares := {
	"Numeric": "numbers",
	"Date": "dates",
	"Bool": "booleans",
	"IP": "IP addresses",
	"ARN": "ARNs",
}

operators_for := {
	"String": "a String operator",
	"ARN": "an Arn or String operator",
	"Numeric": "a Numeric operator",
	"Date": "a Date operator",
	"Bool": "Bool",
	"IPAddress": "IpAddress or NotIpAddress",
}
