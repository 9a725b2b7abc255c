# METADATA
# title: Resource or NotResource is an empty list
# description: |
#   "Resource": [] names no resource, so the statement matches no request
#   through the MRAP and has no effect; it usually comes from a template
#   whose ARN list came out empty, so the grant or denial a reviewer sees in
#   the source is not in the policy. "NotResource": [] excludes nothing, so
#   the statement covers every resource.
# custom:
#   id: resource/empty
#   severity: info
#   access_analyzer: [EMPTY_ARRAY_RESOURCE]
#   remediation: Name the MRAP's ARN (for s3:ListBucket) or its object ARNs, such as arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*, or remove the statement.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": []
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
#           "Resource": ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"]
#         }
#       ]
#     }
package mrapguard.rules.resource.empty

deny contains {"msg": message[el], "path": ["Statement", i, el]} if {
	some i in input.facts.unusual
	some el in ["Resource", "NotResource"]
	input.policy.Statement[i][el] == []
}

message := {
	"Resource": "Resource is empty, so the statement covers no resource and has no effect; name the MRAP's ARN or its object ARNs, or remove the statement",
	"NotResource": "NotResource is empty, so it excludes nothing and the statement covers every resource; list the ARNs to exclude, or use Resource",
}
