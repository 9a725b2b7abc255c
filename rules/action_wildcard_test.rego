package mrapguard.rules.action.wildcard_test

import data.mrapguard.rules.action.wildcard
import data.mrapguard.test.fixtures as f

findings(actions) := result if {
	result := {r | some r in wildcard.deny} with input as f.input_of([f.edit({"Action": actions})])
}

test_star if {
	findings(["*"]) == {{"msg": "Action \"*\" grants every action of every service; list the S3 actions the principal needs", "path": ["Statement", 0, "Action", 0]}}
}

test_s3_star_in_any_case if {
	count(findings(["s3:*"])) == 1
	[r] := [r | some r in findings(["S3:*"])]
	startswith(r.msg, "\"S3:*\" grants every S3 action, including permissions management (s3:BypassGovernanceRetention, s3:PutObjectAcl, s3:PutObjectVersionAcl, s3:AssociateAccessGrantsIdentityCenter and 23 more)")
}

test_patterns_with_permissions_management if {
	findings(["s3:GetObject", "s3:PutObject*"]) == {{
		"msg": "\"s3:PutObject*\" also grants permissions-management actions: s3:PutObjectAcl, s3:PutObjectVersionAcl",
		"path": ["Statement", 0, "Action", 1],
	}}
	count(findings(["s3:*Acl"])) == 1
	[r] := [r | some r in findings(["s3:Put*"])]
	r.msg == "\"s3:Put*\" also grants permissions-management actions: s3:PutObjectAcl, s3:PutObjectVersionAcl, s3:PutAccessGrantsInstanceResourcePolicy, s3:PutAccessPointPolicy and 8 more"
	count(findings(["s3:Bypass*"])) == 1
}

test_patterns_without_permissions_management if {
	count(findings(["s3:Get*", "s3:List*", "s3:*Object", "s3:GetObject*"])) == 0
}

test_exact_permissions_management_action_is_not_a_wildcard if {
	count(findings(["s3:PutObjectAcl"])) == 0
}

test_deny_and_not_action_are_not_checked if {
	count(wildcard.deny) == 0 with input as f.input_of([f.edit({"Effect": "Deny", "Action": ["*"]})])
	count(wildcard.deny) == 0 with input as f.input_of([f.swap(["Action"], {"NotAction": ["s3:*"]})])
}
