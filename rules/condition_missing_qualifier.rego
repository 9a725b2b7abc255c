# METADATA
# title: Multivalued key without ForAnyValue or ForAllValues
# description: |
#   Some keys carry a set of values in one request: aws:PrincipalOrgPaths
#   (every path of the caller's account), aws:TagKeys,
#   s3:RequestObjectTagKeys, aws:CalledVia. An operator compares one
#   request value with the policy's values; for a set it needs
#   ForAnyValue: (some value of the request matches) or ForAllValues:
#   (every value does). Without one the condition does not say which, and
#   IAM Access Analyzer reports the policy as invalid - an MRAP policy
#   whose org-path or tag restriction does not hold as written.
# custom:
#   id: condition/missing-qualifier
#   severity: error
#   access_analyzer: [MISSING_QUALIFIER]
#   remediation: >-
#     Prefix the operator with ForAnyValue: (one value must match, as for aws:PrincipalOrgPaths)
#     or ForAllValues: (every value must match, as for tag keys; add a Null condition so the key
#     must be present).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.missing_qualifier

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.missing_qualifier
	some n in input.facts.condition_notes.missing_qualifier
}
