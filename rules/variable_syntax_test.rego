package mrapguard.rules.variable.syntax_test

import data.mrapguard.rules.variable.syntax
import data.mrapguard.test.fixtures as f

object_arn(key) := concat("", [f.mrap, "/object/", key])

findings(stmts) := result if {
	result := {r | some r in syntax.deny} with input as f.input_of(stmts)
}

message(resource) := r.msg if {
	[r] := [r | some r in findings([f.edit({"Resource": [resource]})])]
}

# AWS's examples, in an MRAP object ARN.
test_missing_brace if {
	message(object_arn("home/${aws:username/*")) == "\"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/home/${aws:username/*\": policy variable ${aws:username/* is malformed: it has no closing brace; end the variable with }"
}

test_missing_quote if {
	contains(message(object_arn("teams/${aws:PrincipalTag/team, company-wide}/*")), "default value must be in single quotes")
	contains(message(object_arn("teams/${aws:PrincipalTag/team, 'company-wide}/*")), "default value must be in single quotes")
}

test_space_in_variable if {
	contains(message(object_arn("home/${aws:user name}/*")), "has a space")
	contains(message(object_arn("home/${ aws:username }/*")), "has a space")
}

test_empty_variable if {
	contains(message(object_arn("home/${}/*")), "names no condition key")
	contains(message(object_arn("home/${ }/*")), "names no condition key")
}

test_variable_in_action_and_principal if {
	s := f.edit({"Action": ["s3:GetObject", "s3:${aws:username}"], "Principal": {"AWS": ["arn:aws:iam::111122223333:user/${aws:username}"]}})
	{r.path | some r in findings([s])} == {["Statement", 0, "Action", 1], ["Statement", 0, "Principal", "AWS", 0]}
	some r in findings([s])
	r.path == ["Statement", 0, "Principal", "AWS", 0]
	contains(r.msg, "only in Resource and Condition values, so in Principal ${aws:username} is literal text that matches no principal")
}

test_variable_with_a_non_string_operator if {
	s := f.edit({"Condition": {"NumericLessThan": {"s3:max-keys": ["${aws:PrincipalTag/limit}"]}, "DateGreaterThan": {"aws:CurrentTime": "${aws:TokenIssueTime}"}}})
	{r.path | some r in findings([s])} == {
		["Statement", 0, "Condition", "NumericLessThan", "s3:max-keys", 0],
		["Statement", 0, "Condition", "DateGreaterThan", "aws:CurrentTime", 0],
	}
}

test_variable_without_the_2012_version if {
	s := f.edit({"Resource": [object_arn("home/${aws:userid}/*")]})
	[r] := [r | some r in syntax.deny] with input as mrapguard.input({"Statement": [s]}, {})
	r.path == ["Statement", 0, "Resource", 0]
	contains(r.msg, "this policy has no Version, so IAM does not substitute policy variables")
	[r2] := [r | some r in syntax.deny] with input as mrapguard.input({"Version": "2008-10-17", "Statement": [s]}, {})
	contains(r2.msg, "this policy's Version is \"2008-10-17\"")
}

test_silent_on_substituted_variables if {
	ok := f.edit({
		"Resource": [object_arn("home/${aws:userid}/*"), object_arn("teams/${aws:PrincipalTag/team, 'company-wide'}/*"), object_arn("literal/${*}${?}${$}")],
		"Condition": {
			"StringLike": {"s3:prefix": ["home/${aws:username}/*"]},
			"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/${aws:PrincipalTag/dist}"},
			"StringEqualsIfExists": {"aws:PrincipalTag/team": "${aws:PrincipalTag/team, 'none'}"},
		},
	})
	count(findings([f.stmt, ok])) == 0
}

test_silent_without_variables if {
	count(findings([f.stmt, f.edit({"Resource": [object_arn("$home/{x}/$/*")]})])) == 0
	count(syntax.deny) == 0 with input as mrapguard.input({"Statement": [f.stmt]}, {})
}

# A "$" written as a JSON escape is still a "$".
test_escaped_dollar if {
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/\u0024{aws:username/*"}]}`
	[r] := [r | some r in syntax.deny] with input as mrapguard.input(src, {})
	contains(r.msg, "has no closing brace")
}
