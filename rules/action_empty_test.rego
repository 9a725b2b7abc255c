package mrapguard.rules.action.empty_test

import data.mrapguard.rules.action.empty
import data.mrapguard.test.fixtures as f

# AWS's example for EMPTY_ARRAY_ACTION: a statement whose Action is [].
test_empty_action if {
	empty.deny == {{
		"msg": "Action is empty, so the statement covers no action and has no effect; list the S3 actions it should cover, or remove the statement",
		"path": ["Statement", 0, "Action"],
	}} with input as f.input_of([f.edit({"Action": []})])
}

test_empty_not_action if {
	[r] := [r | some r in empty.deny] with input as f.input_of([f.swap(["Action"], {"NotAction": []})])
	r.path == ["Statement", 0, "NotAction"]
	contains(r.msg, "covers every action")
}

test_silent_on_actions_and_wrong_types if {
	count(empty.deny) == 0 with input as f.input_of([f.stmt, f.edit({"Action": [""]}), f.edit({"Action": {}}), f.without(["Action"])])
	count(empty.deny) == 0 with input as f.input_of([f.swap(["Action"], {"NotAction": "s3:DeleteObject"})])
}
