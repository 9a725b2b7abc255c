package mrapguard.rules.resource.action_mismatch_test

import data.mrapguard.rules.resource.action_mismatch
import data.mrapguard.test.fixtures as f

findings(actions, resources) := result if {
	result := {r | some r in action_mismatch.deny} with input as f.input_of([f.edit({"Action": actions, "Resource": resources})])
}

test_list_bucket_on_objects_only if {
	findings(["s3:GetObject", "s3:ListBucket"], [f.objects]) == {{
		"msg": "\"s3:ListBucket\" applies to the MRAP ARN itself (arn:aws:s3::ACCOUNT:accesspoint/ALIAS), but the statement's resources are only object ARNs (arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY), so it grants nothing here",
		"path": ["Statement", 0, "Action", 1],
	}}
}

test_object_actions_on_mrap_arn_only if {
	{r.path | some r in findings(["s3:GetObject", "s3:putobject", "s3:ListBucket"], [f.mrap])} == {["Statement", 0, "Action", 0], ["Statement", 0, "Action", 1]}
}

test_both_forms if {
	count(findings(["s3:GetObject", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListMultipartUploadParts"], [f.mrap, f.objects])) == 0
}

test_wildcard_resources_cover_both_forms if {
	count(findings(["s3:GetObject", "s3:ListBucket"], ["*"])) == 0
	count(findings(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3::111122223333:accesspoint/*"])) == 0
	count(findings(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.*"])) == 0
}

test_object_wildcard_suffix if {
	{r.path | some r in findings(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/*"])} == {["Statement", 0, "Action", 1]}
}

test_action_patterns_need_one_matching_form if {
	# s3:List* includes s3:ListMultipartUploadParts (object form)
	count(findings(["s3:List*"], [f.objects])) == 0
	count(findings(["s3:*"], [f.mrap])) == 0
	count(findings(["s3:ListBucket*"], [f.objects])) == 1
	count(findings(["s3:Get*"], [f.mrap])) == 1
}

test_deny_statements_are_checked if {
	count(action_mismatch.deny) == 1 with input as f.input_of([f.edit({"Effect": "Deny", "Resource": [f.mrap]})])
}

test_silent_when_a_resource_is_not_an_mrap_arn if {
	count(findings(["s3:ListBucket"], [f.objects, "arn:aws:s3:::bucket"])) == 0
	count(findings(["s3:GetObject"], [])) == 0
	count(findings(["s3:GetObject"], ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/reports/x"])) == 0
}

test_silent_on_actions_not_via_mrap_or_unknown if {
	count(findings(["s3:PutBucketPolicy", "s3:Nope", "kms:Decrypt"], [f.objects])) == 0
}

test_not_resource_is_not_checked if {
	count(action_mismatch.deny) == 0 with input as f.input_of([f.swap(["Resource"], {"NotResource": [f.mrap]})])
}
