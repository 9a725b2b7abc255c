# METADATA
# title: CIDR block with bits set past its prefix length
# description: |
#   In "203.0.113.7/24" the /24 says the first 24 bits are the network;
#   IAM ignores the bits after them, so the block is 203.0.113.0/24 - all
#   256 addresses, not the one address it seems to name. Writing the block
#   as IAM reads it shows reviewers how much of the network the MRAP
#   policy lets in.
# custom:
#   id: condition/ip-host-bits
#   severity: info
#   access_analyzer: [IMPROVE_IP_RANGE]
#   remediation: Write the block with the bits after the prefix length cleared (203.0.113.0/24), or give the single address without a mask (203.0.113.7) if that is what you meant.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}
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
#           "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}
#         }
#       ]
#     }
package mrapguard.rules.condition.ip_host_bits

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.ip_host_bits
	some n in input.facts.condition_notes.ip_host_bits
}
