package mrapguard.rules.action.not_action_allow_test

import data.mrapguard.rules.action.not_action_allow
import data.mrapguard.test.fixtures as f

test_fires_on_allow if {
	{r.path | some r in not_action_allow.deny} == {["Statement", 0, "NotAction"]} with input as f.input_of([f.swap(["Action"], {"NotAction": ["s3:DeleteObject"]})])
}

test_silent_on_deny_and_action if {
	s := f.swap(["Action"], {"Effect": "Deny", "NotAction": ["s3:GetObject"]})
	count(not_action_allow.deny) == 0 with input as f.input_of([s, f.stmt])
}
