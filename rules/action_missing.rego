# METADATA
# title: Statement has no Action
# description: |
#   Every statement needs Action (or NotAction) to say which operations it
#   covers; AWS rejects a statement without one.
# custom:
#   id: action/missing
#   severity: error
#   access_analyzer: [MISSING_ACTION]
#   remediation: Add an Action listing the S3 actions the statement allows or denies, such as s3:GetObject.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.action.missing

deny contains {
	"msg": "statement has neither Action nor NotAction; add the S3 actions it covers",
	"path": ["Statement", i],
} if {
	some i in input.facts.unusual
	elements := object.keys(input.policy.Statement[i])
	not "Action" in elements
	not "NotAction" in elements
}
