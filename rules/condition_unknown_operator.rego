# METADATA
# title: Condition operator that IAM does not define
# description: |
#   Condition operators are case-sensitive names such as StringEquals,
#   ArnLike or Bool, optionally prefixed with ForAllValues: or ForAnyValue:
#   and suffixed with IfExists (Null takes no IfExists). AWS rejects a
#   policy with any other operator - "StringEqual", "stringEquals",
#   "ForAnyValues:StringLike" - so the restriction the author meant never
#   takes effect.
# custom:
#   id: condition/unknown-operator
#   severity: error
#   remediation: Use the operator spelled as in the message's suggestion; see "IAM JSON policy elements - Condition operators" in the IAM User Guide.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEqual": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.unknown_operator

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy
import data.mrapguard.lib.text

deny contains {"msg": message(op), "path": ["Statement", i, "Condition", op]} if {
	some op in policy.condition_operators
	not iam.operator(op)
	some [i, o, _] in policy.condition_lists
	o == op
}

message(op) := sprintf("%q is not a condition operator: Null cannot take IfExists", [op]) if {
	catalog.condition_operators[trim_suffix(substring(op, count(iam.set_prefix(op)), -1), "IfExists")].family == "Null"
} else := sprintf("%q is not a condition operator IAM defines (did you mean %q?); operators are case-sensitive", [op, s]) if {
	s := suggestion(op)
} else := sprintf("%q is not a condition operator IAM defines; operators are case-sensitive", [op])

# bases: the operators without set prefix or IfExists suffix.
bases := {o.base | some o in catalog.condition_operators}

# suggestion repairs the set prefix and the base separately, keeping the
# IfExists suffix (written in any case).
suggestion(op) := concat("", [p, ":", b]) if {
	parts := split(op, ":")
	count(parts) == 2
	p := text.suggest(parts[0], {"ForAllValues", "ForAnyValue"})
	b := base_suggestion(parts[1])
} else := base_suggestion(op) if {
	not contains(op, ":")
}

base_suggestion(b) := concat("", [x, "IfExists"]) if {
	endswith(lower(b), "ifexists")
	count(b) > count("IfExists")
	x := text.suggest(substring(b, 0, count(b) - count("IfExists")), bases)
	x != "Null"
} else := text.suggest(b, bases)
