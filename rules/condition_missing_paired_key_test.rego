package mrapguard.rules.condition.missing_paired_key_test

import data.mrapguard.rules.condition.missing_paired_key as rule
import data.mrapguard.test.fixtures as f

findings(effect, condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Effect": effect, "Condition": condition})])
}

# AWS's example (IAM Access Analyzer, MISSING_PAIRED_CONDITION_KEYS).
test_vpc_source_ip_alone if {
	findings("Allow", {"IpAddress": {"aws:VpcSourceIp": ["10.0.0.0/16"]}}) == {{
		"msg": "aws:VpcSourceIp alone lets in more than it seems: it is an address in any VPC, another account's included; test aws:SourceVpc or aws:SourceVpce too in this statement",
		"path": ["Statement", 0, "Condition", "IpAddress", "aws:VpcSourceIp"],
	}}
}

test_source_arn_without_account if {
	[r] := [r | some r in findings("Allow", {"ArnEquals": {"aws:SourceArn": ["arn:aws:s3:::logs-bucket"]}})]
	r.msg == "aws:SourceArn alone lets in more than it seems: \"arn:aws:s3:::logs-bucket\" has no account, and a resource of that name may be another account's; test aws:SourceAccount too in this statement"
}

test_silent_with_the_pair if {
	count(findings("Allow", {"IpAddress": {"aws:VpcSourceIp": ["10.0.0.0/16"]}, "StringEquals": {"aws:SourceVpc": ["vpc-111bbb22"]}})) == 0
	count(findings("Allow", {"IpAddress": {"aws:VpcSourceIp": ["10.0.0.0/16"]}, "StringEquals": {"AWS:SOURCEVPCE": ["vpce-1a2b3c4d"]}})) == 0
	count(findings("Allow", {"ArnEquals": {"aws:SourceArn": ["arn:aws:s3:::logs-bucket"]}, "StringEquals": {"aws:SourceAccount": ["111122223333"]}})) == 0
	count(findings("Allow", {"ArnEquals": {"aws:SourceArn": ["arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"]}})) == 0
}

test_silent_in_deny_and_negated if {
	count(findings("Deny", {"NotIpAddress": {"aws:VpcSourceIp": ["10.0.0.0/16"]}})) == 0
	count(findings("Allow", {"NotIpAddress": {"aws:VpcSourceIp": ["10.0.0.0/16"]}})) == 0
	count(findings("Allow", {"IpAddressIfExists": {"aws:VpcSourceIp": ["10.0.0.0/16"]}})) == 0
}
