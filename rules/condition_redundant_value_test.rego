package mrapguard.rules.condition.redundant_value_test

import data.mrapguard.rules.condition.redundant_value as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

message(condition) := m if {
	[r] := [r | some r in findings(condition)]
	m := r.msg
}

# AWS's example (IAM Access Analyzer, REDUNDANT_CONDITION_VALUE_NUM).
test_numeric_bounds if {
	findings({"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}) == {{
		"msg": "NumericLessThan aws:MultiFactorAuthAge: \"2700\" adds nothing beside \"3600\", the looser bound; keep only \"3600\"",
		"path": ["Statement", 0, "Condition", "NumericLessThan", "aws:MultiFactorAuthAge", 0],
	}}
	count(findings({"NumericGreaterThanEquals": {"s3:TlsVersion": ["1.2", 1.3]}})) == 1
}

test_covered_and_repeated_values if {
	message({"StringLike": {"s3:prefix": ["logs/*", "logs/app/*"]}}) == "StringLike s3:prefix: \"logs/app/*\" adds nothing beside \"logs/*\", which covers it; remove it"
	message({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "203.0.113.128/25"]}}) == "IpAddress aws:SourceIp: \"203.0.113.128/25\" adds nothing beside \"203.0.113.0/24\", which covers it; remove it"
	message({"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5", "o-a1b2c3d4e5"]}}) == "StringEquals aws:PrincipalOrgID: \"o-a1b2c3d4e5\" is written twice; remove one"
}

test_redundant_presence_test if {
	message({"StringLike": {"aws:PrincipalTag/team": ["*"]}, "StringEquals": {"aws:PrincipalTag/team": ["data"]}}) == "StringLike aws:PrincipalTag/team with \"*\" only requires aws:PrincipalTag/team to be present, which StringEquals on it already does; remove it"
	count(findings({"StringLike": {"aws:PrincipalTag/team": ["*"]}, "Null": {"aws:PrincipalTag/team": ["false"]}})) == 1
	count(findings({"StringLike": {"aws:PrincipalTag/team": ["*"]}, "StringEqualsIfExists": {"aws:PrincipalTag/team": ["data"]}})) == 0
}

test_redundant_statement if {
	wide := f.edit({"Sid": "Wide", "Condition": {"StringLike": {"aws:PrincipalTag/team": ["data-*"]}}})
	narrow := f.edit({"Sid": "Narrow", "Condition": {"StringLike": {"aws:PrincipalTag/team": ["data-eng"]}}})
	res := {r | some r in rule.deny} with input as f.input_of([narrow, wide])
	res == {{
		"msg": "statement 1 is the same as this one but for condition patterns that cover this one's, so this statement adds nothing; remove it",
		"path": ["Statement", 0, "Condition"],
	}}
	other := f.edit({"Sid": "Other", "Action": ["s3:PutObject"], "Condition": {"StringLike": {"aws:PrincipalTag/team": ["data-eng"]}}})
	count(rule.deny) == 0 with input as f.input_of([other, wide])
	count(rule.deny) == 0 with input as f.input_of([wide, wide])
}

test_silent_on_distinct_values if {
	count(findings({"StringLike": {"s3:prefix": ["logs/*", "reports/*"]}, "NumericLessThan": {"s3:max-keys": ["100"]}})) == 0
	count(findings({"StringEquals": {"s3:prefix": ["logs/*", "logs/app/x"]}})) == 0
	count(findings({"NumericLessThan": {"s3:max-keys": ["10", "${aws:PrincipalTag/max}"]}})) == 0
}
