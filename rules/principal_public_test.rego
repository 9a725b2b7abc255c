package mrapguard.rules.principal.public_test

import data.mrapguard.rules.principal.public
import data.mrapguard.test.fixtures as f

# public_stmt normalizes the condition as the parser does: scalars become lists.
public_stmt(condition) := f.edit({"Principal": {"AWS": ["*"]}, "Condition": {op: {k: as_list(v) | some k, v in keys} | some op, keys in condition}})

as_list(v) := v if is_array(v)

as_list(v) := [v] if not is_array(v)

findings(condition) := result if {
	result := [r | some r in public.deny] with input as f.input_of([public_stmt(condition)])
}

is_public(condition) if count(findings(condition)) == 1

test_no_condition if {
	[r] := [r | some r in public.deny] with input as f.input_of([f.edit({"Principal": {"AWS": ["*"]}})])
	r.path == ["Statement", 0, "Principal", "AWS", 0]
	contains(r.msg, "with no condition")
}

test_star_among_other_principals if {
	[r] := [r | some r in public.deny] with input as f.input_of([f.edit({"Principal": {"AWS": [f.reader, "*"]}})])
	r.path == ["Statement", 0, "Principal", "AWS", 1]
}

test_narrowing_conditions if {
	every condition in [
		{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
		{"StringEquals": {"aws:principalorgid": ["o-a1b2c3d4e5"]}}, # keys are case-insensitive
		{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"]}},
		{"StringEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}},
		{"StringEquals": {"aws:SourceAccount": "111122223333"}},
		{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
		{"StringEquals": {"aws:SourceVpc": "vpc-111bbb22"}},
		{"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}},
		{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}},
		{"StringLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}},
		{"StringEquals": {"s3:DataAccessPointArn": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"}},
		{"StringEquals": {"s3:DataAccessPointAccount": "111122223333"}},
		{"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::amzn-s3-demo-bucket"}},
		# one narrowing entry is enough
		{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "Bool": {"aws:SecureTransport": "true"}},
	] {
		not is_public(condition)
	}
}

test_non_narrowing_conditions if {
	every condition in [
		{"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
		{"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/x"}},
		{"ArnNotLike": {"aws:SourceArn": "arn:aws:s3:::x"}},
		{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
		{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
		{"StringLike": {"aws:Referer": "https://example.com/*"}},
		{"StringEquals": {"aws:UserAgent": "my-app"}},
		{"Bool": {"aws:SecureTransport": "true"}},
		{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}},
		{"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::*:distribution/*"}},
		{"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
		{"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*"}},
		{"StringLike": {"aws:PrincipalAccount": "1111*"}},
		{"StringLike": {"aws:PrincipalOrgID": "*"}},
		{"StringEquals": {"aws:PrincipalAccount": ["111122223333", "*"]}},
		{"Null": {"aws:PrincipalOrgID": "false"}},
		{"StringEquals": {"aws:PrincipalOrgId": "ACME"}},
		{"stringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, # not an operator
		{},
	] {
		is_public(condition)
	}
}

test_message_says_why if {
	[r] := findings({"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "StringLike": {"aws:Referer": "https://x/*"}})
	r.msg == "statement is open to callers you do not control: it allows any principal (\"*\") and no condition narrows it to known callers: StringNotEquals on aws:PrincipalOrgID is negated, so it matches every caller except the values listed; aws:Referer is set by the caller and can be forged"
}

# Open to a network is open, but S3 Block Public Access accepts it: the
# message says so, since an MRAP that blocks public policies takes it.
test_message_names_public_to_aws if {
	[r] := findings({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})
	r.msg == "statement is open to callers you do not control: it allows any principal (\"*\") and no condition narrows it to known callers: aws:SourceIp limits the network a request comes from, not who sends it; it is not public to AWS, though: S3 Block Public Access accepts IpAddress on aws:SourceIp as a restriction"
}

test_message_wildcard_account if {
	[r] := findings({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}})
	contains(r.msg, "the aws:PrincipalArn value \"arn:aws:iam::*:role/admin\" has a wildcard account")
}

test_message_if_exists if {
	[r] := findings({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}})
	contains(r.msg, "StringEqualsIfExists lets requests without aws:SourceVpce through")
}

test_deny_is_not_public if {
	count(public.deny) == 0 with input as f.input_of([f.edit({"Effect": "Deny", "Principal": {"AWS": ["*"]}})])
}

test_named_principals_are_not_public if {
	count(public.deny) == 0 with input as f.input_of([f.stmt, f.edit({"Principal": {"Service": ["cloudfront.amazonaws.com"]}})])
}

test_condition_of_another_statement_does_not_narrow if {
	stmts := [
		f.edit({"Principal": {"AWS": ["*"]}}),
		f.edit({"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}),
	]
	{r.path | some r in public.deny} == {["Statement", 0, "Principal", "AWS", 0]} with input as f.input_of(stmts)
}

test_silent_on_wrong_types if {
	count(public.deny) == 0 with input as f.input_of([f.edit({"Principal": {"AWS": {"x": "*"}}})])
	count(public.deny) == 0 with input as {"policy": {"Statement": "*"}}
}
