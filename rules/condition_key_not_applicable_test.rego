package mrapguard.rules.condition.key_not_applicable_test

import data.mrapguard.rules.condition.key_not_applicable
import data.mrapguard.test.fixtures as f

findings(actions, keys) := result if {
	result := {r | some r in key_not_applicable.deny} with input as f.input_of([f.edit({"Action": actions, "Condition": {"StringEquals": keys}})])
}

test_prefix_on_get_object if {
	findings(["s3:GetObject"], {"s3:prefix": ["reports/"]}) == {{
		"msg": "s3:prefix is not present in requests for s3:GetObject, so this condition tests a key that is never there",
		"path": ["Statement", 0, "Condition", "StringEquals", "s3:prefix"],
	}}
}

test_applicable_keys if {
	count(findings(["s3:ListBucket"], {"s3:prefix": ["reports/"], "S3:Max-Keys": ["10"], "s3:delimiter": ["/"]})) == 0
	count(findings(["s3:PutObject"], {"s3:x-amz-acl": ["private"], "s3:x-amz-server-side-encryption": ["aws:kms"]})) == 0
	count(findings(["s3:GetObject"], {"s3:ExistingObjectTag/classification": ["public"]})) == 0
}

test_access_point_keys_apply_to_every_mrap_action if {
	count(findings(["s3:ListBucketMultipartUploads", "s3:AbortMultipartUpload"], {"s3:DataAccessPointAccount": ["111122223333"]})) == 0
}

test_keys_from_resource_types if {
	# s3:DataAccessPointArn comes from the accesspointobject resource type
	count(findings(["s3:GetObject"], {"s3:DataAccessPointArn": ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"]})) == 0
}

test_one_action_that_carries_the_key_is_enough if {
	count(findings(["s3:GetObject", "s3:ListBucket"], {"s3:prefix": ["reports/"]})) == 0
	count(findings(["s3:*"], {"s3:prefix": ["reports/"]})) == 0
	count(findings(["*"], {"s3:prefix": ["reports/"]})) == 0
}

test_message_lists_a_few_actions if {
	[r] := [r | some r in findings(["s3:Get*", "s3:RestoreObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], {"s3:x-amz-acl": ["private"]})]
	r.msg == "s3:x-amz-acl is not present in requests for s3:AbortMultipartUpload, s3:DeleteObject, s3:Get* and 1 more, so this condition tests a key that is never there"
}

test_patterns if {
	count(findings(["s3:Put*"], {"s3:x-amz-acl": ["private"]})) == 0
	count(findings(["s3:*Acl"], {"s3:x-amz-acl": ["private"]})) == 0
	count(findings(["s3:Get*"], {"s3:prefix": ["x"]})) == 1
}

test_keys_nearly_every_action_carries if {
	count(findings(["s3:GetObject"], {"s3:authType": ["REST-HEADER"], "s3:TlsVersion": ["1.2"]})) == 0
}

test_global_and_unknown_keys_are_skipped if {
	count(findings(["s3:GetObject"], {"aws:SourceVpce": ["vpce-1"], "aws:ResourceTag/x": ["y"], "s3:nope": ["x"]})) == 0
}

test_statements_without_known_actions_are_skipped if {
	count(findings(["s3:Nope"], {"s3:prefix": ["x"]})) == 0
	s := f.swap(["Action"], {"NotAction": ["s3:ListBucket"], "Condition": {"StringEquals": {"s3:prefix": ["x"]}}})
	count(key_not_applicable.deny) == 0 with input as f.input_of([s])
}
