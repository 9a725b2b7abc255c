package mrapguard.rules.version.legacy_test

import data.mrapguard.rules.version.legacy
import data.mrapguard.test.fixtures as f

test_fires_on_2008 if {
	[r] := [r | some r in legacy.deny] with input as {"policy": {"Version": "2008-10-17", "Statement": [f.stmt]}}
	r.path == ["Version"]
}

test_silent_on_current_missing_or_other if {
	count(legacy.deny) == 0 with input as f.input_of([f.stmt])
	count(legacy.deny) == 0 with input as {"policy": {"Statement": [f.stmt]}}
	count(legacy.deny) == 0 with input as {"policy": {"Version": "2008-10-18"}}
	count(legacy.deny) == 0 with input as {}
}
