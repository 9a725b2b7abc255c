package mrapguard.rules.resource.alias_mismatch_test

import data.mrapguard.rules.resource.alias_mismatch
import data.mrapguard.test.fixtures as f

other := "arn:aws:s3::111122223333:accesspoint/zzzzzzzzzzzzz.mrap/object/*"

test_fires_with_target if {
	alias_mismatch.deny == {{
		"msg": "alias \"zzzzzzzzzzzzz.mrap\" is not the target MRAP's alias \"mfzwi23gnjvgw.mrap\" (MRAP \"my-mrap\")",
		"path": ["Statement", 0, "Resource", 1],
	}} with input as f.with_target([f.edit({"Resource": [f.objects, other]})])
}

test_alias_alone_is_a_target if {
	doc := mrapguard.input(f.policy([f.edit({"Resource": [other]})]), {"target": {"alias": "mfzwi23gnjvgw.mrap"}})
	[r] := [r | some r in alias_mismatch.deny] with input as doc
	r.msg == "alias \"zzzzzzzzzzzzz.mrap\" is not the target MRAP's alias \"mfzwi23gnjvgw.mrap\""
}

test_silent_without_target_alias if {
	count(alias_mismatch.deny) == 0 with input as f.input_of([f.edit({"Resource": [other]})])
	count(alias_mismatch.deny) == 0 with input as mrapguard.input(f.policy([f.edit({"Resource": [other]})]), {"target": {"account": "111122223333", "name": "my-mrap"}})
}

test_silent_on_matching_and_malformed_aliases if {
	# malformed aliases are resource/alias-format's finding
	s := f.edit({"Resource": [f.mrap, f.objects, "arn:aws:s3::111122223333:accesspoint/my-mrap", "arn:aws:s3::111122223333:accesspoint/*"]})
	count(alias_mismatch.deny) == 0 with input as f.with_target([s])
}

test_not_resource_is_checked if {
	s := f.swap(["Resource"], {"NotResource": [other]})
	{r.path | some r in alias_mismatch.deny} == {["Statement", 0, "NotResource", 0]} with input as f.with_target([s])
}
