package mrapguard.rules.condition.empty_test

import data.mrapguard.rules.condition.empty
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in empty.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

test_empty_condition if {
	findings({}) == {{"msg": "Condition is empty, so it restricts nothing; add the keys it should test or remove it", "path": ["Statement", 0, "Condition"]}}
}

test_operator_without_keys if {
	findings({"StringEquals": {}, "Bool": {"aws:SecureTransport": ["true"]}}) == {{"msg": "operator StringEquals has no keys, so it restricts nothing", "path": ["Statement", 0, "Condition", "StringEquals"]}}
}

test_key_without_values if {
	findings({"StringEquals": {"aws:SourceVpce": [], "aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}}) == {{
		"msg": "StringEquals aws:SourceVpce has no values, so the condition cannot match as intended",
		"path": ["Statement", 0, "Condition", "StringEquals", "aws:SourceVpce"],
	}}
}

test_silent_on_full_conditions_and_absence if {
	count(findings({"StringEquals": {"aws:SourceVpce": ["vpce-1"]}})) == 0
	count(empty.deny) == 0 with input as f.input_of([f.stmt])
}

test_silent_on_wrong_types if {
	count(findings("x")) == 0
	count(findings({"StringEquals": "x"})) == 0
}

test_key_without_values_by_operator if {
	[a] := [r | some r in findings({"ForAllValues:StringEquals": {"aws:TagKeys": []}})]
	a.msg == "ForAllValues:StringEquals aws:TagKeys has no values, so it is true only when the request has no aws:TagKeys; if that is meant, write \"Null\": {\"aws:TagKeys\": \"true\"}"
	[b] := [r | some r in findings({"StringEqualsIfExists": {"aws:SourceVpce": []}})]
	startswith(b.msg, "StringEqualsIfExists aws:SourceVpce has no values, so it is true only when the request has no aws:SourceVpce")
	[c] := [r | some r in findings({"ForAnyValue:StringLike": {"aws:TagKeys": []}})]
	c.msg == "ForAnyValue:StringLike aws:TagKeys has no values, so it is never true and the statement never applies"
	[d] := [r | some r in findings({"StringEqual": {"aws:SourceVpce": []}})]
	d.msg == "StringEqual aws:SourceVpce has no values, so the condition cannot match as intended"
}
