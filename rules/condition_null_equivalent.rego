# METADATA
# title: Condition that only tests whether a key is present
# description: |
#   A present key matches the pattern "*", so StringLike (or ArnLike) with
#   "*" is true exactly when the request carries the key - what
#   "Null": {KEY: "false"} says plainly - and StringNotLike with "*" is true
#   exactly when it does not: "Null": {KEY: "true"}. With IfExists or a set
#   operator such a condition can be true for every request or for none.
#   And Null takes no ForAllValues: or ForAnyValue: (with them it is always
#   true, or always false). Reviewers of an MRAP policy read the Null form
#   at a glance; the others hide what the statement requires.
# custom:
#   id: condition/null-equivalent
#   severity: info
#   access_analyzer: [EQUIVALENT_TO_NULL_TRUE, EQUIVALENT_TO_NULL_FALSE, NULL_WITH_QUALIFIER]
#   remediation: Write the test as Null with "true" (the key must be absent) or "false" (it must be present), without ForAllValues or ForAnyValue; remove a condition that is always true.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": "s3:PutObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringNotLike": {"s3:x-amz-server-side-encryption": "*"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": "s3:PutObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"Null": {"s3:x-amz-server-side-encryption": "true"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.null_equivalent

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.presence_test
	some n in input.facts.condition_notes.presence_test
}
