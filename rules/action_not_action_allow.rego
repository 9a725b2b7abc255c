# METADATA
# title: NotAction with Allow
# description: |
#   "Effect": "Allow" with NotAction grants every action except the ones
#   listed - today's S3 actions and every action AWS adds later, including
#   permissions management. A list of the actions needed is safer and
#   easier to review.
# custom:
#   id: action/not-action-allow
#   severity: warning
#   remediation: Replace NotAction with an Action list of what the principal needs; keep NotAction for Deny statements.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "NotAction": "s3:DeleteObject",
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
#           "Action": ["s3:GetObject", "s3:PutObject"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.action.not_action_allow

deny contains {
	"msg": "Allow with NotAction grants every action except the ones listed, including actions AWS adds later; list the actions needed instead",
	"path": ["Statement", i, "NotAction"],
} if {
	some i in input.facts.unusual
	input.facts.statements[i].effect == "Allow"
	"NotAction" in object.keys(input.policy.Statement[i])
}
