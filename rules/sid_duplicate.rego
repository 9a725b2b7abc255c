# METADATA
# title: Two statements share a Sid
# description: |
#   A Sid must be unique within a policy; AWS rejects duplicates, including
#   two empty Sids. Duplicates also make findings, CloudTrail analysis and
#   reviews ambiguous about which statement is meant.
# custom:
#   id: sid/duplicate
#   severity: error
#   access_analyzer: [UNIQUE_SIDS_RECOMMENDED, UNIQUE_SIDS_REQUIRED]
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

# Every later occurrence is reported, pointing back at the first.
deny contains {
	"msg": sprintf("Sid %q is already used by statement %d; Sids must be unique within a policy", [sid, statements[0]]),
	"path": ["Statement", j, "Sid"],
} if {
	some sid, statements in input.facts.sids
	count(statements) > 1
	some j in array.slice(statements, 1, count(statements))
}
