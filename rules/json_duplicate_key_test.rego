package mrapguard.rules.json.duplicate_key_test

import data.mrapguard.rules.json.duplicate_key

test_forwards_duplicate_key_problems if {
	problems := [
		{"rule": "json/duplicate-key", "msg": "key \"Resource\" appears twice", "pointer": "/Statement/0/Resource", "line": 8, "column": 7},
		{"rule": "json/syntax", "msg": "other", "pointer": "", "line": 1, "column": 1},
	]
	duplicate_key.deny == {{"msg": "key \"Resource\" appears twice", "pointer": "/Statement/0/Resource", "line": 8, "column": 7}} with input as {"problems": problems}
}

test_silent_without_problems if {
	count(duplicate_key.deny) == 0 with input as {"problems": [{"rule": "policy/size", "msg": "big"}]}
}
