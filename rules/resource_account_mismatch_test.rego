package mrapguard.rules.resource.account_mismatch_test

import data.mrapguard.rules.resource.account_mismatch
import data.mrapguard.test.fixtures as f

other := "arn:aws:s3::444455556666:accesspoint/mfzwi23gnjvgw.mrap"

test_fires_with_target if {
	account_mismatch.deny == {{
		"msg": "account 444455556666 in \"arn:aws:s3::444455556666:accesspoint/mfzwi23gnjvgw.mrap\" is not the target account 111122223333; MRAP ARNs name the owner's account",
		"path": ["Statement", 0, "Resource", 1],
	}} with input as f.with_target([f.edit({"Resource": [f.objects, other]})])
}

test_account_alone_is_a_target if {
	doc := mrapguard.input(f.policy([f.edit({"Resource": [other]})]), {"target": {"account": "111122223333"}})
	count(account_mismatch.deny) == 1 with input as doc
}

test_silent_without_target_account if {
	count(account_mismatch.deny) == 0 with input as f.input_of([f.edit({"Resource": [other]})])
	count(account_mismatch.deny) == 0 with input as mrapguard.input(f.policy([f.edit({"Resource": [other]})]), {"target": {"alias": "mfzwi23gnjvgw.mrap"}})
	count(account_mismatch.deny) == 0 with input as mrapguard.input(f.policy([f.edit({"Resource": [other]})]), {"target": {"account": "not-an-account"}})
}

test_silent_on_malformed_accounts if {
	# resource/not-mrap reports them
	s := f.edit({"Resource": ["arn:aws:s3::*:accesspoint/mfzwi23gnjvgw.mrap", "arn:aws:s3::ACCOUNT:accesspoint/mfzwi23gnjvgw.mrap", "arn:aws:s3:::bucket"]})
	count(account_mismatch.deny) == 0 with input as f.with_target([s])
}
