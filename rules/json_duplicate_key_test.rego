package mrapguard.rules.json.duplicate_key_test

import data.mrapguard.rules.json.duplicate_key
import data.mrapguard.test.fixtures as f

test_forwards_duplicate_key_problems if {
	[r] := [r | some r in duplicate_key.deny] with input as mrapguard.input("{\n  \"Version\": \"2012-10-17\",\n  \"Version\": \"2008-10-17\"\n}", {})
	r.pointer == "/Version"
	r.line == 3
	r.column == 3
	contains(r.msg, "Version")
}

test_silent_without_problems if {
	count(duplicate_key.deny) == 0 with input as mrapguard.input({"Version": "2012-10-17", "Statement": []}, {})
	count(duplicate_key.deny) == 0 with input as mrapguard.input("{", {})
}

test_condition_keys_differing_in_case if {
	s := f.edit({"Condition": {"StringEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d"], "aws:sourcevpce": ["vpce-5e6f7a8b"]}}})
	{r | some r in duplicate_key.deny} == {{
		"msg": "\"aws:SourceVpce\" and \"aws:sourcevpce\" are one condition key (keys ignore case) written twice under StringEquals, and AWS may read either; keep one spelling and merge the values",
		"path": ["Statement", 0, "Condition", "StringEquals", "aws:sourcevpce"],
	}} with input as f.input_of([s])
}

test_same_key_under_two_operators_is_not_a_duplicate if {
	s := f.edit({"Condition": {"StringLike": {"aws:PrincipalTag/team": ["data-*"]}, "Null": {"AWS:PrincipalTag/team": ["false"]}}})
	count(duplicate_key.deny) == 0 with input as f.input_of([s])
}
