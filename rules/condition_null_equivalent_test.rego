package mrapguard.rules.condition.null_equivalent_test

import data.mrapguard.rules.condition.null_equivalent as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

message(condition) := m if {
	[r] := [r | some r in findings(condition)]
	m := r.msg
}

test_equivalent_to_null_false if {
	findings({"StringLike": {"aws:PrincipalTag/team": ["*"]}}) == {{
		"msg": "StringLike aws:PrincipalTag/team with \"*\" is true exactly when the request carries aws:PrincipalTag/team; write \"Null\": {\"aws:PrincipalTag/team\": \"false\"}",
		"path": ["Statement", 0, "Condition", "StringLike", "aws:PrincipalTag/team"],
	}}
	count(findings({"ArnLike": {"aws:SourceArn": ["*"]}})) == 1
	count(findings({"ForAnyValue:StringLike": {"aws:TagKeys": ["team", "*"]}})) == 1
}

test_equivalent_to_null_true if {
	message({"StringNotLike": {"s3:x-amz-server-side-encryption": ["*"]}}) == "StringNotLike s3:x-amz-server-side-encryption with \"*\" is true exactly when the request does not carry s3:x-amz-server-side-encryption; write \"Null\": {\"s3:x-amz-server-side-encryption\": \"true\"}"
	count(findings({"StringNotLikeIfExists": {"aws:PrincipalTag/team": ["*"]}})) == 1
}

test_always_and_never if {
	message({"StringLikeIfExists": {"aws:PrincipalTag/team": ["*"]}}) == "StringLikeIfExists aws:PrincipalTag/team with \"*\" is true for every request, so it restricts nothing; remove it"
	message({"ForAnyValue:StringNotLike": {"aws:TagKeys": ["*"]}}) == "ForAnyValue:StringNotLike aws:TagKeys with \"*\" is true for no request, so the statement never applies; remove it or fix the condition"
}

test_null_with_qualifier if {
	message({"ForAllValues:Null": {"aws:TagKeys": ["true"]}}) == "ForAllValues:Null aws:TagKeys: Null takes no ForAllValues:, with which it is always true; write Null"
	message({"ForAnyValue:Null": {"aws:TagKeys": ["false"]}}) == "ForAnyValue:Null aws:TagKeys: Null takes no ForAnyValue:, with which it is never true; write Null"
}

test_silent_on_patterns_and_null if {
	count(findings({"StringLike": {"aws:PrincipalTag/team": ["data-*"]}})) == 0
	count(findings({"StringEquals": {"aws:PrincipalTag/team": ["*"]}})) == 0
	count(findings({"Null": {"aws:PrincipalTag/team": ["false"]}})) == 0
}

test_silent_when_another_condition_requires_the_key if {
	# condition/redundant-value reports it.
	count(findings({"StringLike": {"aws:PrincipalTag/team": ["*"]}, "StringEquals": {"aws:PrincipalTag/team": ["data"]}})) == 0
}
