package mrapguard.rules.condition.value_type_test

import data.mrapguard.rules.condition.value_type
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in value_type.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

bad(op, key, value) if count(findings({op: {key: [value]}})) == 1

good(op, key, value) if count(findings({op: {key: [value]}})) == 0

test_bool if {
	good("Bool", "aws:SecureTransport", "true")
	good("Bool", "aws:SecureTransport", false)
	good("Bool", "aws:SecureTransport", "False")
	good("BoolIfExists", "aws:MultiFactorAuthPresent", "false")
	findings({"Bool": {"aws:SecureTransport": ["yes"]}}) == {{
		"msg": "Bool aws:SecureTransport: Bool takes true or false, not \"yes\"",
		"path": ["Statement", 0, "Condition", "Bool", "aws:SecureTransport", 0],
	}}
	bad("Bool", "aws:SecureTransport", 1)
}

test_null if {
	good("Null", "aws:PrincipalOrgID", "false")
	good("Null", "s3:x-amz-server-side-encryption", true)
	bad("Null", "aws:PrincipalOrgID", "no")
}

test_numeric if {
	good("NumericLessThan", "s3:max-keys", "10")
	good("NumericLessThan", "s3:max-keys", 10)
	good("NumericGreaterThanEquals", "s3:TlsVersion", "1.2")
	good("NumericLessThan", "aws:MultiFactorAuthAge", "-1")
	bad("NumericLessThan", "s3:max-keys", "ten")
	bad("NumericLessThan", "s3:max-keys", "1e3")
}

test_date if {
	good("DateGreaterThan", "aws:CurrentTime", "2026-01-31T00:00:00Z")
	good("DateGreaterThan", "aws:CurrentTime", "2026-01-31")
	good("DateGreaterThan", "aws:CurrentTime", "2026-01-31T12:30:00.123+02:00")
	good("DateLessThan", "aws:EpochTime", "1767225600")
	good("DateLessThan", "aws:EpochTime", 1767225600)
	bad("DateGreaterThan", "aws:CurrentTime", "31/01/2026")
	bad("DateGreaterThan", "aws:CurrentTime", "2026-13-01")
	bad("DateGreaterThan", "aws:CurrentTime", "tomorrow")
}

test_ip if {
	good("IpAddress", "aws:SourceIp", "203.0.113.0/24")
	good("IpAddress", "aws:SourceIp", "203.0.113.7")
	good("NotIpAddress", "aws:SourceIp", "2001:db8::/32")
	good("IpAddress", "aws:SourceIp", "2001:DB8:1234:5678:9abc:def0:1234:5678")
	good("IpAddress", "aws:SourceIp", "::1")
	bad("IpAddress", "aws:SourceIp", "203.0.113.0/33")
	bad("IpAddress", "aws:SourceIp", "203.0.113.256")
	bad("IpAddress", "aws:SourceIp", "203.0.113")
	bad("IpAddress", "aws:SourceIp", "2001:db8::1::2")
	bad("IpAddress", "aws:SourceIp", "2001:db8::/129")
	bad("IpAddress", "aws:SourceIp", "10.0.0.0/8, 192.168.0.0/16")
	bad("IpAddress", "aws:SourceIp", "")
}

test_arn if {
	good("ArnEquals", "aws:SourceArn", "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE")
	good("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/app-*")
	good("ArnLike", "aws:PrincipalArn", "*")
	good("ArnEquals", "aws:PrincipalArn", "*")
	bad("ArnEquals", "aws:SourceArn", "111122223333")
	bad("ArnLike", "aws:SourceArn", "arn:aws:s3")
}

test_binary if {
	good("BinaryEquals", "aws:UserAgent", "QmluYXJ5VmFsdWU=")
	bad("BinaryEquals", "aws:UserAgent", "not base64!")
}

test_string_operators_take_any_scalar if {
	good("StringEquals", "aws:PrincipalAccount", "111122223333")
	good("StringEquals", "aws:PrincipalAccount", 111122223333)
	good("StringLike", "aws:UserAgent", true)
}

