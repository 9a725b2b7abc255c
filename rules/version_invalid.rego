# METADATA
# title: Version is not a policy language version
# description: |
#   The Version element names the policy language, not the policy's own
#   revision: it must be "2012-10-17" (or the legacy "2008-10-17"). AWS
#   rejects any other value, including today's date or "1".
# custom:
#   id: version/invalid
#   severity: error
#   access_analyzer: [INVALID_VERSION]
#   remediation: Set "Version" to "2012-10-17"; track your own revisions in version control or in the statement Sids.
#   bad: |
#     {
#       "Version": "2024-06-01",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
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
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.version.invalid

deny contains {
	"msg": sprintf("Version %q is not a policy language version; use \"2012-10-17\" (the Version names the language, not the policy's revision)", [v]),
	"path": ["Version"],
} if {
	v := input.policy.Version
	is_string(v)
	not v in {"2012-10-17", "2008-10-17"}
}
