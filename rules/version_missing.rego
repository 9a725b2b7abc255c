# METADATA
# title: Policy has no Version
# description: |
#   Without a Version element IAM evaluates the policy with the 2008-10-17
#   rules, where policy variables such as ${aws:username} or
#   ${aws:PrincipalTag/team} are literal text: a condition or resource that
#   uses one silently matches nothing (or only a key literally named
#   "${aws:username}").
# custom:
#   id: version/missing
#   severity: warning
#   access_analyzer: [MISSING_VERSION]
#   remediation: >-
#     Add "Version": "2012-10-17" as the first element of the policy.
#   bad: |
#     {
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/home/${aws:userid}/*"
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/home/${aws:userid}/*"
#         }
#       ]
#     }
package mrapguard.rules.version.missing

deny contains {"msg": "the policy has no Version, so IAM applies the 2008-10-17 rules and treats policy variables such as ${aws:username} as literal text; add \"Version\": \"2012-10-17\""} if {
	is_object(input.policy)
	not "Version" in object.keys(input.policy)
}
