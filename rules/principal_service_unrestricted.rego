# METADATA
# title: Service principal not restricted to the owner's source
# description: |
#   A service principal such as cloudfront.amazonaws.com acts for whichever
#   resource or account configured it, in any account. An Allow to it
#   without a condition on aws:SourceArn or aws:SourceAccount (or
#   aws:SourceOrgID, aws:SourceOrgPaths) lets another account point the
#   same service at this MRAP and read or write through it - the confused
#   deputy problem; keys such as aws:Referer or aws:SourceIp do not say
#   whom the service acts for. Keys that describe an IAM identity
#   (aws:PrincipalOrgID, aws:PrincipalTag/..., aws:username) are never in
#   a service principal's requests: a statement for service principals
#   alone that tests them never matches, or under IfExists or a negated
#   operator never restricts.
# custom:
#   id: principal/service-unrestricted
#   severity: error
#   access_analyzer: [RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL, RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL, UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL]
#   remediation: >-
#     Add "StringEquals": {"aws:SourceArn": "ARN of your resource that uses the service"}
#     (for CloudFront, the distribution's ARN) or aws:SourceAccount with your account ID,
#     and drop conditions on keys service principals do not carry.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"Service": "cloudfront.amazonaws.com"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"Service": "cloudfront.amazonaws.com"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}
#         }
#       ]
#     }
package mrapguard.rules.principal.service_unrestricted

# input.facts.service_principals: what Go found about the statements that
# name service principals (iam.RestrictsSource, iam.ServicePrincipalLacks).
deny contains {"msg": e.msg, "path": e.path} if {
	input.facts.noted.service_principals
	some e in input.facts.service_principals
}
