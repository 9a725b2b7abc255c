# METADATA
# title: Policy uses the 2008-10-17 language version
# description: |
#   Version 2008-10-17 is the original policy language. It lacks policy
#   variables (${aws:username} stays literal text) and some newer features;
#   AWS recommends 2012-10-17 for every new policy.
# custom:
#   id: version/legacy
#   severity: warning
#   remediation: Set "Version" to "2012-10-17"; check that no string contains a literal "${" meant as text.
#   bad: |
#     {
#       "Version": "2008-10-17",
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
package mrapguard.rules.version.legacy

deny contains {
	"msg": "Version 2008-10-17 is the legacy policy language: policy variables such as ${aws:username} are literal text; use \"2012-10-17\"",
	"path": ["Version"],
} if {
	input.policy.Version == "2008-10-17"
}
