package mrapguard.rules.condition.arn_key_string_operator_test

import data.mrapguard.rules.condition.arn_key_string_operator as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

test_wildcard_account_under_string_like if {
	findings({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/reader"]}}) == {{
		"msg": "StringLike on aws:PrincipalArn: the wildcard before the resource in \"arn:aws:iam::*:role/reader\" can match across ':' into the next ARN field; use ArnLike, which matches each field on its own",
		"path": ["Statement", 0, "Condition", "StringLike", "aws:PrincipalArn", 0],
	}}
}

test_other_arn_keys_and_operators if {
	count(findings({"StringNotLike": {"aws:SourceArn": ["arn:aws:*:*:111122223333:*"]}})) == 1
	[r] := [r | some r in findings({"ForAnyValue:StringLikeIfExists": {"s3:DataAccessPointArn": ["arn:aws:s3:*:111122223333:accesspoint/*"]}})]
	endswith(r.msg, "use ForAnyValue:ArnLikeIfExists, which matches each field on its own")
	count(findings({"StringLike": {"aws:SourceArn": ["arn:aws:iam::1111*"]}})) == 1
}

test_silent_when_string_and_arn_matching_agree if {
	count(findings({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/app-*"]}})) == 0
	count(findings({"StringEquals": {"aws:PrincipalArn": ["arn:aws:iam::111122223333:role/app"]}})) == 0
	count(findings({"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::*:role/app"]}})) == 0
	count(findings({"StringLike": {"aws:PrincipalArn": ["*"]}})) == 0
	count(findings({"StringLike": {"aws:PrincipalArn": ["arn:aws:iam::${aws:PrincipalAccount}:role/*"]}})) == 0
}

test_silent_on_string_keys if {
	count(findings({"StringLike": {"aws:PrincipalOrgID": ["o-*"], "s3:prefix": ["a:*:b"]}})) == 0
}
