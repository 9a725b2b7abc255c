# METADATA
# title: Sid has characters outside A-Z, a-z and 0-9
# description: |
#   IAM documents the Sid as ASCII letters and digits only. Some services
#   accept spaces, hyphens or underscores in resource policies, others reject
#   them, and tools that copy statements between policy types trip over them.
#   IAM Access Analyzer reports an error; S3 accepts such Sids in an MRAP
#   policy (AWS's own PrivateLink sample uses hyphens), so this is a warning.
# custom:
#   id: sid/invalid
#   severity: warning
#   access_analyzer: [UNSUPPORTED_SID]
#   remediation: Use only letters and digits, for example "ReadReports" instead of "read-reports".
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Sid": "read reports (team-a)",
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
#           "Sid": "ReadReportsTeamA",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"
#         }
#       ]
#     }
package mrapguard.rules.sid.invalid

deny contains {
	"msg": sprintf("Sid %q has characters other than A-Z, a-z and 0-9 (%s)", [sid, concat(" ", sort(bad))]),
	"path": ["Statement", i, "Sid"],
} if {
	# All Sids valid (the common case) means their concatenation is.
	not regex.match(`^[A-Za-z0-9]*$`, concat("", object.keys(input.facts.sids)))
	some sid, statements in input.facts.sids
	not regex.match(`^[A-Za-z0-9]*$`, sid)
	bad := {sprintf("%q", [c]) | some c in regex.find_n(`[^A-Za-z0-9]`, sid, -1)}
	some i in statements
}
