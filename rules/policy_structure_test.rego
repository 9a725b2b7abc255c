package mrapguard.rules.policy.structure_test

import data.mrapguard.rules.policy.structure
import data.mrapguard.test.fixtures as f

test_forwards_structure_problems if {
	problems := [{"rule": "policy/structure", "msg": "Action must be a string or a list of strings", "pointer": "/Statement/0/Action", "line": 5, "column": 17}]
	structure.deny == {{"msg": "Action must be a string or a list of strings", "pointer": "/Statement/0/Action", "line": 5, "column": 17}} with input as {"problems": problems}
}

test_action_and_not_action if {
	structure.deny == {{
		"msg": "statement has both Action and NotAction; IAM allows one or the other",
		"path": ["Statement", 0, "NotAction"],
	}} with input as f.input_of([f.edit({"NotAction": ["s3:PutObject"]})])
}

test_all_three_pairs if {
	s := f.edit({"NotPrincipal": {"AWS": [f.reader]}, "NotAction": ["s3:PutObject"], "NotResource": [f.mrap]})
	paths := {r.path | some r in structure.deny} with input as f.input_of([f.stmt, s])
	paths == {["Statement", 1, "NotPrincipal"], ["Statement", 1, "NotAction"], ["Statement", 1, "NotResource"]}
}

test_silent_on_clean_policy if {
	count(structure.deny) == 0 with input as f.input_of([f.stmt, f.swap(["Action"], {"NotAction": ["s3:PutObject"]})])
}

test_silent_when_statements_are_not_objects if {
	count(structure.deny) == 0 with input as {"policy": {"Statement": ["x", 5]}, "problems": []}
	count(structure.deny) == 0 with input as {"policy": {"Statement": "x"}, "problems": []}
	count(structure.deny) == 0 with input as {}
}
