package mrapguard.rules.iac.mrap_reference_test

import data.mrapguard.rules.iac.mrap_reference

test_forwards_its_problems if {
	problems := [
		{"rule": "iac/mrap-reference", "msg": "one", "pointer": "/Statement/0/Resource", "line": 9, "column": 5},
		{"rule": "json/syntax", "msg": "other", "pointer": "", "line": 2, "column": 3},
	]
	mrap_reference.deny == {{"msg": "one", "pointer": "/Statement/0/Resource", "line": 9, "column": 5}} with input as {"problems": problems}
}

test_silent_without_problems if {
	count(mrap_reference.deny) == 0 with input as {"problems": []}
	count(mrap_reference.deny) == 0 with input as {}
}
