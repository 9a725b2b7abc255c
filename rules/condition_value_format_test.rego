package mrapguard.rules.condition.value_format_test

import data.mrapguard.rules.condition.value_format as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

bad(key, value) if count(findings({"StringEquals": {key: [value]}})) == 1

good(key, value) if count(findings({"StringEquals": {key: [value]}})) == 0

test_vpc_and_endpoint_ids if {
	findings({"StringEquals": {"aws:SourceVpce": ["vpce-1"]}}) == {{
		"msg": "StringEquals aws:SourceVpce: \"vpce-1\" is not a VPC endpoint ID (vpce- and 8 or 17 lower-case letters and digits), so no request matches it",
		"path": ["Statement", 0, "Condition", "StringEquals", "aws:SourceVpce", 0],
		"severity": "error",
	}}
	good("aws:SourceVpce", "vpce-1a2b3c4d")
	good("aws:SourceVpce", "vpce-0123456789abcdef0")
	bad("aws:SourceVpc", "vpce-1a2b3c4d")
	good("aws:SourceVpc", "vpc-111bbb22")
}

test_regions if {
	good("aws:RequestedRegion", "eu-west-1")
	bad("aws:RequestedRegion", "EU (Ireland)")
}

test_kms_key_arn if {
	# The condition compares the key's ARN: a key ID or an alias never matches.
	bad("s3:x-amz-server-side-encryption-aws-kms-key-id", "1234abcd-12ab-34cd-56ef-1234567890ab")
	bad("s3:x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:111122223333:alias/app")
	good("s3:x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	count(findings({"ArnEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": ["arn:aws:kms:us-east-1:111122223333:alias/app"]}})) == 1
}

test_service_principals_accounts_and_organizations if {
	bad("aws:PrincipalServiceName", "cloudfront")
	good("aws:PrincipalServiceName", "cloudfront.amazonaws.com")
	bad("aws:SourceAccount", "1111-2222-3333")
	good("aws:SourceAccount", "111122223333")
	count(findings({"StringEquals": {"aws:SourceAccount": [111122223333]}})) == 0
	bad("aws:PrincipalOrgID", "o-abc")
}

test_patterns_and_variables_are_not_checked if {
	count(findings({"StringLike": {"aws:SourceVpce": ["vpce-*"]}})) == 0
	good("aws:SourceVpce", "${aws:PrincipalTag/vpce}")
	count(findings({"ForAnyValue:StringLike": {"aws:CalledVia": ["*.amazonaws.com"]}})) == 0
}

test_epoch_dates_are_a_warning if {
	findings({"DateGreaterThan": {"aws:CurrentTime": ["1767225600"]}}) == {{
		"msg": "DateGreaterThan aws:CurrentTime: 1767225600 is epoch seconds, which may not resolve to the moment meant; write an ISO 8601 date such as 2026-01-31T00:00:00Z",
		"path": ["Statement", 0, "Condition", "DateGreaterThan", "aws:CurrentTime", 0],
		"severity": "warning",
	}}
	count(findings({"DateLessThan": {"aws:EpochTime": [1767225600]}})) == 0
	count(findings({"DateLessThan": {"aws:CurrentTime": ["2026-01-31T00:00:00Z"]}})) == 0
}
