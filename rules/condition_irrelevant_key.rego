# METADATA
# title: Condition on the MRAP owner's own account or organization
# description: |
#   aws:ResourceAccount, s3:ResourceAccount, aws:ResourceOrgID and
#   aws:ResourceOrgPaths describe the resource a request is for. Every
#   request an MRAP's policy sees is for that MRAP, so they hold the same
#   value - the owner's account, its organization - in all of them, and a
#   condition on them is always true or always false. Usually the author
#   meant the caller's side (aws:PrincipalAccount, aws:PrincipalOrgID), or
#   copied the condition from an identity policy or an RCP, where it
#   varies.
# custom:
#   id: condition/irrelevant-key
#   severity: info
#   access_analyzer: [IRRELEVANT_CONDITION_KEY_IN_POLICY]
#   remediation: Remove the condition, or test the caller instead (aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:ResourceAccount": "111122223333"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:PrincipalAccount": "444455556666"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.irrelevant_key

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.owner_key
	some n in input.facts.condition_notes.owner_key
}
