package mrapguard.rules.condition.unknown_key_test

import data.mrapguard.rules.condition.unknown_key
import data.mrapguard.test.fixtures as f

findings(keys) := result if {
	result := {r | some r in unknown_key.deny} with input as f.input_of([f.edit({"Condition": {"StringEquals": keys}})])
}

message(key) := m if {
	[r] := [r | some r in findings({key: ["v"]})]
	m := r.msg
}

test_known_keys_in_any_case if {
	count(findings({
		"aws:PrincipalOrgID": ["o-a1b2c3d4e5"],
		"AWS:PRINCIPALORGID": ["o-a1b2c3d4e5"],
		"aws:sourcevpce": ["vpce-1"],
		"aws:Referer": ["x"],
		"s3:prefix": ["x"],
		"S3:X-Amz-Acl": ["private"],
		"s3:DataAccessPointArn": ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"],
		"aws:PrincipalTag/team": ["a"],
		"aws:RequestTag/Cost-Center": ["a"],
		"s3:ExistingObjectTag/classification": ["public"],
		"aws:ResourceTag/x/y": ["z"],
	})) == 0
}

test_misspelled if {
	message("aws:PrincipalOrgIDs") == "\"aws:PrincipalOrgIDs\" is not a global or S3 condition key (did you mean \"aws:PrincipalOrgID\"?)"
	message("aws:SourceVpcee") == "\"aws:SourceVpcee\" is not a global or S3 condition key (did you mean \"aws:SourceVpce\"?)"
	message("s3:x-amz-server-side-encryption-key") == "\"s3:x-amz-server-side-encryption-key\" is not a global or S3 condition key"
}

test_other_services if {
	message("kms:ViaService") == "\"kms:ViaService\" is a condition key of service \"kms\"; requests through an MRAP carry only global (aws:) and S3 (s3:) keys"
}

test_not_keys if {
	message("SourceIp") == "\"SourceIp\" is not a condition key (keys are written service:Name, such as aws:PrincipalOrgID)"
}

test_empty_tag_key if {
	message("aws:PrincipalTag/") == "\"aws:PrincipalTag/\" has no tag key after the slash"
}

test_path_points_at_key if {
	{r.path | some r in findings({"aws:SourceIp": ["203.0.113.0/24"], "aws:Nope": ["x"]})} == {["Statement", 0, "Condition", "StringEquals", "aws:Nope"]}
}

test_tag_key_without_a_tag if {
	message("aws:ResourceTag") == "\"aws:ResourceTag\" needs the tag key after a slash, as in aws:ResourceTag/team"
	message("s3:ExistingObjectTag") == "\"s3:ExistingObjectTag\" needs the tag key after a slash, as in s3:ExistingObjectTag/team"
}

# IAM Access Analyzer's example (UNSUPPORTED_GLOBAL_CONDITION_KEY,
# DEPRECATED_GLOBAL_CONDITION_KEY).
test_retired_aws_arn if {
	message("aws:ARN") == "\"aws:ARN\" is no longer supported; use aws:PrincipalArn or aws:SourceArn"
}
