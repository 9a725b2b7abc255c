# METADATA
# title: Resource is not a Multi-Region Access Point ARN
# description: |
#   Resources in an MRAP policy name the MRAP itself,
#   arn:aws:s3::ACCOUNT:accesspoint/ALIAS, or objects through it,
#   arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY - no region, a
#   12-digit account. Bucket ARNs (arn:aws:s3:::bucket/*), regional access
#   point ARNs (with a region), other services' ARNs, "*" and unresolved
#   template references (aws_s3_bucket.b.arn) match no request made through
#   the MRAP, and AWS rejects resources that do not belong to it.
# custom:
#   id: resource/not-mrap
#   severity: error
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

import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {"msg": msg, "path": ["Statement", i, element, j]} if {
	some i, s in policy.statements
	some element in ["Resource", "NotResource"]
	is_array(s[element])
	some j, r in s[element]
	is_string(r)
	msg := problem(r)
}

form := "arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"

problem("*") := sprintf("Resource \"*\" is not the MRAP's ARN; name %s", [form])

problem(r) := sprintf("%q is not an ARN%s; an MRAP policy names %s", [r, reference_hint(r), form]) if {
	r != "*"
	not startswith(r, "arn:")
}

problem(r) := sprintf("%q is not a complete ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE); an MRAP policy names %s", [r, form]) if {
	startswith(r, "arn:")
	not iam.arn(r)
}

problem(r) := sprintf("%q has partition %q, which is not an AWS partition", [r, a.partition]) if {
	a := iam.arn(r)
	not iam.valid_partition(a.partition)
}

problem(r) := sprintf("%q is an ARN of service %q, not an S3 Multi-Region Access Point (%s)", [r, a.service, form]) if {
	a := iam.arn(r)
	iam.valid_partition(a.partition)
	a.service != "s3"
}

problem(r) := sprintf("%q is a bucket ARN, which matches no request made through the MRAP; use %s (bucket ARNs belong in the bucket policy)", [r, form]) if {
	a := iam.arn(r)
	iam.valid_partition(a.partition)
	a.service == "s3"
	a.region == ""
	a.account == ""
}

problem(r) := sprintf("%q is a regional access point ARN (region %q); MRAP ARNs have no region: %s", [r, a.region, form]) if {
	a := iam.arn(r)
	iam.valid_partition(a.partition)
	a.service == "s3"
	a.region != ""
	startswith(a.resource, "accesspoint/")
}

problem(r) := sprintf("%q is not an MRAP ARN: MRAP ARNs have no region and look like %s", [r, form]) if {
	a := iam.arn(r)
	iam.valid_partition(a.partition)
	a.service == "s3"
	not mrap_like(a)
	not regional_access_point(a)
	not bucket_like(a)
}

problem(r) := sprintf("%q has account %q; the account part of an MRAP ARN is the owner's 12-digit account ID", [r, m.account]) if {
	m := iam.mrap_arn(r)
	not iam.is_account_id(m.account)
}

problem(r) := sprintf("%q does not name objects the MRAP way: object ARNs are arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY", [r]) if {
	m := iam.mrap_arn(r)
	m.suffix != ""
	count(iam.mrap_forms(r)) == 0
}

mrap_like(a) if {
	a.region == ""
	startswith(a.resource, "accesspoint/")
}

regional_access_point(a) if {
	a.region != ""
	startswith(a.resource, "accesspoint/")
}

bucket_like(a) if {
	a.region == ""
	a.account == ""
}

reference_hint(r) := " (an unresolved template reference?)" if {
	regex.match(`\$\{|\{\{|^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_*\[\]-]+){2,}$|^!?(Ref|GetAtt|Sub)\b`, r)
} else := ""
