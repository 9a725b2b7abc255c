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
#   access_analyzer: [INVALID_CONDITION_OPERATOR, NULL_WITH_IF_EXISTS]
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

deny contains {"msg": message(op, o), "path": p} if {
	some op, o in input.facts.operators
	o.operator == null
	some p in input.facts.paths.operators[op]
}

message(op, o) := sprintf("%q is not a condition operator: Null cannot take IfExists", [op]) if {
	o.null_if_exists
} else := sprintf("%q is not a condition operator IAM defines (did you mean %q?); operators are case-sensitive", [op, o.suggestion]) if {
	o.suggestion
} else := sprintf("%q is not a condition operator IAM defines; operators are case-sensitive", [op])
