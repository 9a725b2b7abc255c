package mrapguard.rules.policy.size_test

import data.mrapguard.rules.policy.size

test_forwards_size_problems if {
	problems := [{"rule": "policy/size", "msg": "policy is 30000 bytes, over the 20480-byte limit", "pointer": "", "line": 1, "column": 1}]
	size.deny == {{"msg": "policy is 30000 bytes, over the 20480-byte limit", "pointer": "", "line": 1, "column": 1}} with input as {"problems": problems}
}

test_silent_under_limit if {
	count(size.deny) == 0 with input as {"problems": [], "size": {"bytes": 100, "limit": 20480}}
}
