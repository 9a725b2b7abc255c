package mrapguard.rules.version.missing_test

import data.mrapguard.rules.version.missing
import data.mrapguard.test.fixtures as f

test_fires_without_version if {
	[r] := [r | some r in missing.deny] with input as {"policy": {"Statement": [f.stmt]}}
	not "path" in object.keys(r)
	contains(r.msg, "2008-10-17")
}

test_silent_with_any_version if {
	count(missing.deny) == 0 with input as f.input_of([f.stmt])
	count(missing.deny) == 0 with input as {"policy": {"Version": "2008-10-17", "Statement": [f.stmt]}}
	count(missing.deny) == 0 with input as {"policy": {"Version": 5}}
}

test_lower_case_version_is_not_a_version if {
	count(missing.deny) == 1 with input as {"policy": {"version": "2012-10-17", "Statement": [f.stmt]}}
}

test_silent_without_policy if {
	count(missing.deny) == 0 with input as {"problems": [{"rule": "json/syntax", "msg": "x"}]}
	count(missing.deny) == 0 with input as {"policy": ["not", "an", "object"]}
}
