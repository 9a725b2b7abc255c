package mrapguard.rules.json.duplicate_key_test

import data.mrapguard.rules.json.duplicate_key

test_forwards_duplicate_key_problems if {
	[r] := [r | some r in duplicate_key.deny] with input as mrapguard.input("{\n  \"Version\": \"2012-10-17\",\n  \"Version\": \"2008-10-17\"\n}", {})
	r.pointer == "/Version"
	r.line == 3
	r.column == 3
	contains(r.msg, "Version")
}

test_silent_without_problems if {
	count(duplicate_key.deny) == 0 with input as mrapguard.input({"Version": "2012-10-17", "Statement": []}, {})
	count(duplicate_key.deny) == 0 with input as mrapguard.input("{", {})
}
