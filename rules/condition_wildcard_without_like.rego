# METADATA
# title: Wildcard in a value of an Equals operator
# description: |
#   StringEquals, StringNotEquals and their IgnoreCase forms compare the
#   text as written: a "*" or "?" in their values matches only a literal
#   "*" or "?" in the request. "admin-*" under StringEquals matches no
#   caller tagged admin-ops, so an Allow grants less than it says and a
#   Deny denies less. Patterns need StringLike or StringNotLike. (A
#   literal * or ? in a pattern is written ${*} or ${?}.)
# custom:
#   id: condition/wildcard-without-like
#   severity: warning
#   access_analyzer: [WILDCARD_WITHOUT_LIKE_OPERATOR]
#   remediation: >-
#     Use the Like form of the operator when the value is a pattern (StringLike, StringNotLike;
#     keep any ForAnyValue or ForAllValues prefix and IfExists).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:PrincipalTag/job-category": "admin-*"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringLike": {"aws:PrincipalTag/job-category": "admin-*"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.wildcard_without_like

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.wildcard_without_like
	some n in input.facts.condition_notes.wildcard_without_like
}
