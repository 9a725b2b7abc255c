package mrapguard.rules.condition.wildcard_without_like_test

import data.mrapguard.rules.condition.wildcard_without_like as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

# AWS's example (IAM Access Analyzer, WILDCARD_WITHOUT_LIKE_OPERATOR).
test_tag_pattern_under_string_equals if {
	findings({"StringEquals": {"aws:PrincipalTag/job-category": ["admin-*"]}}) == {{
		"msg": "StringEquals compares \"admin-*\" as written, so its wildcard matches only a literal * or ?; use StringLike if it is a pattern",
		"path": ["Statement", 0, "Condition", "StringEquals", "aws:PrincipalTag/job-category", 0],
	}}
}

test_operator_forms if {
	[r] := [r | some r in findings({"ForAnyValue:StringNotEqualsIgnoreCaseIfExists": {"aws:TagKeys": ["team?"]}})]
	endswith(r.msg, "use ForAnyValue:StringNotLikeIfExists if it is a pattern")
	count(findings({"StringEquals": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:role/x"]}})) == 1
}

test_silent_on_patterns_escapes_and_other_families if {
	count(findings({"StringLike": {"aws:PrincipalTag/job-category": ["admin-*"]}})) == 0
	count(findings({"StringEquals": {"s3:prefix": ["literal${*}", "home/${aws:username}/"]}})) == 0
	count(findings({"ArnEquals": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/*"]}})) == 0
	count(findings({"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}})) == 0
}
