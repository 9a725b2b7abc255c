# METADATA
# title: Private address in aws:SourceIp
# description: |
#   aws:SourceIp holds the public address a request comes from. A request
#   from a private network (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16,
#   fc00::/7) reaches S3 through a VPC endpoint, and then aws:SourceIp
#   holds no such address: aws:VpcSourceIp carries it. So IpAddress with
#   only private ranges never matches - an Allow grants nothing, a Deny
#   denies nothing - and NotIpAddress with only private ranges always
#   matches. A private range among public ones only does nothing (info).
# custom:
#   id: condition/private-ip
#   severity: error
#   access_analyzer: [PRIVATE_IP_ADDRESS, PRIVATE_NOT_IP_ADDRESS, PRIVATE_IP_ADDRESS_SUBSET, PRIVATE_NOT_IP_ADDRESS_SUBSET]
#   remediation: >-
#     For private networks test aws:VpcSourceIp together with aws:SourceVpc or aws:SourceVpce
#     (the VPC or endpoint the request comes through); keep aws:SourceIp for public addresses.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/16"}}
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {
#             "IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"},
#             "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}
#           }
#         }
#       ]
#     }
package mrapguard.rules.condition.private_ip

deny contains {"msg": n.msg, "path": n.path, "severity": n.severity} if {
	input.facts.noted.private_ip
	some n in input.facts.condition_notes.private_ip
}
