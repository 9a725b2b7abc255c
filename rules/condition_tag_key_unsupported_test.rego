package mrapguard.rules.condition.tag_key_unsupported_test

import data.mrapguard.rules.condition.tag_key_unsupported as rule
import data.mrapguard.test.fixtures as f

findings(effect, actions, condition) := result if {
	s := f.edit({"Effect": effect, "Action": actions, "Condition": condition})
	result := {r | some r in rule.deny} with input as f.input_of([s])
}

confidential := {"StringEquals": {"s3:ExistingObjectTag/classification": ["confidential"]}}

test_deny_that_misses_actions if {
	findings("Deny", ["s3:GetObject", "s3:DeleteObject", "s3:PutObject"], confidential) == {{
		"msg": "this Deny never denies s3:DeleteObject, s3:PutObject whatever the tags: their requests carry no s3:ExistingObjectTag/classification, and StringEquals is false without it; deny them in a statement of their own, without this condition",
		"path": ["Statement", 0, "Condition", "StringEquals", "s3:ExistingObjectTag/classification"],
		"severity": "warning",
	}}
}

test_allow_that_never_grants_is_info if {
	[r] := [r | some r in findings("Allow", ["s3:GetObject", "s3:PutObject"], confidential)]
	r.severity == "info"
	startswith(r.msg, "this Allow never grants s3:PutObject whatever the tags")
}

test_if_exists_grants_without_tags if {
	[r] := [r | some r in findings("Allow", ["s3:GetObject", "s3:DeleteObject"], {"StringEqualsIfExists": {"s3:ExistingObjectTag/team": ["data"]}})]
	r.msg == "this Allow grants s3:DeleteObject without looking at tags: their requests carry no s3:ExistingObjectTag/team, and StringEqualsIfExists is true without it; grant them in a statement of their own, without this condition"
	r.severity == "warning"
	[d] := [r | some r in findings("Deny", ["s3:GetObject", "s3:DeleteObject"], {"StringNotEquals": {"s3:ExistingObjectTag/team": ["data"]}})]
	d.severity == "info"
}

test_global_tag_keys_no_mrap_action_carries if {
	[r] := [r | some r in findings("Deny", ["s3:*"], {"StringEquals": {"aws:RequestTag/team": ["data"]}})]
	contains(r.msg, "this Deny never denies s3:AbortMultipartUpload, s3:BypassGovernanceRetention, s3:DeleteObject and 22 more whatever the tags")
}

test_not_action if {
	s := f.swap(["Action"], {"Effect": "Deny", "NotAction": ["s3:GetObject"], "Condition": confidential})
	[r] := [r | some r in rule.deny] with input as f.input_of([s])
	startswith(r.msg, "this Deny never denies the actions NotAction leaves in (such as s3:AbortMultipartUpload, s3:BypassGovernanceRetention, s3:DeleteObject and ")
}

test_silent_when_every_action_carries_the_key if {
	count(findings("Deny", ["s3:GetObject", "s3:GetObjectVersion"], confidential)) == 0
	count(findings("Deny", ["s3:GetObject", "s3:PutObject"], {"StringEquals": {"aws:ResourceTag/team": ["data"]}})) == 0
	count(findings("Allow", ["s3:PutObject"], {"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team"]}})) == 0
}

test_silent_when_no_action_carries_a_listed_key if {
	# condition/key-not-applicable reports it.
	count(findings("Deny", ["s3:PutObject"], confidential)) == 0
}

test_silent_on_null if {
	count(findings("Deny", ["s3:GetObject", "s3:PutObject"], {"Null": {"s3:ExistingObjectTag/classification": ["true"]}})) == 0
}

test_silent_on_principal_tags_and_other_keys if {
	count(findings("Deny", ["s3:GetObject", "s3:PutObject"], {"StringEquals": {"aws:PrincipalTag/team": ["data"], "aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}})) == 0
}
