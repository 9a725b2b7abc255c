# METADATA
# title: Empty condition
# description: |
#   "Condition": {}, an operator with no keys, or a key with no values
#   restricts nothing - or, for a key with no values, cannot match as
#   written. It usually comes from a template whose values came out empty,
#   so the restriction the reviewer sees in the source is not in the policy.
# custom:
#   id: condition/empty
#   severity: warning
#   access_analyzer: [EMPTY_OBJECT_CONDITION, EMPTY_ARRAY_CONDITION, EMPTY_ARRAY_CONDITION_FORALLVALUES, EMPTY_ARRAY_CONDITION_FORANYVALUE, EMPTY_ARRAY_CONDITION_IFEXISTS]
#   remediation: Fill in the keys and values the condition is meant to test, or remove the empty element.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:SourceVpce": []}}
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
#           "Condition": {"StringEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d"]}}
#         }
#       ]
#     }
package mrapguard.rules.condition.empty

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.empty
	some n in input.facts.condition_notes.empty
}
