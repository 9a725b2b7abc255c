package mrapguard.rules.principal.missing_test

import data.mrapguard.rules.principal.missing
import data.mrapguard.test.fixtures as f

test_fires_without_principal if {
	{r.path | some r in missing.deny} == {["Statement", 1]} with input as f.input_of([f.stmt, f.without(["Principal"])])
}

test_not_principal_counts if {
	count(missing.deny) == 0 with input as f.input_of([f.swap(["Principal"], {"NotPrincipal": {"AWS": [f.reader]}})])
}

test_empty_principal_is_present if {
	# principal/empty reports it
	count(missing.deny) == 0 with input as f.input_of([f.edit({"Principal": {}})])
}

test_silent_on_non_objects if {
	count(missing.deny) == 0 with input as {"policy": {"Statement": ["x"]}}
}
