package mrapguard.rules.action.missing_test

import data.mrapguard.rules.action.missing
import data.mrapguard.test.fixtures as f

test_fires_without_action if {
	{r.path | some r in missing.deny} == {["Statement", 1]} with input as f.input_of([f.stmt, f.without(["Action"])])
}

test_not_action_counts if {
	count(missing.deny) == 0 with input as f.input_of([f.swap(["Action"], {"NotAction": ["s3:PutObject"]})])
}

test_empty_or_wrong_type_is_present if {
	count(missing.deny) == 0 with input as f.input_of([f.edit({"Action": []}), f.edit({"Action": 5})])
}
