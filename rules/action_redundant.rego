# METADATA
# title: Action already covered by another in the same list
# description: |
#   An action that another value of the same Action (or NotAction) list
#   already covers - s3:GetObject beside s3:Get*, or the same action twice
#   in another case - changes nothing. It makes the list longer to review,
#   and it hides what the wildcard really grants: the reviewer reads the
#   names, the wildcard grants more. A pattern whose every action today is
#   already listed adds only the actions AWS creates later under it.
# custom:
#   id: action/redundant
#   severity: info
#   access_analyzer: [REDUNDANT_ACTION]
#   remediation: Remove the covered action; if the wildcard is broader than intended, replace it with the names the principal needs.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": ["s3:GetObject*", "s3:GetObjectTagging"],
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
#           "Action": ["s3:GetObject", "s3:GetObjectTagging"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.action.redundant

# input.facts.redundant_actions: the values Go found covered by another
# value of their list.
deny contains {"msg": r.msg, "path": r.path} if {
	input.facts.noted.redundant_actions
	some r in input.facts.redundant_actions
}
