package mrapguard.rules.condition.untrusted_key_test

import data.mrapguard.rules.condition.untrusted_key as rule
import data.mrapguard.test.fixtures as f

findings(effect, condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Effect": effect, "Condition": condition})])
}

test_allow_on_referer if {
	findings("Allow", {"StringLike": {"aws:Referer": ["https://www.example.com/*"]}}) == {{
		"msg": "aws:Referer is a header the caller sets to any value, so it lets in whoever sends the expected one; grant access by who the caller is (principals, aws:PrincipalOrgID, aws:SourceVpce) instead",
		"path": ["Statement", 0, "Condition", "StringLike", "aws:Referer"],
	}}
	count(findings("Allow", {"StringEquals": {"AWS:UserAgent": ["sync"]}, "Null": {"aws:referer": ["false"]}})) == 2
}

test_deny_on_user_agent if {
	[r] := [r | some r in findings("Deny", {"StringNotLike": {"aws:UserAgent": ["internal/*"]}})]
	startswith(r.msg, "aws:UserAgent is a header the caller sets to any value, so this Deny stops only callers")
}

test_silent_on_keys_aws_sets if {
	count(findings("Allow", {"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"], "aws:SourceVpce": ["vpce-1a2b3c4d"]}})) == 0
	count(findings("Allow", {"StringEqual": {"aws:Referer": ["x"]}})) == 0
}
