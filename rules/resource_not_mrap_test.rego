package mrapguard.rules.resource.not_mrap_test

import data.mrapguard.rules.resource.not_mrap
import data.mrapguard.test.fixtures as f

findings(resources) := result if {
	result := {r | some r in not_mrap.deny} with input as f.input_of([f.edit({"Resource": resources})])
}

message(resource) := m if {
	[r] := [r | some r in findings([resource])]
	m := r.msg
}

test_mrap_arns_are_fine if {
	count(findings([
		f.mrap,
		f.objects,
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/2024/*",
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/a:b:c",
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/*",
		"arn:aws-cn:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
	])) == 0
}

test_bucket_arns if {
	message("arn:aws:s3:::amzn-s3-demo-bucket/*") == "\"arn:aws:s3:::amzn-s3-demo-bucket/*\" is a bucket ARN, which matches no request made through the MRAP; use arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY] (bucket ARNs belong in the bucket policy)"
	count(findings(["arn:aws:s3:::amzn-s3-demo-bucket"])) == 1
}

test_regional_access_point if {
	message("arn:aws:s3:us-east-1:111122223333:accesspoint/reports") == "\"arn:aws:s3:us-east-1:111122223333:accesspoint/reports\" is a regional access point ARN (region \"us-east-1\"); MRAP ARNs have no region: arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"
}

test_other_services if {
	message("arn:aws:s4::111122223333:accesspoint/mfzwi23gnjvgw.mrap") == "\"arn:aws:s4::111122223333:accesspoint/mfzwi23gnjvgw.mrap\" is an ARN of service \"s4\", not an S3 Multi-Region Access Point (arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY])"
	count(findings(["arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/x"])) == 1
}

test_not_arns if {
	message("aws_s3_bucket.b.arn") == "\"aws_s3_bucket.b.arn\" is not an ARN (an unresolved template reference?); an MRAP policy names arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"
	message("${aws_s3control_multi_region_access_point.example.arn}/object/*") == "\"${aws_s3control_multi_region_access_point.example.arn}/object/*\" is not an ARN (an unresolved template reference?); an MRAP policy names arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"
	message("Bucket ARN") == "\"Bucket ARN\" is not an ARN; an MRAP policy names arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"
	message("*") == "Resource \"*\" is not the MRAP's ARN; name arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"
}

test_incomplete_arn if {
	count(findings(["arn:aws:s3::111122223333"])) == 1
	count(findings(["arn:aws:s3::my-multi-region-access-point/*"])) == 1
}

test_bad_account if {
	message("arn:aws:s3::ACCOUNT_ID:accesspoint/mfzwi23gnjvgw.mrap") == "\"arn:aws:s3::ACCOUNT_ID:accesspoint/mfzwi23gnjvgw.mrap\" has account \"ACCOUNT_ID\"; the account part of an MRAP ARN is the owner's 12-digit account ID"
	count(findings(["arn:aws:s3::*:accesspoint/mfzwi23gnjvgw.mrap"])) == 1
	count(findings(["arn:aws:s3::11112222333:accesspoint/mfzwi23gnjvgw.mrap"])) == 1
}

test_object_form if {
	every r in [
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/reports/*",
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/",
		"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object",
	] {
		count(findings([r])) == 1
	}
}

test_other_s3_arns if {
	count(findings(["arn:aws:s3::111122223333:job/x"])) == 1
	count(findings(["arn:aws:s3:us-west-2:111122223333:async-request/mrap/x"])) == 1
}

test_not_resource_is_checked if {
	s := f.swap(["Resource"], {"NotResource": ["arn:aws:s3:::b/*"]})
	{r.path | some r in not_mrap.deny} == {["Statement", 0, "NotResource", 0]} with input as f.input_of([s])
}

test_one_finding_per_resource if {
	every r in ["*", "x", "arn:x", "arn:aws:s3:::b", "arn:aws:s3:eu-west-1:111122223333:accesspoint/a", "arn:aws:s3::1:accesspoint/x.mrap", "arn:aws:s3::111122223333:accesspoint/x.mrap/y"] {
		count(findings([r])) == 1
	}
}

test_silent_on_wrong_types if {
	count(findings([5])) == 0
}

partial(text, exprs, glob) := {"facts": {"partial_resources": [{"path": ["Statement", 0, "Resource", 0], "text": text, "exprs": exprs, "glob": glob}]}}

test_partial_value_that_can_never_be_an_mrap_arn if {
	inp := partial("arn:aws:s3:::${MyBucket}/*", ["${MyBucket}"], `arn:aws:s3:::.*/.*`)
	some r in not_mrap.deny with input as inp
	r.path == ["Statement", 0, "Resource", 0]
	contains(r.msg, "whatever ${MyBucket} turn out to be")
}

test_partial_value_that_can_be_an_mrap_arn if {
	inp := partial("arn:${AWS::Partition}:s3::${AWS::AccountId}:accesspoint/${Mrap.Alias}/object/*",
		["${AWS::Partition}", "${AWS::AccountId}", "${Mrap.Alias}"], `arn:.*:s3::.*:accesspoint/.*/object/.*`)
	count(not_mrap.deny) == 0 with input as inp
	count(not_mrap.deny) == 0 with input as partial("${Arn}", ["${Arn}"], `.*`)
}

# AWS's examples for INVALID_ARN_SERVICE_CASE, WILDCARD_IN_SERVICE_NAME
# ("arn:aws:*code*::111122223333:*"), MISSING_ARN_ACCOUNT and the wildcards
# of WILDCARD_USAGE_TOO_PERMISSIVE, in MRAP ARNs.
test_service_case if {
	message("arn:aws:S3::111122223333:accesspoint/mfzwi23gnjvgw.mrap") == "\"arn:aws:S3::111122223333:accesspoint/mfzwi23gnjvgw.mrap\" writes the service as \"S3\"; ARN service names are lower case: s3"
}

test_wildcards_outside_the_key if {
	contains(message("arn:aws:*code*::111122223333:*"), "has a wildcard in its service (\"*code*\"), so it would match other services' resources")
	contains(message("arn:aws:s3*::111122223333:accesspoint/mfzwi23gnjvgw.mrap"), "wildcard in its service")
	contains(message("arn:*:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"), "has a wildcard partition")
	contains(message("arn:aws:s3:*:111122223333:accesspoint/mfzwi23gnjvgw.mrap"), "has a wildcard region")
	contains(message("arn:aws:s3::*:accesspoint/mfzwi23gnjvgw.mrap/object/*"), "has a wildcard account, so it would match MRAPs of every account")
	contains(message("arn:aws:s3::1111222233??:accesspoint/mfzwi23gnjvgw.mrap"), "has a wildcard account")
}

test_missing_account if {
	message("arn:aws:s3:::accesspoint/mfzwi23gnjvgw.mrap/object/*") == "\"arn:aws:s3:::accesspoint/mfzwi23gnjvgw.mrap/object/*\" has no account; an MRAP ARN names the owner's 12-digit account ID: arn:aws:s3::ACCOUNT:accesspoint/ALIAS[/object/KEY]"
}

test_variables_outside_the_key if {
	contains(message("arn:aws:s3::${aws:PrincipalAccount}:accesspoint/mfzwi23gnjvgw.mrap/object/*"), "has ${...} in its account")
	contains(message("arn:${aws:partition}:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"), "has ${...} in its partition")
	count(findings(["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/home/${aws:userid}/*"])) == 0
}
