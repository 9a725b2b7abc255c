# METADATA
# title: String pattern on an ARN key
# description: |
#   Under StringLike a wildcard matches any run of characters, ':' included,
#   so a wildcard in the partition, service, Region or account of an ARN
#   pattern reaches into the fields after it: compared as a string,
#   "arn:aws:iam::*:role/admin" or "arn:aws:*:111122223333:*" matches ARNs
#   the author did not mean. ArnLike compares an ARN's six fields one by
#   one. Keys such as aws:PrincipalArn, aws:SourceArn and
#   s3:DataAccessPointArn decide who gets through the MRAP, so the
#   difference is access. A wildcard only in the resource part, as in
#   "arn:aws:iam::111122223333:role/app-*", matches alike under both.
# custom:
#   id: condition/arn-key-string-operator
#   severity: warning
#   access_analyzer: [STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS]
#   remediation: Compare ARN keys with ArnLike or ArnNotLike (ArnEquals for exact ARNs), which match each field of the ARN on its own.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/reader"}}
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
#           "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/reader-*"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.arn_key_string_operator

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.arn_string_like
	some n in input.facts.condition_notes.arn_string_like
}
