package mrapguard.rules.principal.cross_account_test

import data.mrapguard.rules.principal.cross_account
import data.mrapguard.test.fixtures as f

partner := "arn:aws:iam::444455556666:role/partner"

test_with_target if {
	s := f.edit({"Principal": {"AWS": [f.reader, partner, "444455556666", "*"]}})
	cross_account.deny == {
		{
			"msg": "principal \"arn:aws:iam::444455556666:role/partner\" is in account 444455556666, not the MRAP owner 111122223333 (the target account), and the account is not in trusted_accounts",
			"path": ["Statement", 0, "Principal", "AWS", 1],
		},
		{
			"msg": "principal \"444455556666\" is in account 444455556666, not the MRAP owner 111122223333 (the target account), and the account is not in trusted_accounts",
			"path": ["Statement", 0, "Principal", "AWS", 2],
		},
	} with input as f.with_target([s])
}

test_target_account_from_arn if {
	in_doc := object.union(f.input_of([f.edit({"Principal": {"AWS": [partner]}})]), {"target": {"arn": f.mrap}})
	count(cross_account.deny) == 1 with input as in_doc
}

test_offline_owner_from_resources if {
	[r] := [r | some r in cross_account.deny] with input as f.input_of([f.edit({"Principal": {"AWS": [partner]}})])
	contains(r.msg, "(the account in the policy's MRAP ARNs)")
}

test_offline_silent_when_resource_accounts_disagree if {
	other := "arn:aws:s3::123456789012:accesspoint/mfzwi23gnjvgw.mrap/object/*"
	count(cross_account.deny) == 0 with input as f.input_of([f.edit({"Principal": {"AWS": [partner]}, "Resource": [f.objects, other]})])
}

test_offline_silent_without_mrap_resources if {
	count(cross_account.deny) == 0 with input as f.input_of([f.edit({"Principal": {"AWS": [partner]}, "Resource": ["*"]})])
}

test_trusted_accounts if {
	count(cross_account.deny) == 0 with input as f.with_target([f.edit({"Principal": {"AWS": [partner]}})])
		with data.mrapguard.trusted_accounts as ["444455556666"]
}

test_deny_statements_are_not_grants if {
	count(cross_account.deny) == 0 with input as f.with_target([f.edit({"Effect": "Deny", "Principal": {"AWS": [partner]}})])
}

test_same_account_service_and_malformed_principals if {
	s := f.edit({"Principal": {"AWS": ["arn:aws:iam::111122223333:root", "12345"], "Service": ["cloudfront.amazonaws.com"]}})
	count(cross_account.deny) == 0 with input as f.with_target([s])
}
