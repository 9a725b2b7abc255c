package mrapguard.lib.policy_test

import data.mrapguard.lib.iam
import data.mrapguard.lib.policy
import data.mrapguard.test.fixtures as f

test_unusual_statements if {
	stmts := [
		f.stmt, # ordinary
		object.union(f.stmt, {"Condition": {"Bool": {"aws:SecureTransport": ["true"]}}}), # ordinary
		f.without(["Sid"]), # ordinary
		f.edit({"Effect": "allow"}),
		f.without(["Action"]),
		f.swap(["Action"], {"NotAction": ["s3:GetObject"]}),
		f.edit({"Principal": {"Service": ["cloudfront.amazonaws.com"]}}),
		f.edit({"Principal": {"AWS": [f.reader], "Service": ["cloudfront.amazonaws.com"]}}),
		f.edit({"Principal": "x"}),
		f.edit({"Actions": ["s3:GetObject"]}),
		f.edit({"Principal": {"AWS": []}}),
		f.edit({"Condition": {}}),
	]
	policy.unusual == {3, 4, 5, 6, 7, 8, 9, 10, 11} with input as f.input_of(stmts)
}

test_odd_actions if {
	stmts := [
		f.edit({"Action": ["s3:GetObject", "S3:PUTOBJECT", "s3:Get*", "s3:GetBucketPolicy", "s3:Nope", 5]}),
		f.swap(["Action"], {"NotAction": ["s3:ListBucket", "s3:DeleteObject"]}),
	]
	policy.odd_actions == {"s3:Get*", "s3:GetBucketPolicy", "s3:Nope"} with input as f.input_of(stmts)
	policy.not_action_values == {"s3:ListBucket", "s3:DeleteObject"} with input as f.input_of(stmts)
}

test_where if {
	stmts := [
		f.edit({"Action": ["s3:GetObject", "s3:PutObject", "s3:GetObject"]}),
		f.edit({"Action": {"a": "s3:GetObject"}}), # not a list: policy/structure's finding
		f.edit({"Action": ["s3:PutObject", "s3:GetObject"]}),
	]
	policy.where("Action", "s3:GetObject") == [[0, 0], [0, 2], [2, 1]] with input as f.input_of(stmts)
}

test_resources if {
	bare := "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"
	stmts := [f.edit({"Resource": [bare, f.objects, "*", "arn:aws-cn:s3::111122223333:accesspoint/abc.mrap", "arn:aws:s3::111122223333:accesspoint/my-mrap/object/*"]})]
	doc := f.input_of(stmts)
	policy.common_resources == {bare, f.objects} with input as doc
	policy.odd_resources == {"*", "arn:aws-cn:s3::111122223333:accesspoint/abc.mrap", "arn:aws:s3::111122223333:accesspoint/my-mrap/object/*"} with input as doc

	# the fast path agrees with the full parse
	every r in policy.resource_values {
		policy.resource_forms(r) == policy.resource(r).forms
	} with input as doc
	policy.resource_forms(bare) == {"bucket"} with input as doc
	policy.resource_forms(f.objects) == {"object"} with input as doc
	policy.resource_accounts == {"111122223333"} with input as doc
}

test_owner_needs_one_account if {
	two := [f.edit({"Resource": [f.objects, "arn:aws:s3::444455556666:accesspoint/abc.mrap/object/*"]})]
	not policy.owner with input as f.input_of(two)
	policy.owner.account == "111122223333" with input as f.input_of([f.stmt])
}

test_principal_accounts if {
	values := ["111122223333", "arn:aws:iam::444455556666:role/x", "arn:aws:sts::555566667777:assumed-role/r/s", "*", "12345", "arn:aws:iam::cloudfront:user/x"]
	policy.principal_accounts == {
		"111122223333": "111122223333",
		"arn:aws:iam::444455556666:role/x": "444455556666",
		"arn:aws:sts::555566667777:assumed-role/r/s": "555566667777",
	} with input as f.input_of([f.edit({"Principal": {"AWS": values}})])

	# the same accounts as the general function
	every v in values {
		iam.aws_account_or_null(v) == iam.principal_account_or_null("AWS", v)
	}
}

test_condition_indexes if {
	stmts := [
		f.edit({"Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-1"], "s3:prefix": ["a/"]}, "Bool": {"aws:SecureTransport": ["true"]}}}),
		f.edit({"Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-2"]}, "NumericLessThan": {}}}),
	]
	doc := f.input_of(stmts)
	policy.condition_operators == {"StringEquals", "Bool", "NumericLessThan"} with input as doc
	policy.by_key["aws:PrincipalOrgID"] == [[0, "StringEquals", ["o-1"]], [1, "StringEquals", ["o-2"]]] with input as doc
	policy.by_operator.StringEquals == [[0, "aws:PrincipalOrgID", ["o-1"]], [0, "s3:prefix", ["a/"]], [1, "aws:PrincipalOrgID", ["o-2"]]] with input as doc
	policy.by_operator.NumericLessThan == [] with input as doc # an operator without keys has no entries
}

test_problems_by_rule if {
	doc := object.union(f.input_of([f.stmt]), {"problems": [
		{"rule": "json/duplicate-key", "msg": "a", "pointer": "/x", "line": 2, "column": 3},
		{"rule": "policy/structure", "msg": "b", "pointer": "/y", "line": 4, "column": 5},
	]})
	policy.problems("json/duplicate-key") == {{"msg": "a", "pointer": "/x", "line": 2, "column": 3}} with input as doc
	policy.problems("json/syntax") == set() with input as doc
}

test_incomplete_statements if {
	unresolved := [
		{"pointer": "/Statement/0/Condition/StringEquals/aws:PrincipalOrgID", "path": ["Statement", 0, "Condition", "StringEquals", "aws:PrincipalOrgID"]},
		{"pointer": "/Statement/0/Action/1", "path": ["Statement", 0, "Action", 1]},
		{"pointer": "/Statement/2", "path": ["Statement", 2]},
		{"pointer": "/Version", "path": ["Version"]},
		{"pointer": "/Statement/Principal/AWS", "path": ["Statement", 3, "Principal", "AWS"]},
	]
	policy.incomplete == {0: {"Condition", "Action"}, 3: {"Principal"}} with input as {"unresolved": unresolved}
	policy.unresolved == {"/Statement/0/Condition/StringEquals/aws:PrincipalOrgID", "/Statement/0/Action/1", "/Statement/2", "/Version", "/Statement/Principal/AWS"} with input as {"unresolved": unresolved}
	policy.incomplete == {} with input as {}
}

test_partial_resources if {
	unresolved := [
		{"path": ["Statement", 0, "Resource", 1], "text": "arn:aws:s3:::${MyBucket}/*", "parts": [
			{"text": "arn:aws:s3:::", "expr": false},
			{"text": "${MyBucket}", "expr": true},
			{"text": "/*", "expr": false},
		]},
		{"path": ["Statement", 0, "Principal", "AWS"], "text": "${Reader}", "parts": [{"text": "${Reader}", "expr": true}]},
		{"path": ["Statement", 0, "NotResource"], "text": "${All}"},
	]
	policy.partial_resources == [{
		"path": ["Statement", 0, "Resource", 1],
		"text": "arn:aws:s3:::${MyBucket}/*",
		"exprs": ["${MyBucket}"],
		"glob": `arn:aws:s3:::.*/.*`,
	}] with input as {"unresolved": unresolved}
}

test_glob_escapes_literal_text if {
	policy.glob_part({"text": `a.b+c[d]-e\f?g*`, "expr": false}) == `a\.b\+c\[d\]\-e\\f.g.*`
}
