# METADATA
# title: Condition key that needs a related key beside it
# description: |
#   Some keys let in more than they seem unless a related key is tested in
#   the same statement. aws:VpcSourceIp is the private address a request
#   comes from through a VPC endpoint - in any VPC, another account's
#   included, where 10.0.0.0/16 is just as common - so an Allow on it alone
#   lets in every network with that range; with aws:SourceVpc (or
#   aws:SourceVpce) it means your network. An aws:SourceArn without an
#   account, such as an S3 bucket's ARN, names a resource any account may
#   hold; aws:SourceAccount pins whose it is.
# custom:
#   id: condition/missing-paired-key
#   severity: warning
#   access_analyzer: [MISSING_PAIRED_CONDITION_KEYS]
#   remediation: Add the related key to the same statement's Condition, as the message says (aws:SourceVpc or aws:SourceVpce with aws:VpcSourceIp; aws:SourceAccount with an aws:SourceArn that has no account).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {
#             "IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"},
#             "StringEquals": {"aws:SourceVpc": "vpc-111bbb22"}
#           }
#         }
#       ]
#     }
package mrapguard.rules.condition.missing_paired_key

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.missing_paired_key
	some n in input.facts.condition_notes.missing_paired_key
}
