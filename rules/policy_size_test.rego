package mrapguard.rules.policy.size_test

import data.mrapguard.rules.policy.size
import data.mrapguard.test.fixtures as f

test_forwards_size_problems if {
	[r] := [r | some r in size.deny] with input as mrapguard.input(f.policy([f.stmt]), {"max_bytes": 100})
	contains(r.msg, "100")
	r.line == 1
}

test_silent_under_limit if {
	count(size.deny) == 0 with input as f.input_of([f.stmt])
}
