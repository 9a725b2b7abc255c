package mrapguard.rules.sid.duplicate_test

import data.mrapguard.rules.sid.duplicate
import data.mrapguard.test.fixtures as f

test_second_and_third_occurrence if {
	stmts := [f.edit({"Sid": "A"}), f.edit({"Sid": "B"}), f.edit({"Sid": "A"}), f.edit({"Sid": "A"})]
	duplicate.deny == {
		{"msg": "Sid \"A\" is already used by statement 0; Sids must be unique within a policy", "path": ["Statement", 2, "Sid"]},
		{"msg": "Sid \"A\" is already used by statement 0; Sids must be unique within a policy", "path": ["Statement", 3, "Sid"]},
	} with input as f.input_of(stmts)
}

test_two_empty_sids if {
	stmts := [f.edit({"Sid": ""}), f.edit({"Sid": ""})]
	{r.path | some r in duplicate.deny} == {["Statement", 1, "Sid"]} with input as f.input_of(stmts)
}

test_sids_are_case_sensitive if {
	count(duplicate.deny) == 0 with input as f.input_of([f.edit({"Sid": "Read"}), f.edit({"Sid": "read"})])
}

test_absent_sids_are_not_duplicates if {
	count(duplicate.deny) == 0 with input as f.input_of([f.without(["Sid"]), f.without(["Sid"])])
}

test_silent_on_wrong_types if {
	count(duplicate.deny) == 0 with input as f.input_of([f.edit({"Sid": 1}), f.edit({"Sid": 1}), "x"])
}
