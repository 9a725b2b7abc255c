package mrapguard.rules.resource.not_resource_allow_test

import data.mrapguard.rules.resource.not_resource_allow
import data.mrapguard.test.fixtures as f

test_fires_on_allow if {
	{r.path | some r in not_resource_allow.deny} == {["Statement", 0, "NotResource"]} with input as f.input_of([f.swap(["Resource"], {"NotResource": [f.objects]})])
}

test_silent_on_deny_and_resource if {
	s := f.swap(["Resource"], {"Effect": "Deny", "NotResource": [f.objects]})
	count(not_resource_allow.deny) == 0 with input as f.input_of([s, f.stmt])
}
