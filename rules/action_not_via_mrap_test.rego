package mrapguard.rules.action.not_via_mrap_test

import data.mrapguard.rules.action.not_via_mrap
import data.mrapguard.test.fixtures as f

findings(actions) := result if {
	result := {r | some r in not_via_mrap.deny} with input as f.input_of([f.edit({"Action": actions})])
}

test_bucket_configuration if {
	findings(["s3:GetObject", "s3:putbucketpolicy"]) == {{
		"msg": "s3:PutBucketPolicy cannot be performed through a Multi-Region Access Point, so this Allow grants nothing",
		"path": ["Statement", 0, "Action", 1],
	}}
}

test_object_actions_outside_the_mrap_operations if {
	every a in ["s3:GetObjectAttributes", "s3:ReplicateObject", "s3:GetObjectTorrent", "s3:PutBucketTagging", "s3:CreateMultiRegionAccessPoint"] {
		count(findings([a])) == 1
	}
}

test_mrap_actions if {
	count(findings([
		"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:AbortMultipartUpload",
		"s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListMultipartUploadParts",
		"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObjectAcl", "s3:PutObjectAcl",
		"s3:GetObjectTagging", "s3:PutObjectTagging", "s3:DeleteObjectTagging",
		"s3:GetObjectLegalHold", "s3:PutObjectLegalHold", "s3:GetObjectRetention",
		"s3:PutObjectRetention", "s3:BypassGovernanceRetention", "s3:RestoreObject",
	])) == 0
}

test_patterns if {
	[r] := [r | some r in findings(["s3:PutBucket*"])]
	startswith(r.msg, "\"s3:PutBucket*\" matches only actions that cannot be performed through a Multi-Region Access Point (s3:PutBucketAbac, s3:PutBucketAcl, s3:PutBucketCORS and ")
	count(findings(["s3:*", "*", "s3:Get*", "s3:Put*"])) == 0
}

test_deny if {
	s := f.edit({"Effect": "Deny", "Action": ["s3:DeleteBucket"]})
	[r] := [r | some r in not_via_mrap.deny] with input as f.input_of([s])
	r.msg == "s3:DeleteBucket cannot be performed through a Multi-Region Access Point, so this Deny has no effect"
}

test_unknown_actions_and_not_action_are_left_alone if {
	count(findings(["s3:CopyObject", "s3:Nope", "kms:Decrypt"])) == 0
	count(not_via_mrap.deny) == 0 with input as f.input_of([f.swap(["Action"], {"NotAction": ["s3:PutBucketPolicy"]})])
}
