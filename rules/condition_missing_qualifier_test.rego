package mrapguard.rules.condition.missing_qualifier_test

import data.mrapguard.rules.condition.missing_qualifier as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

test_multivalued_keys_without_a_qualifier if {
	findings({"StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"]}}) == {{
		"msg": "aws:PrincipalOrgPaths carries a set of values in one request; write ForAnyValue:StringLike if one of them must match, or ForAllValues:StringLike if all must",
		"path": ["Statement", 0, "Condition", "StringLike", "aws:PrincipalOrgPaths"],
	}}
	count(findings({"StringEquals": {"aws:TagKeys": ["team"]}, "StringEqualsIfExists": {"s3:RequestObjectTagKeys": ["team"]}})) == 2
	count(findings({"StringEquals": {"aws:calledvia": ["athena.amazonaws.com"]}})) == 1
}

test_silent_with_a_qualifier_or_null if {
	count(findings({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"]}})) == 0
	count(findings({"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team"]}})) == 0
	count(findings({"Null": {"aws:TagKeys": ["false"]}})) == 0
}

test_silent_on_single_valued_and_unknown_keys if {
	count(findings({"StringEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"], "aws:Nope": ["x"]}})) == 0
	count(findings({"StringEqual": {"aws:TagKeys": ["team"]}})) == 0
}
