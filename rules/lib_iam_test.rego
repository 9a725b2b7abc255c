package mrapguard.lib.iam_test

import data.mrapguard.lib.iam

test_expand if {
	iam.expand("s3:GetObject") == {"s3:getobject"}
	iam.expand("S3:GETOBJECT") == {"s3:getobject"}
	iam.expand("s3:GetObjectVersion*") == {"s3:getobjectversion", "s3:getobjectversionacl", "s3:getobjectversionannotation", "s3:getobjectversionannotationforreplication", "s3:getobjectversionattributes", "s3:getobjectversionforreplication", "s3:getobjecttagging", "s3:getobjectversiontagging", "s3:getobjectversiontorrent"} - {"s3:getobjecttagging"}
	iam.expand("s3:???ObjectAcl") == {"s3:getobjectacl", "s3:putobjectacl"}
	count(iam.expand("*")) == 180
	count(iam.expand("s3:*")) == 180
	iam.expand("s3:Nope") == set()
	iam.expand("kms:*") == set()
	iam.expand("s3:[x]*") == set()
	iam.expand(5) == set()
}

test_action_predicates if {
	iam.known_action("s3:listbucket")
	not iam.known_action("s3:ListObjects")
	iam.via_mrap("s3:GetObject")
	iam.via_mrap("s3:Get*")
	not iam.via_mrap("s3:PutBucketPolicy")
	not iam.via_mrap("s3:PutBucket*")
	iam.applies_to_form("s3:ListBucket", "bucket")
	not iam.applies_to_form("s3:ListBucket", "object")
	iam.applies_to_form("s3:List*", "object")
	iam.applies_to_form("s3:*Uploads", "bucket")
}

test_arn if {
	iam.arn("arn:aws:s3::111122223333:accesspoint/x.mrap/object/a:b") == {"partition": "aws", "service": "s3", "region": "", "account": "111122223333", "resource": "accesspoint/x.mrap/object/a:b"}
	not iam.arn("arn:aws:s3")
	not iam.arn(5)
}

test_mrap_arn if {
	iam.mrap_arn("arn:aws:s3::111122223333:accesspoint/x.mrap/object/k") == {"account": "111122223333", "alias": "x.mrap", "suffix": "/object/k"}
	iam.mrap_arn("arn:aws:s3::111122223333:accesspoint/x.mrap") == {"account": "111122223333", "alias": "x.mrap", "suffix": ""}
	not iam.mrap_arn("arn:aws:s3:us-east-1:111122223333:accesspoint/x")
	not iam.mrap_arn("arn:aws:s3:::bucket")
}

test_forms if {
	iam.forms("*", null) == {"bucket", "object"}
	iam.forms("r", null) == set()
	iam.forms("r", {"alias": "x.mrap", "suffix": ""}) == {"bucket"}
	iam.forms("r", {"alias": "*", "suffix": ""}) == {"bucket", "object"}
	iam.forms("r", {"alias": "x.mrap", "suffix": "/object/*"}) == {"object"}
	iam.forms("r", {"alias": "x.mrap", "suffix": "/*"}) == {"object"}
	iam.forms("r", {"alias": "x.mrap", "suffix": "/object/"}) == set()
	iam.forms("r", {"alias": "x.mrap", "suffix": "/reports/*"}) == set()
}

test_condition_key if {
	iam.condition_key("AWS:PrincipalOrgId").type == "String"
	iam.condition_key("aws:PrincipalTag/team").name == "aws:PrincipalTag/tag-key"
	iam.condition_key("s3:ExistingObjectTag/a/b").name == "s3:ExistingObjectTag/<key>"
	iam.condition_key("s3:max-keys").type == "Numeric"
	not iam.condition_key("aws:PrincipalTag/")
	not iam.condition_key("aws:Nope")
}

test_operator if {
	iam.operator("ForAnyValue:StringNotLikeIfExists") == {"base": "StringNotLike", "family": "String", "negated": true, "set": "ForAnyValue:", "if_exists": true}
	not iam.operator("NullIfExists")
	not iam.operator("stringequals")
}

test_value_problem if {
	not iam.value_problem(iam.operator("Bool"), "true")
	iam.value_problem(iam.operator("Bool"), "yes") == "Bool takes true or false, not \"yes\""
	not iam.value_problem(iam.operator("IpAddress"), "${aws:SourceIp}")
	not iam.value_problem(iam.operator("Bool"), {"a": 1})
	iam.value_problem(iam.operator("NumericEquals"), true) == "NumericEquals takes a number, not true"
}

test_principal_account if {
	iam.principal_account("111122223333") == "111122223333"
	iam.principal_account("arn:aws:iam::444455556666:role/x") == "444455556666"
	not iam.principal_account("*")
	iam.principal_account_or_null("AWS", "arn:aws:sts::444455556666:assumed-role/r/s") == "444455556666"
	iam.principal_account_or_null("AWS", "*") == null
	iam.principal_account_or_null("Service", "s3.amazonaws.com") == null
}

test_wildcard_match_escapes_regex_characters if {
	iam.wildcard_match("a.b*", "a.bcd")
	not iam.wildcard_match("a.b*", "axbcd")
	iam.wildcard_match("(x)?", "(x)y")
}
