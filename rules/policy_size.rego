# METADATA
# title: Policy is over the size limit
# description: |
#   AWS refuses resource policies over 20 KB (20480 bytes, whitespace
#   included) and publishes no other figure for Multi-Region Access Points;
#   mrapguard uses that limit unless configured otherwise. A policy that
#   grew to the limit usually lists single objects or principals that a
#   prefix, a role or an organization condition would cover.
#   The examples are shown with a 256-byte limit to keep them short.
# custom:
#   id: policy/size
#   severity: error
#   access_analyzer: [POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA]
#   remediation: Shrink the policy - merge statements, grant prefixes (object/reports/*) instead of single keys, grant roles or use aws:PrincipalOrgID instead of listing accounts, drop indentation.
#   example_input:
#     size_limit: 256
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/2024.csv",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/2025.csv"
#           ]
#         }
#       ]
#     }
#   good: |
#     {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/reader"},"Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"}]}
package mrapguard.rules.policy.size

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "policy/size"
}
