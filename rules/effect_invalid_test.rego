package mrapguard.rules.effect.invalid_test

import data.mrapguard.rules.effect.invalid
import data.mrapguard.test.fixtures as f

test_missing_effect if {
	invalid.deny == {{"msg": "statement has no Effect; add \"Effect\": \"Allow\" or \"Deny\"", "path": ["Statement", 1]}} with input as f.input_of([f.stmt, f.without(["Effect"])])
}

test_wrong_case_suggests_the_spelling if {
	[r] := [r | some r in invalid.deny] with input as f.input_of([f.edit({"Effect": "allow"})])
	r == {"msg": "Effect \"allow\" is not \"Allow\" or \"Deny\" (did you mean \"Allow\"?); the value is case-sensitive", "path": ["Statement", 0, "Effect"]}
}

test_other_values if {
	every e in ["DENY", "Permit", "", "Allow "] {
		count(invalid.deny) == 1 with input as f.input_of([f.edit({"Effect": e})])
	}
}

test_silent_on_allow_and_deny if {
	count(invalid.deny) == 0 with input as f.input_of([f.stmt, f.edit({"Effect": "Deny"})])
}

test_silent_on_wrong_type if {
	count(invalid.deny) == 0 with input as f.input_of([f.edit({"Effect": true})])
}
