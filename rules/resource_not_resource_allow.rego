# METADATA
# title: NotResource with Allow
# description: |
#   "Effect": "Allow" with NotResource grants the actions on every resource
#   except the ones listed. In an MRAP policy that reaches every object the
#   MRAP serves beyond the exclusions, including prefixes created later; a
#   Resource list of what is meant is clearer and safer.
# custom:
#   id: resource/not-resource-allow
#   severity: warning
#   remediation: Use Resource with the object prefixes to allow; to carve out a prefix from a broad grant, add a Deny statement for it.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "NotResource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/secret/*"
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/public/*"
#         }
#       ]
#     }
package mrapguard.rules.resource.not_resource_allow

deny contains {
	"msg": "Allow with NotResource grants the actions on every resource except the ones listed; list the resources to allow instead",
	"path": ["Statement", i, "NotResource"],
} if {
	some i in input.facts.unusual
	input.facts.statements[i].effect == "Allow"
	"NotResource" in object.keys(input.policy.Statement[i])
}
