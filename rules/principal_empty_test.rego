package mrapguard.rules.principal.empty_test

import data.mrapguard.rules.principal.empty
import data.mrapguard.test.fixtures as f

test_empty_object if {
	empty.deny == {{"msg": "Principal is empty, so the statement applies to nobody and has no effect", "path": ["Statement", 0, "Principal"]}} with input as f.input_of([f.edit({"Principal": {}})])
}

test_all_lists_empty if {
	count(empty.deny) == 1 with input as f.input_of([f.edit({"Principal": {"AWS": [], "Service": []}})])
}

test_silent_when_any_list_has_a_value if {
	count(empty.deny) == 0 with input as f.input_of([f.edit({"Principal": {"AWS": [], "Service": ["cloudfront.amazonaws.com"]}})])
	count(empty.deny) == 0 with input as f.input_of([f.stmt])
}

test_silent_on_wrong_types_and_absence if {
	count(empty.deny) == 0 with input as f.input_of([f.edit({"Principal": "x"}), f.without(["Principal"])])
	count(empty.deny) == 0 with input as f.input_of([f.edit({"Principal": {"AWS": 5}})])
}
