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
