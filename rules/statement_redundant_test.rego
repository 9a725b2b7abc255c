package mrapguard.rules.statement.redundant_test

import data.mrapguard.rules.statement.redundant
import data.mrapguard.test.fixtures as f

object_arn(key) := concat("", [f.mrap, "/object/", key])

findings(stmts) := result if {
	result := {r | some r in redundant.deny} with input as f.input_of(stmts)
}

# AWS's example for REDUNDANT_STATEMENT: the same statement twice.
test_same_statement_twice if {
	findings([f.stmt, f.edit({"Sid": "Copy"})]) == {{
		"msg": "this statement grants nothing that statement 0 (Sid Read) does not already grant; remove it, or change it if it was meant to differ (an edit to one copy would not reach the other)",
		"path": ["Statement", 1],
	}}
}

test_covered_by_wildcards if {
	broad := f.edit({"Sid": "All", "Principal": {"AWS": "*"}, "Action": ["s3:Get*"], "Resource": [object_arn("*")]})
	narrow := f.edit({"Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": [object_arn("reports/*")]})
	{r.path | some r in findings([narrow, broad])} == {["Statement", 0]}
}

test_deny_covered_by_a_weaker_condition if {
	tls := {"Bool": {"aws:SecureTransport": ["false"]}}
	d1 := f.edit({"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": ["s3:*"], "Condition": tls})
	d2 := f.edit({"Effect": "Deny", "Action": ["s3:PutObject"], "Condition": object.union(tls, {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}})})
	[r] := [r | some r in findings([d1, d2])]
	r.path == ["Statement", 1]
	startswith(r.msg, "this statement denies nothing that statement 0 (Sid Read) does not already deny")
}

# The check "redundant statement due to wildcard in condition": the
# covering statement's condition is StringLike "*" on a key this one
# requires.
test_due_to_wildcard_in_condition if {
	any_team := f.edit({"Sid": "AnyTeam", "Condition": {"StringLike": {"aws:PrincipalTag/team": ["*"]}}})
	one_team := f.edit({"Sid": "OneTeam", "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["red"]}}})
	[r] := [r | some r in findings([any_team, one_team])]
	r.path == ["Statement", 1]
	endswith(r.msg, "does not already grant, since a \"*\" in its condition matches any value; remove it, or change it if it was meant to differ (an edit to one copy would not reach the other)")
}

test_silent_when_the_other_grants_less_or_differs if {
	count(findings([f.stmt, f.edit({"Effect": "Deny"})])) == 0
	count(findings([f.stmt, f.edit({"Action": ["s3:GetObject", "s3:PutObject"]})])) == 1 # only the narrower one
	count(findings([f.edit({"Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}), f.edit({"Condition": {"StringEquals": {"aws:SourceVpce": "vpce-9f8e7d6c"}}})])) == 0
	count(findings([f.edit({"Condition": {"StringLike": {"aws:PrincipalTag/team": ["*"]}}}), f.stmt])) == 1 # the conditional one
	count(findings([f.stmt, f.edit({"Principal": {"AWS": "arn:aws:iam::111122223333:role/writer"}})])) == 0
	count(findings([f.stmt, f.swap(["Action"], {"NotAction": ["s3:PutObject"]})])) == 0
}

test_covering_statement_without_a_sid if {
	[r] := [r | some r in findings([f.edit({"Sid": ""}), f.without(["Sid"])])]
	startswith(r.msg, "this statement grants nothing that statement 0 does not already grant;")
}
