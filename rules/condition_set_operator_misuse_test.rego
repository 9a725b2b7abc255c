package mrapguard.rules.condition.set_operator_misuse_test

import data.mrapguard.rules.condition.set_operator_misuse
import data.mrapguard.test.fixtures as f

findings(effect, condition) := result if {
	result := {r | some r in set_operator_misuse.deny} with input as f.input_of([f.edit({"Effect": effect, "Condition": condition})])
}

test_for_all_values_on_allow if {
	findings("Allow", {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}) == {{
		"msg": "ForAllValues:StringEquals is true when the request has no aws:TagKeys, so this Allow also covers requests without it; add \"Null\": {\"aws:TagKeys\": \"false\"}",
		"path": ["Statement", 0, "Condition", "ForAllValues:StringEquals", "aws:TagKeys"],
	}}
}

test_for_all_values_with_null_check if {
	count(findings("Allow", {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:tagkeys": [false]}})) == 0
	count(findings("Allow", {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}, "Null": {"aws:TagKeys": ["true"]}})) == 1
}

test_for_all_values_on_deny if {
	count(findings("Deny", {"ForAllValues:StringNotEquals": {"aws:TagKeys": ["team"]}})) == 0
}

test_for_any_value_negated if {
	[r] := [r | some r in findings("Deny", {"ForAnyValue:StringNotLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"]}})]
	r.msg == "ForAnyValue:StringNotLike is true when any value of aws:PrincipalOrgPaths differs from the list, which is nearly always; use ForAllValues:StringNotLike"
}

test_for_any_value_positive if {
	count(findings("Allow", {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"]}})) == 0
}

test_single_valued_keys if {
	[r] := [r | some r in findings("Allow", {"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}})]
	r.msg == "aws:PrincipalOrgID is a single-valued key; ForAnyValue: is for multivalued keys and is true when the key is absent - use StringEquals"
	count(findings("Deny", {"ForAllValues:StringEquals": {"aws:SourceVpce": ["vpce-1"]}})) == 1
	count(findings("Allow", {"ForAllValues:StringLikeIfExists": {"s3:prefix": ["a/*"]}})) == 1
}

test_unknown_keys_are_left_to_unknown_key if {
	count(findings("Deny", {"ForAnyValue:StringEquals": {"aws:Nope": ["x"]}})) == 0
}

test_plain_operators if {
	count(findings("Allow", {"StringEquals": {"aws:TagKeys": ["team"]}, "StringNotEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}})) == 0
}

test_null_is_left_to_null_equivalent if {
	count(findings("Allow", {"ForAllValues:Null": {"aws:SourceVpce": ["false"]}})) == 0
}
