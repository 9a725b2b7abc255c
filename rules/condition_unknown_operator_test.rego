package mrapguard.rules.condition.unknown_operator_test

import data.mrapguard.rules.condition.unknown_operator
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in unknown_operator.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

message(op) := m if {
	[r] := [r | some r in findings({op: {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}})]
	m := r.msg
}

test_valid_operators if {
	count(findings({
		"StringEquals": {"k": ["v"]},
		"StringNotEqualsIgnoreCase": {"k": ["v"]},
		"StringLikeIfExists": {"k": ["v"]},
		"ForAllValues:StringLike": {"k": ["v"]},
		"ForAnyValue:ArnNotLikeIfExists": {"k": ["v"]},
		"NumericLessThanEquals": {"k": ["1"]},
		"DateGreaterThan": {"k": ["2026-01-01T00:00:00Z"]},
		"Bool": {"k": ["true"]},
		"BinaryEquals": {"k": ["QmluYXJ5"]},
		"IpAddress": {"k": ["203.0.113.0/24"]},
		"NotIpAddressIfExists": {"k": ["203.0.113.0/24"]},
		"Null": {"k": ["true"]},
	})) == 0
}

test_misspelled if {
	message("StringEqual") == "\"StringEqual\" is not a condition operator IAM defines (did you mean \"StringEquals\"?); operators are case-sensitive"
	message("stringEquals") == "\"stringEquals\" is not a condition operator IAM defines (did you mean \"StringEquals\"?); operators are case-sensitive"
	message("ForAnyValues:StringLike") == "\"ForAnyValues:StringLike\" is not a condition operator IAM defines (did you mean \"ForAnyValue:StringLike\"?); operators are case-sensitive"
	message("forallvalues:stringequals") == "\"forallvalues:stringequals\" is not a condition operator IAM defines (did you mean \"ForAllValues:StringEquals\"?); operators are case-sensitive"
	message("StringEqualsIfexists") == "\"StringEqualsIfexists\" is not a condition operator IAM defines (did you mean \"StringEqualsIfExists\"?); operators are case-sensitive"
	message("ArnLikeifexists") == "\"ArnLikeifexists\" is not a condition operator IAM defines (did you mean \"ArnLikeIfExists\"?); operators are case-sensitive"
}

test_null_if_exists if {
	message("NullIfExists") == "\"NullIfExists\" is not a condition operator: Null cannot take IfExists"
}

test_unrelated if {
	message("Equals") == "\"Equals\" is not a condition operator IAM defines; operators are case-sensitive"
	count(findings({"StringEquals:ForAllValues": {}})) == 1
	count(findings({"": {}})) == 1
}

test_path_points_at_operator if {
	{r.path | some r in findings({"StringEquals": {"k": ["v"]}, "StringEqual": {"k": ["v"]}})} == {["Statement", 0, "Condition", "StringEqual"]}
}

test_silent_on_wrong_types if {
	count(unknown_operator.deny) == 0 with input as f.input_of([f.edit({"Condition": "x"})])
}
