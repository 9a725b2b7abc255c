# METADATA
# title: Condition value that cannot match its operator or key
# description: |
#   Each operator compares one type: Bool and Null take true or false,
#   Numeric operators numbers, Date operators ISO 8601 dates or epoch
#   seconds, IpAddress and NotIpAddress IPv4/IPv6 addresses or CIDR blocks,
#   Arn operators ARNs, BinaryEquals base64. A value of another type never
#   matches, and an operator of the wrong family for its key (IpAddress on
#   aws:SourceVpce, NumericEquals on aws:PrincipalAccount) never does either -
#   AWS rejects some of these outright, as it does the values of one key
#   in several JSON types ("true" and true) and Bool with several values.
#   A String operator on a number, date, boolean or IP key compares the
#   text, so "1.2" and "1.20", or an address and the block holding it,
#   differ (warning).
# custom:
#   id: condition/value-type
#   severity: error
#   access_analyzer: [TYPE_MISMATCH, TYPE_MISMATCH_BOOLEAN, TYPE_MISMATCH_DATE, TYPE_MISMATCH_NUMBER, TYPE_MISMATCH_STRING, TYPE_MISMATCH_IP_RANGE, INVALID_CONDITION_DATA_TYPE, INVALID_CONDITION_MULTIPLE_BOOLEAN]
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

deny contains {
	"msg": sprintf("%s %s: %s", [c.operator, c.key, v.problem]),
	"path": array.concat(c.path, [j]),
} if {
	some c in typed_conditions
	some j, v in c.values
	v.problem
}

deny contains {"msg": msg, "path": c.path} if {
	some c in typed_conditions
	not c.operator_fits_key
	family := input.facts.operators[c.operator].operator.family
	type := input.facts.keys[c.key].key.type
	msg := sprintf("%s compares %s, but %s is a %s key; use %s", [c.operator, compares[family], c.key, type, operators_for[trim_prefix(type, "ArrayOf")]])
}

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.mixed_types
	some n in input.facts.condition_notes.mixed_types
}

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.multiple_bool
	some n in input.facts.condition_notes.multiple_bool
}

deny contains {"msg": n.msg, "path": n.path, "severity": n.severity} if {
	input.facts.noted.text_on_typed_key
	some n in input.facts.condition_notes.text_on_typed_key
}

# typed_conditions: the entries whose operator compares something other
# than strings (any scalar can be compared as a string).
typed_conditions contains c if {
	some op, f in input.facts.operators
	f.operator.family != "String"
	some c in input.facts.conditions_by_operator[op]
}

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
