package mrapguard.rules.action.unknown_test

import data.mrapguard.rules.action.unknown
import data.mrapguard.test.fixtures as f

findings(actions) := result if {
	result := {r | some r in unknown.deny} with input as f.input_of([f.edit({"Action": actions})])
}

message(action) := m if {
	[r] := [r | some r in findings([action])]
	m := r.msg
}

test_known_actions_in_any_case if {
	count(findings(["s3:GetObject", "s3:listbucket", "S3:PUTOBJECT", "s3:ListBucketMultipartUploads", "*"])) == 0
}

test_known_patterns if {
	count(findings(["s3:*", "s3:Get*", "s3:get*", "s3:?etObject", "s3:*Object*", "S3:List*"])) == 0
}

test_operation_names if {
	message("s3:ListObjects") == "\"s3:ListObjects\" is not an S3 action; ListObjects is an API operation, which needs s3:ListBucket"
	message("s3:ListObjectsV2") == "\"s3:ListObjectsV2\" is not an S3 action; ListObjectsV2 is an API operation, which needs s3:ListBucket"
	message("s3:HeadObject") == "\"s3:HeadObject\" is not an S3 action; HeadObject is an API operation, which needs s3:GetObject"
	message("s3:CopyObject") == "\"s3:CopyObject\" is not an S3 action; CopyObject is an API operation, which needs s3:GetObject and s3:PutObject"
	message("s3:uploadpart") == "\"s3:uploadpart\" is not an S3 action; UploadPart is an API operation, which needs s3:PutObject"
}

test_reordered_words if {
	message("s3:PutObjectAclVersion") == "\"s3:PutObjectAclVersion\" is not an S3 action (did you mean s3:PutObjectVersionAcl?)"
}

test_typo if {
	message("s3:GetObjects") == "\"s3:GetObjects\" is not an S3 action (did you mean s3:GetObject?)"
	message("s3:GetObjet") == "\"s3:GetObjet\" is not an S3 action (did you mean s3:GetObject?)"
}

test_no_suggestion if {
	message("s3:Frobnicate") == "\"s3:Frobnicate\" is not an S3 action"
}

test_not_an_action if {
	message("bla") == "\"bla\" is not an action: actions are written service:Name, such as s3:GetObject"
}

test_other_services if {
	message("s4:GetObject") == "\"s4:GetObject\" is an action of service \"s4\"; a Multi-Region Access Point policy can only cover S3 actions (s3:...)"
	count(findings(["kms:Decrypt", "s3-object-lambda:GetObject", "iam:*"])) == 3
}

test_patterns_matching_nothing if {
	message("s3:Frob*") == "\"s3:Frob*\" matches no S3 action"
	message("s3:[Get]Object*") == "\"s3:[Get]Object*\" matches no S3 action"
}

test_not_action_is_checked if {
	s := f.swap(["Action"], {"NotAction": ["s3:ListObjects"]})
	{r.path | some r in unknown.deny} == {["Statement", 0, "NotAction", 0]} with input as f.input_of([s])
}

test_path_points_at_the_action if {
	{r.path | some r in findings(["s3:GetObject", "s3:Nope"])} == {["Statement", 0, "Action", 1]}
}

test_silent_on_wrong_types if {
	count(findings([5, true])) == 0
	count(unknown.deny) == 0 with input as f.input_of([f.edit({"Action": {"a": "s3:Nope"}})])
}

# AWS's example for WILDCARD_IN_SERVICE_NAME puts the wildcard in a
# resource's service (resource/not-mrap); in an action it is the same.
test_wildcard_in_service_name if {
	[r] := [r | some r in unknown.deny] with input as f.input_of([f.edit({"Action": ["*:GetObject"]})])
	r.msg == "\"*:GetObject\" has a wildcard in the service name, so it also matches other services' actions and a reader cannot tell which it means; only S3 actions reach an MRAP: write \"s3:GetObject\""
	r.path == ["Statement", 0, "Action", 0]
	r.severity == "info"
	count(unknown.deny) == 1 with input as f.input_of([f.edit({"Action": ["s3*:Get*"]})])
	count(unknown.deny) == 1 with input as f.input_of([f.edit({"Action": ["?3:GetObject"]})])
}

test_silent_on_s3_wildcards_and_variables if {
	count(unknown.deny) == 0 with input as f.input_of([f.edit({"Action": ["s3:Get*", "S3:GetObject", "*", "s3:*"]})])
	count(unknown.deny) == 0 with input as f.input_of([f.edit({"Action": ["s3:${aws:username}"]})])
}
