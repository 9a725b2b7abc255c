package mrapguard.rules.principal.unique_id_test

import data.mrapguard.rules.principal.unique_id
import data.mrapguard.test.fixtures as f

# AWS's examples for INVALID_ROLE_REFERENCE and INVALID_USER_REFERENCE: a
# role ID and a user ID in the Principal element.
test_role_id if {
	unique_id.deny == {{
		"msg": "principal \"AROADBQP57FF2AEXAMPLE\" is the unique ID of a deleted or re-created IAM role, so it matches nobody (a role created again under the same name gets a new ID); name the role by its ARN",
		"path": ["Statement", 0, "Principal", "AWS", 1],
	}} with input as f.input_of([f.edit({"Principal": {"AWS": [f.reader, "AROADBQP57FF2AEXAMPLE"]}})])
}

test_user_id_in_not_principal if {
	s := f.swap(["Principal"], {"Effect": "Deny", "NotPrincipal": {"AWS": "AIDACKCEVSQ6C2EXAMPLE"}})
	[r] := [r | some r in unique_id.deny] with input as f.input_of([s])
	r.path == ["Statement", 0, "NotPrincipal", "AWS", 0]
	contains(r.msg, "IAM user")
}

test_silent_on_arns_accounts_and_other_ids if {
	ok := ["*", "111122223333", f.reader, "AROA", "AKIAIOSFODNN7EXAMPLE", "aroadbqp57ff2aexample"]
	count(unique_id.deny) == 0 with input as f.input_of([f.edit({"Principal": {"AWS": ok}})])
	count(unique_id.deny) == 0 with input as f.input_of([f.edit({"Principal": {"CanonicalUser": "AROADBQP57FF2AEXAMPLE"}})])
}
