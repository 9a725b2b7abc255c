package mrapguard.rules.iac.unresolved_test

import data.mrapguard.rules.iac.unresolved

test_forwards_its_problems if {
	problems := [
		{"rule": "iac/unresolved", "msg": "one", "pointer": "/Statement/0/Resource", "line": 9, "column": 5},
		{"rule": "json/syntax", "msg": "other", "pointer": "", "line": 2, "column": 3},
	]
	unresolved.deny == {{"msg": "one", "pointer": "/Statement/0/Resource", "line": 9, "column": 5}} with input as {"problems": problems}
}

test_silent_without_problems if {
	count(unresolved.deny) == 0 with input as {"problems": []}
	count(unresolved.deny) == 0 with input as {}
}
