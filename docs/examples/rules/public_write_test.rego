package team.public_write_test

import data.team.public_write

# mrapguard.input gives a rule test the input lint gives the rule: the
# normalized policy and its facts.

policy(statement) := {"Version": "2012-10-17", "Statement": [statement]}

open_statement(actions) := {
	"Effect": "Allow",
	"Principal": "*",
	"Action": actions,
	"Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/public/*",
}

test_open_upload_fires if {
	[r] := [r | some r in public_write.deny] with input as mrapguard.input(policy(open_statement(["s3:GetObject", "s3:PutObject"])), {})
	r.path == ["Statement", 0, "Action", 1]
	r.msg == `"s3:PutObject" lets any principal ("*") write (s3:PutObject); an open statement must be read-only`
}

test_wildcards_are_expanded if {
	[r] := [r | some r in public_write.deny] with input as mrapguard.input(policy(open_statement("s3:Put*")), {})
	startswith(r.msg, `"s3:Put*" lets any principal ("*") write (s3:Put`)
	regex.match(`and [0-9]+ more\); an open statement must be read-only$`, r.msg)
}

test_open_read_is_fine if {
	count(public_write.deny) == 0 with input as mrapguard.input(policy(open_statement(["s3:GetObject", "s3:GetObjectVersion"])), {})
}

test_named_principals_may_write if {
	s := object.union(open_statement(["s3:PutObject"]), {"Principal": {"AWS": "arn:aws:iam::111122223333:role/uploader"}})
	count(public_write.deny) == 0 with input as mrapguard.input(policy(s), {})
}

test_callers_pinned_to_the_organization_may_write if {
	s := object.union(open_statement(["s3:PutObject"]), {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}})
	count(public_write.deny) == 0 with input as mrapguard.input(policy(s), {})
}
