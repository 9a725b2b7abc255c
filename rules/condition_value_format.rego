# METADATA
# title: Condition value in the wrong format for its key
# description: |
#   Many keys hold identifiers of one shape: aws:SourceVpce a VPC endpoint
#   ID (vpce-1a2b3c4d), aws:SourceVpc a VPC ID, aws:RequestedRegion a Region
#   code (us-east-1), s3:x-amz-server-side-encryption-aws-kms-key-id the
#   key's full ARN, aws:PrincipalServiceName a service principal,
#   aws:SourceAccount and the other account keys 12 digits,
#   aws:PrincipalOrgID an organization ID. A value of another shape - a
#   key ID for a key ARN, an endpoint's DNS name, "US East" - matches no
#   request, so the statement never applies as meant. Epoch seconds in a
#   Date condition (other than on aws:EpochTime) are accepted, but AWS
#   recommends an ISO 8601 date (warning).
# custom:
#   id: condition/value-format
#   severity: error
#   access_analyzer: [INVALID_VPC_FORMAT, INVALID_VPCE_FORMAT, INVALID_REGION, INVALID_KMS_KEY_VALUE, INVALID_SERVICE_PRINCIPAL_FORMAT, INVALID_DATE_VALUE]
#   remediation: Write the value in the key's format, as the message says; for SSE-KMS use the key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), for dates 2026-01-31T00:00:00Z.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/writer"},
#           "Action": "s3:PutObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {
#             "StringEquals": {
#               "s3:x-amz-server-side-encryption-aws-kms-key-id": "1234abcd-12ab-34cd-56ef-1234567890ab",
#               "aws:SourceVpce": "vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com"
#             }
#           }
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/writer"},
#           "Action": "s3:PutObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {
#             "StringEquals": {
#               "s3:x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
#               "aws:SourceVpce": "vpce-1a2b3c4d"
#             }
#           }
#         }
#       ]
#     }
package mrapguard.rules.condition.value_format

deny contains {"msg": n.msg, "path": n.path, "severity": n.severity} if {
	input.facts.noted.value_format
	some n in input.facts.condition_notes.value_format
}
