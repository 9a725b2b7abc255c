# METADATA
# title: s3:prefix used to shut out a prefix
# description: |
#   s3:prefix is the prefix a listing asks for (ListObjectsV2, the action
#   s3:ListBucket), and a listing returns every key under it. So a Deny on
#   the listings whose prefix is "private/" does not stop one for "priv",
#   or for no prefix at all, which return the same keys; and an Allow with
#   StringNotLike "private/*" allows exactly those listings. Through an MRAP
#   that shows the key names in every bucket behind it. Only the prefixes
#   that may be listed can be enforced: allow them, or deny everything
#   outside them.
# custom:
#   id: condition/s3-prefix-negated
#   severity: warning
#   access_analyzer: [S3_PREFIX_IN_NEGATIVE_CONTEXT]
#   remediation: >-
#     Name the prefixes that may be listed - StringLike on s3:prefix in the Allow, or
#     StringNotLike in a Deny ("deny listings outside public/") - instead of the ones that
#     may not.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:ListBucket",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"
#         },
#         {
#           "Effect": "Deny",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:ListBucket",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#           "Condition": {"StringLike": {"s3:prefix": "private/*"}}
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
#           "Action": "s3:ListBucket",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"
#         },
#         {
#           "Effect": "Deny",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:ListBucket",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#           "Condition": {"StringNotLike": {"s3:prefix": "public/*"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.s3_prefix_negated

deny contains {"msg": n.msg, "path": n.path, "severity": n.severity} if {
	input.facts.noted.s3_prefix_negative
	some n in input.facts.condition_notes.s3_prefix_negative
}
