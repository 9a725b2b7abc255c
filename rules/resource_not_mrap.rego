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

deny contains {"msg": msg, "path": p} if {
	some r, f in input.facts.resources
	not f.concrete
	msg := problem(r, f)
	some p in input.facts.paths.resources[r]
}

# A value a template builds partly from expressions (Fn::Sub, a Terraform
# template) fires when its known text already rules out every MRAP ARN,
# whatever the expressions turn out to be.
deny contains {"msg": msg, "path": u.path} if {
	some u in input.facts.partial_resources
	not regex.globs_match(u.glob, mrap_glob)
	msg := sprintf("%q is not an MRAP ARN whatever %s turn out to be; an MRAP policy names %s", [u.text, concat(" and ", u.exprs), form])
}

mrap_glob := `arn:aws[a-z\-]*:s3::[0-9]+:accesspoint/.+`

form := "arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"

# problem explains why a Resource value (with its facts f) is not an MRAP
# ARN; undefined for the cases other rules own (an MRAP ARN whose alias is
# malformed).
problem(r, f) := sprintf("Resource \"*\" is not the MRAP's ARN; name %s", [form]) if {
	r == "*"
} else := sprintf("%q has ${...} in its %s: as a policy variable it makes the ARN name this MRAP only for requests whose value happens to match, and as a template placeholder it was left unfilled; write the fixed %s (%s)", [r, f.variable_in, f.variable_in, form]) if {
	f.variable_in != "alias"
} else := sprintf("%q is not an ARN%s; an MRAP policy names %s", [r, reference_hint(r), form]) if {
	not startswith(r, "arn:")
} else := sprintf("%q is not a complete ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE); an MRAP policy names %s", [r, form]) if {
	f.arn == null
} else := sprintf("%q has a wildcard partition, so it would match ARNs of every partition; write aws (aws-cn or aws-us-gov in those partitions)", [r]) if {
	wildcard(f.arn.partition)
} else := sprintf("%q has partition %q, which is not an AWS partition", [r, f.arn.partition]) if {
	not f.arn.valid_partition
} else := sprintf("%q writes the service as %q; ARN service names are lower case: s3", [r, f.arn.service]) if {
	lower(f.arn.service) == "s3"
	f.arn.service != "s3"
} else := sprintf("%q has a wildcard in its service (%q), so it would match other services' resources; an MRAP ARN names the service s3", [r, f.arn.service]) if {
	wildcard(f.arn.service)
} else := sprintf("%q is an ARN of service %q, not an S3 Multi-Region Access Point (%s)", [r, f.arn.service, form]) if {
	f.arn.service != "s3"
} else := sprintf("%q has a wildcard region; MRAP ARNs have no region: %s", [r, form]) if {
	wildcard(f.arn.region)
} else := sprintf("%q has no account; an MRAP ARN names the owner's 12-digit account ID: %s", [r, form]) if {
	f.arn.account == ""
	startswith(f.arn.resource, "accesspoint/")
} else := sprintf("%q is a bucket ARN, which matches no request made through the MRAP; use %s (bucket ARNs belong in the bucket policy)", [r, form]) if {
	f.arn.region == ""
	f.arn.account == ""
} else := sprintf("%q is a regional access point ARN (region %q); MRAP ARNs have no region: %s", [r, f.arn.region, form]) if {
	f.arn.region != ""
	startswith(f.arn.resource, "accesspoint/")
} else := sprintf("%q is not an MRAP ARN: MRAP ARNs have no region and look like %s", [r, form]) if {
	f.mrap == null
} else := sprintf("%q has a wildcard account, so it would match MRAPs of every account; name the owner's 12-digit account ID", [r]) if {
	wildcard(f.mrap.account)
} else := sprintf("%q has account %q; the account part of an MRAP ARN is the owner's 12-digit account ID", [r, f.mrap.account]) if {
	not f.mrap.valid_account
} else := sprintf("%q does not name objects the MRAP way: object ARNs are arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY", [r]) if {
	count(f.forms) == 0
}

wildcard(s) if regex.match(`[*?]`, s)

reference_hint(r) := " (an unresolved template reference?)" if {
	regex.match(`\$\{|\{\{|^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_*\[\]-]+){2,}$|^!?(Ref|GetAtt|Sub)\b`, r)
} else := ""
