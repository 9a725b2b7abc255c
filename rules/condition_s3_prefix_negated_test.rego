package mrapguard.rules.condition.s3_prefix_negated_test

import data.mrapguard.rules.condition.s3_prefix_negated as rule
import data.mrapguard.test.fixtures as f

findings(effect, actions, condition) := result if {
	s := f.edit({"Effect": effect, "Action": actions, "Resource": [f.mrap], "Condition": condition})
	result := {r | some r in rule.deny} with input as f.input_of([s])
}

test_allow_with_negated_operator_is_an_error if {
	findings("Allow", ["s3:ListBucket"], {"StringNotLike": {"s3:prefix": ["private/*"]}}) == {{
		"msg": "StringNotLike on s3:prefix in an Allow also allows listings with a shorter prefix, or none, which return the keys under the prefixes it excludes; name the prefixes that may be listed instead (StringLike in an Allow, or StringNotLike in a Deny)",
		"path": ["Statement", 0, "Condition", "StringNotLike", "s3:prefix"],
		"severity": "error",
	}}
	count(findings("Allow", ["s3:List*"], {"StringNotEqualsIfExists": {"S3:Prefix": ["private/"]}})) == 1
}

test_deny_with_positive_operator_is_a_warning if {
	[r] := [r | some r in findings("Deny", ["s3:ListBucket"], {"StringEquals": {"s3:prefix": ["private/"]}})]
	startswith(r.msg, "StringEquals on s3:prefix in a Deny leaves listings")
	r.severity == "warning"
	count(findings("Deny", ["s3:*"], {"StringLike": {"s3:prefix": ["private/*"]}})) == 1
}

test_silent_on_the_patterns_that_work if {
	count(findings("Allow", ["s3:ListBucket"], {"StringLike": {"s3:prefix": ["public/*"]}})) == 0
	count(findings("Deny", ["s3:ListBucket"], {"StringNotLike": {"s3:prefix": ["home/${aws:username}/*"]}})) == 0
	count(findings("Deny", ["s3:ListBucket"], {"Null": {"s3:prefix": ["true"]}})) == 0
}

test_silent_when_no_action_lists if {
	# condition/key-not-applicable reports a prefix on object actions.
	count(findings("Deny", ["s3:GetObject"], {"StringLike": {"s3:prefix": ["private/*"]}})) == 0
}
