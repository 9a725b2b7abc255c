# METADATA
# title: Resource is not a Multi-Region Access Point ARN
# description: |
#   Resources in an MRAP policy name the MRAP itself,
#   arn:aws:s3::ACCOUNT:accesspoint/ALIAS, or objects through it,
#   arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY - no region, a
#   12-digit account. Bucket ARNs (arn:aws:s3:::bucket/*), regional access
#   point ARNs (with a region), other services' ARNs, "*" and unresolved
#   template references (aws_s3_bucket.b.arn) match no request made through
#   the MRAP, and AWS rejects resources that do not belong to it. A wildcard
#   or a policy variable in the partition, service, region or account would
#   make the ARN name other resources, or this MRAP only for some requests.
# custom:
#   id: resource/not-mrap
#   severity: error
#   access_analyzer: [ARN_ACCOUNT_NOT_ALLOWED, ARN_REGION_NOT_ALLOWED, INVALID_ARN_ACCOUNT, INVALID_ARN_PREFIX, INVALID_ARN_REGION, INVALID_ARN_RESOURCE, INVALID_ARN_SERVICE_CASE, INVALID_PARTITION, MISSING_ARN_ACCOUNT, MISSING_ARN_FIELD, MISSING_ARN_REGION, UNSUPPORTED_RESOURCE_ARN_IN_POLICY, VARIABLE_USAGE_TOO_PERMISSIVE, WILDCARD_IN_SERVICE_NAME, WILDCARD_USAGE_TOO_PERMISSIVE]
#   remediation: Use arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY for object actions and arn:aws:s3::ACCOUNT:accesspoint/ALIAS for s3:ListBucket, with the MRAP's alias (from GetMultiRegionAccessPoint) and owner account.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": [
#             "arn:aws:s3:::amzn-s3-demo-bucket/*",
#             "arn:aws:s3:us-east-1:111122223333:accesspoint/reports/object/*"
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.resource.not_mrap

# input.facts.resources[r].problem: why Go found r not to name one MRAP
# (iam.ResourceProblem).
deny contains {"msg": f.problem, "path": p} if {
	some r, f in input.facts.resources
	f.problem
	some p in input.facts.paths.resources[r]
}

# A value a template builds partly from expressions (Fn::Sub, a Terraform
# template) fires when its known text already rules out every MRAP ARN,
# whatever the expressions turn out to be.
deny contains {"msg": msg, "path": u.path} if {
	some u in input.facts.partial_resources
	not regex.globs_match(u.glob, `arn:aws[a-z\-]*:s3::[0-9]+:accesspoint/.+`)
	msg := sprintf("%q is not an MRAP ARN whatever %s turn out to be; an MRAP policy names arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]", [u.text, concat(" and ", u.exprs)])
}
