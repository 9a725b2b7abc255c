# METADATA
# title: Resource already covered by another in the same list
# description: |
#   An ARN that another value of the same Resource (or NotResource) list
#   already covers - .../object/reports/2024/* beside .../object/reports/*,
#   or the same ARN twice - changes nothing. It makes the list longer to
#   review and suggests a narrower grant than the wildcard gives: the
#   wildcard also covers every object created later under its prefix.
# custom:
#   id: resource/redundant
#   severity: info
#   access_analyzer: [REDUNDANT_RESOURCE]
#   remediation: Remove the covered ARN; if the wildcard is broader than intended, list only the ARNs that should be covered.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/2024/*",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"
#           ]
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
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/2024/*",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/exports/*"
#           ]
#         }
#       ]
#     }
package mrapguard.rules.resource.redundant

# input.facts.redundant_resources: the values Go found covered by another
# value of their list.
deny contains {"msg": r.msg, "path": r.path} if {
	input.facts.noted.redundant_resources
	some r in input.facts.redundant_resources
}
