package mrapguard.rules.version.invalid_test

import data.mrapguard.rules.version.invalid
import data.mrapguard.test.fixtures as f

test_fires_on_other_strings if {
	every v in ["2024-06-01", "2012-10-17 ", "1", "", "2012/10/17"] {
		[r] := [r | some r in invalid.deny] with input as {"policy": {"Version": v}}
		r.path == ["Version"]
		contains(r.msg, sprintf("%q", [v]))
	}
}

test_silent_on_valid_versions if {
	count(invalid.deny) == 0 with input as f.input_of([f.stmt])
	count(invalid.deny) == 0 with input as {"policy": {"Version": "2008-10-17"}}
}

test_silent_on_wrong_type_and_absence if {
	# a number is policy/structure's finding
	count(invalid.deny) == 0 with input as {"policy": {"Version": 2012}}
	count(invalid.deny) == 0 with input as {"policy": {}}
	count(invalid.deny) == 0 with input as {}
}
