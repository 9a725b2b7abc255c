# METADATA
# title: MRAP alias is malformed
# description: |
#   MRAP ARNs use the access point's alias, which AWS generates at creation:
#   lower-case letters and digits ending in ".mrap" (mfzwi23gnjvgw.mrap).
#   The MRAP's name (my-mrap), capital letters, placeholders left from an
#   example (MultiRegionAccessPoint_alias) and wildcards do not name the
#   MRAP, so the statement matches no request and AWS rejects the resource.
# custom:
#   id: resource/alias-format
#   severity: error
#   access_analyzer: [INVALID_ARN_RESOURCE, VARIABLE_USAGE_TOO_PERMISSIVE, WILDCARD_USAGE_TOO_PERMISSIVE]
#   remediation: Use the alias that GetMultiRegionAccessPoint returns (aws s3control get-multi-region-access-point --account-id ACCOUNT --name NAME), not the name.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/my-mrap/object/*"
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
package mrapguard.rules.resource.alias_format

# input.facts.resources[r].alias_problem: why Go found the alias of the
# MRAP ARN r malformed (iam.AliasProblem).
deny contains {"msg": f.alias_problem, "path": p} if {
	some r, f in input.facts.resources
	f.alias_problem
	some p in input.facts.paths.resources[r]
}
