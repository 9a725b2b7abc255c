# METADATA
# title: Two statements share a Sid
# description: |
#   A Sid must be unique within a policy; AWS rejects duplicates, including
#   two empty Sids. Duplicates also make findings, CloudTrail analysis and
#   reviews ambiguous about which statement is meant.
# custom:
#   id: sid/duplicate
#   severity: error
#   remediation: Give every statement its own Sid, or drop the Sid where it adds nothing.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Sid": "Reader",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         },
#         {
#           "Sid": "Reader",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:ListBucket",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Sid": "ReadObjects",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         },
#         {
#           "Sid": "ListObjects",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:ListBucket",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"
#         }
#       ]
#     }
package mrapguard.rules.sid.duplicate

import data.mrapguard.lib.policy

# Every later occurrence is reported, pointing back at the first.
deny contains {
	"msg": sprintf("Sid %q is already used by statement %d; Sids must be unique within a policy", [sid, first]),
	"path": ["Statement", j, "Sid"],
} if {
	count(policy.sids) > count({sid | some sid in policy.sids})
	some j, sid in policy.sids
	first := min({i | some i, x in policy.sids; x == sid})
	first < j
}
