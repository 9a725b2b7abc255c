# METADATA
# title: Action or NotAction is an empty list
# description: |
#   "Action": [] names no action, so the statement matches no request and
#   has no effect; it usually comes from a template whose action list came
#   out empty, so the grant or denial a reviewer sees in the source is not
#   in the policy. "NotAction": [] excludes nothing, so the statement covers
#   every action.
# custom:
#   id: action/empty
#   severity: info
#   access_analyzer: [EMPTY_ARRAY_ACTION]
#   remediation: List the S3 actions the statement covers, such as s3:GetObject, or remove the statement.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": [],
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
#           "Action": ["s3:GetObject"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.action.empty

deny contains {"msg": message[el], "path": ["Statement", i, el]} if {
	some i in input.facts.unusual
	some el in ["Action", "NotAction"]
	input.policy.Statement[i][el] == []
}

message := {
	"Action": "Action is empty, so the statement covers no action and has no effect; list the S3 actions it should cover, or remove the statement",
	"NotAction": "NotAction is empty, so it excludes nothing and the statement covers every action; list the actions to exclude, or use Action",
}
