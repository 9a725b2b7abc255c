# METADATA
# title: Condition on a key the caller sets
# description: |
#   aws:Referer and aws:UserAgent are HTTP headers: the caller writes them,
#   and any client can send any value. An Allow that rests on them lets in
#   whoever copies the value - a website's Referer is in every page it
#   serves - and a Deny on them stops only callers who do not bother to
#   change it. They can shape honest traffic through the MRAP; they cannot
#   control access.
# custom:
#   id: condition/untrusted-key
#   severity: warning
#   access_analyzer: [UNTRUSTWORTHY_CONDITION_KEY]
#   remediation: Control access by who the caller is or where the request comes from - principals, aws:PrincipalOrgID, aws:SourceVpce - and keep aws:Referer or aws:UserAgent, if at all, on top of such a condition.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringLike": {"aws:UserAgent": "internal-sync/*"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/internal-sync"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.condition.untrusted_key

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.untrusted_key
	some n in input.facts.condition_notes.untrusted_key
}
