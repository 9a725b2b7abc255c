package mrapguard.rules.resource.empty_test

import data.mrapguard.rules.resource.empty
import data.mrapguard.test.fixtures as f

# AWS's example for EMPTY_ARRAY_RESOURCE: a statement whose Resource is [].
test_empty_resource if {
	empty.deny == {{
		"msg": "Resource is empty, so the statement covers no resource and has no effect; name the MRAP's ARN or its object ARNs, or remove the statement",
		"path": ["Statement", 0, "Resource"],
	}} with input as f.input_of([f.edit({"Resource": []})])
}

test_empty_not_resource if {
	[r] := [r | some r in empty.deny] with input as f.input_of([f.swap(["Resource"], {"NotResource": []})])
	r.path == ["Statement", 0, "NotResource"]
	contains(r.msg, "covers every resource")
}

test_silent_on_resources_and_wrong_types if {
	count(empty.deny) == 0 with input as f.input_of([f.stmt, f.edit({"Resource": [""]}), f.edit({"Resource": 3}), f.without(["Resource"])])
	count(empty.deny) == 0 with input as f.input_of([f.swap(["Resource"], {"NotResource": f.mrap})])
}
