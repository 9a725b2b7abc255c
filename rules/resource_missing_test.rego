package mrapguard.rules.resource.missing_test

import data.mrapguard.rules.resource.missing
import data.mrapguard.test.fixtures as f

test_fires_without_resource if {
	{r.path | some r in missing.deny} == {["Statement", 0]} with input as f.input_of([f.without(["Resource"]), f.stmt])
}

test_not_resource_counts if {
	count(missing.deny) == 0 with input as f.input_of([f.swap(["Resource"], {"NotResource": [f.mrap]})])
}
