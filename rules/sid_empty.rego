# METADATA
# title: Sid is an empty string
# description: |
#   "Sid": "" names nothing. Findings, CloudTrail analysis and reviews cannot
#   point at the statement by its Sid, and a second empty Sid in the policy
#   makes AWS reject it as a duplicate.
# custom:
#   id: sid/empty
#   severity: info
#   access_analyzer: [EMPTY_SID_VALUE]
#   remediation: Name the statement after what it allows, such as "ReadReports", or remove the Sid element.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Sid": "",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Sid": "ReadReports",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"
#         }
#       ]
#     }
package mrapguard.rules.sid.empty

deny contains {
	"msg": "Sid is empty, so findings and logs cannot name this statement; name it (such as \"ReadReports\") or remove the Sid",
	"path": ["Statement", i, "Sid"],
} if {
	some i in input.facts.sids[""]
}
