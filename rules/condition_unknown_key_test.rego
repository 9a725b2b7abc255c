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
