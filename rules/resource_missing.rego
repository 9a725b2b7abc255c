# METADATA
# title: Statement has no Resource
# description: |
#   Every statement of a resource policy needs Resource (or NotResource);
#   AWS rejects a statement without one. In an MRAP policy it names the MRAP
#   (arn:aws:s3::ACCOUNT:accesspoint/ALIAS) or objects through it
#   (arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY).
# custom:
#   id: resource/missing
#   severity: error
#   access_analyzer: [MISSING_RESOURCE]
#   remediation: Add a Resource with the MRAP's object ARN pattern (for object actions) or the MRAP ARN itself (for s3:ListBucket).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject"
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
package mrapguard.rules.resource.missing

deny contains {
	"msg": "statement has neither Resource nor NotResource; name the MRAP ARN or its object ARNs",
	"path": ["Statement", i],
} if {
	some i in input.facts.unusual
	elements := object.keys(input.policy.Statement[i])
	not "Resource" in elements
	not "NotResource" in elements
}
