package mrapguard.rules.principal.not_principal_allow_test

import data.mrapguard.rules.principal.not_principal_allow
import data.mrapguard.test.fixtures as f

test_fires_on_allow if {
	s := f.swap(["Principal"], {"NotPrincipal": {"AWS": [f.reader]}})
	{r.path | some r in not_principal_allow.deny} == {["Statement", 0, "NotPrincipal"]} with input as f.input_of([s])
}

test_silent_on_deny if {
	s := f.swap(["Principal"], {"Effect": "Deny", "NotPrincipal": {"AWS": [f.reader]}})
	count(not_principal_allow.deny) == 0 with input as f.input_of([s])
}

test_silent_on_principal if {
	count(not_principal_allow.deny) == 0 with input as f.input_of([f.stmt])
}

test_effect_is_case_sensitive if {
	# "allow" is not Allow (effect/invalid reports it)
	s := f.swap(["Principal"], {"Effect": "allow", "NotPrincipal": {"AWS": [f.reader]}})
	count(not_principal_allow.deny) == 0 with input as f.input_of([s])
}
