# Shared fixtures for the rule tests (compiled only for test runs).
package mrapguard.test.fixtures

mrap := "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"

objects := "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"

reader := "arn:aws:iam::111122223333:role/reader"

target := {
	"account": "111122223333",
	"name": "my-mrap",
	"alias": "mfzwi23gnjvgw.mrap",
	"arn": mrap,
}

# stmt is a clean statement; tests change one element at a time.
stmt := {
	"Sid": "Read",
	"Effect": "Allow",
	"Principal": {"AWS": [reader]},
	"Action": ["s3:GetObject"],
	"Resource": [objects],
}

edit(overrides) := object.union(object.remove(stmt, object.keys(overrides)), overrides)

without(keys) := object.remove(stmt, keys)

policy(stmts) := {"Version": "2012-10-17", "Statement": stmts}

# input_of is the input lint gives the rules for a policy of these
# statements: the normalized policy and its facts (mrapguard.input parses
# the document as lint parses a file).
input_of(stmts) := mrapguard.input(policy(stmts), {})

with_target(stmts) := mrapguard.input(policy(stmts), {"target": target})

# swap removes keys from the clean statement, then adds overrides.
swap(keys, overrides) := object.union(object.remove(stmt, keys), overrides)