test_policy_variables if {
	good("NumericLessThan", "s3:max-keys", "${aws:PrincipalTag/limit}")
	good("DateLessThan", "aws:CurrentTime", "${aws:TokenIssueTime}")
}

test_non_scalar_values_are_left_to_policy_structure if {
	good("StringEquals", "aws:PrincipalAccount", {"a": 1})
	good("Bool", "aws:SecureTransport", ["true"])
	good("IpAddress", "aws:SourceIp", {"a": 1})
}

test_operator_key_mismatch if {
	findings({"IpAddress": {"aws:SourceVpce": ["203.0.113.0/24"]}}) == {{
		"msg": "IpAddress compares IP addresses, but aws:SourceVpce is a String key; use a String operator",
		"path": ["Statement", 0, "Condition", "IpAddress", "aws:SourceVpce"],
	}}
	count(findings({"NumericEquals": {"aws:PrincipalAccount": ["111122223333"]}})) == 1
	count(findings({"Bool": {"aws:PrincipalOrgID": ["true"]}})) == 1
	count(findings({"ArnEquals": {"aws:PrincipalAccount": ["arn:aws:iam::111122223333:root"]}})) == 1
	count(findings({"DateLessThan": {"aws:PrincipalAccount": ["2026-01-01"]}})) == 1
}

test_compatible_families if {
	count(findings({
		"ArnLike": {"aws:SourceVpcArn": ["arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1"]},
		"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/*"]},
		"NumericLessThan": {"aws:EpochTime": ["1767225600"]},
		"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"]},
		"Null": {"aws:SourceIp": ["false"]},
		"DateGreaterThan": {"aws:TokenIssueTime": ["2026-01-01T00:00:00Z"]},
	})) == 0
}

test_unknown_operators_and_keys_are_skipped if {
	count(findings({"StringEqual": {"aws:SourceIp": ["x"]}, "IpAddress": {"aws:Nope": ["203.0.113.0/24"]}})) == 0
}

test_mixed_json_types if {
	findings({"StringEquals": {"s3:x-amz-acl": ["private", 1]}}) == {{
		"msg": "StringEquals s3:x-amz-acl mixes string and number values; write them all in one JSON type, the one StringEquals compares",
		"path": ["Statement", 0, "Condition", "StringEquals", "s3:x-amz-acl"],
	}}
	count(findings({"NumericLessThan": {"s3:max-keys": ["10", 20]}})) == 1
	count(findings({"StringEquals": {"s3:x-amz-acl": ["private", "bucket-owner-full-control"]}})) == 0
}

test_several_booleans if {
	# Several values, even one twice, and mixed types: two findings.
	findings({"Bool": {"aws:SecureTransport": ["true", false]}}) == {
		{
			"msg": "Bool aws:SecureTransport takes one value, true or false; with several it matches whatever the request says",
			"path": ["Statement", 0, "Condition", "Bool", "aws:SecureTransport"],
		},
		{
			"msg": "Bool aws:SecureTransport mixes string and boolean values; write them all in one JSON type, the one Bool compares",
			"path": ["Statement", 0, "Condition", "Bool", "aws:SecureTransport"],
		},
	}
	count(findings({"BoolIfExists": {"aws:MultiFactorAuthPresent": ["true", "true"]}})) == 1
	count(findings({"Bool": {"aws:SecureTransport": ["true"]}})) == 0
}

test_string_operators_on_typed_keys_are_a_warning if {
	findings({"StringEquals": {"s3:TlsVersion": ["1.2"]}}) == {{
		"msg": "StringEquals compares s3:TlsVersion as text, but it is a Numeric key, so equal values written differently do not match; use a Numeric operator",
		"path": ["Statement", 0, "Condition", "StringEquals", "s3:TlsVersion"],
		"severity": "warning",
	}}
	count(findings({"StringLike": {"aws:SourceIp": ["203.0.113.*"]}})) == 1
	count(findings({"StringEquals": {"aws:SecureTransport": ["true"]}})) == 1
	count(findings({"StringNotEqualsIfExists": {"aws:CurrentTime": ["2026-01-01"]}})) == 1
	count(findings({"StringEquals": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/x"]}})) == 0
}
