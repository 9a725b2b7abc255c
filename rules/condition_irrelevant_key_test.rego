package mrapguard.rules.condition.irrelevant_key_test

import data.mrapguard.rules.condition.irrelevant_key as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

test_resource_account if {
	findings({"StringEquals": {"aws:ResourceAccount": ["111122223333"]}}) == {{
		"msg": "aws:ResourceAccount is the same in every request this MRAP's policy sees - the owner's account (111122223333) or its organization - so the condition is always true or always false; remove it, or test the caller (aws:PrincipalAccount, aws:PrincipalOrgID)",
		"path": ["Statement", 0, "Condition", "StringEquals", "aws:ResourceAccount"],
	}}
	count(findings({"StringEquals": {"s3:ResourceAccount": ["111122223333"], "aws:ResourceOrgID": ["o-a1b2c3d4e5"]}, "ForAnyValue:StringLike": {"aws:ResourceOrgPaths": ["o-a1b2c3d4e5/*"]}})) == 3
}

test_owner_unknown if {
	s := f.edit({"Resource": ["*"], "Condition": {"StringNotEquals": {"aws:ResourceAccount": ["111122223333"]}}})
	[r] := [r | some r in rule.deny] with input as f.input_of([s])
	contains(r.msg, "the owner's account or its organization")
}

test_silent_on_caller_keys if {
	count(findings({"StringEquals": {"aws:PrincipalAccount": ["111122223333"], "aws:SourceAccount": ["111122223333"], "aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}})) == 0
}
