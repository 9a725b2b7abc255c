package mrapguard.rules.principal.invalid_test

import data.mrapguard.rules.principal.invalid
import data.mrapguard.test.fixtures as f

findings(principal) := result if {
	result := {r | some r in invalid.deny} with input as f.input_of([f.edit({"Principal": principal})])
}

test_arn_without_resource_type if {
	findings({"AWS": ["arn:aws:iam::111122223333:JohnDoe"]}) == {{
		"msg": "AWS principal \"arn:aws:iam::111122223333:JohnDoe\" is malformed: \"JohnDoe\" has no resource type: use root, user/NAME or role/NAME",
		"path": ["Statement", 0, "Principal", "AWS", 0],
	}}
}

# variable/syntax reports "${" in a principal (a policy variable IAM does
# not substitute there, or a template placeholder left unfilled).
test_silent_on_variables if {
	count(findings({"AWS": ["arn:aws:iam::${AWS::AccountId}:root", "${aws:PrincipalArn}"]})) == 0
}

test_bad_aws_values if {
	every v in [
		"12345678901", # 11 digits
		"1111222233334", # 13 digits
		"arn:aws:iam::*:root", # wildcard account
		"arn:aws:iam::111122223333:role/app-*", # wildcard in name
		"arn:aws:iam::ACCOUNT-ID:root", # placeholder account
		"arn:aws:iam::<account>:role/reader", # placeholder
		"arn:aws:iam::111122223333:group/admins", # groups are not principals
		"arn:aws:iam::111122223333:policy/p", # not a principal type
		"arn:aws:s3:::bucket", # not IAM
		"arn:aws:iam:us-east-1:111122223333:root", # region
		"arn:aws:sts::111122223333:assumed-role/only-role", # no session
		"arn:aws:iam::111122223333", # truncated
		"arn:amazon:iam::111122223333:root", # partition
		"JohnDoe",
		"",
		"AWS",
	] {
		[r] := [r | some r in findings({"AWS": [v]})]
		r.path == ["Statement", 0, "Principal", "AWS", 0]
	}
}

test_valid_aws_values if {
	every v in [
		"*",
		"111122223333",
		"arn:aws:iam::111122223333:root",
		"arn:aws:iam::111122223333:user/JohnDoe",
		"arn:aws:iam::111122223333:user/division/team/JohnDoe",
		"arn:aws:iam::111122223333:role/reader",
		"arn:aws:sts::111122223333:assumed-role/reader/session-1",
		"arn:aws:sts::111122223333:federated-user/Bob",
		"arn:aws-cn:iam::111122223333:root",
		"arn:aws-us-gov:iam::111122223333:role/reader",
		"arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL",
		"AROAJQABLZS4A3QDU576Q", # unique ID of a deleted role, as AWS returns it
	] {
		count(findings({"AWS": [v]})) == 0
	}
}

test_service_principals if {
	count(findings({"Service": ["cloudfront.amazonaws.com", "logging.s3.amazonaws.com", "s3.amazonaws.com.cn"]})) == 0
	count(findings({"Service": ["*.amazonaws.com"]})) == 1
	count(findings({"Service": ["cloudfront"]})) == 1
	count(findings({"Service": ["<service>.amazonaws.com"]})) == 1
}

test_federated_principals if {
	count(findings({"Federated": ["cognito-identity.amazonaws.com", "accounts.google.com", "arn:aws:iam::111122223333:saml-provider/corp", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]})) == 0
	count(findings({"Federated": ["arn:aws:iam::111122223333:role/x"]})) == 1
	count(findings({"Federated": ["*"]})) == 1
}

test_canonical_user if {
	count(findings({"CanonicalUser": ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"]})) == 0
	count(findings({"CanonicalUser": ["not-hex"]})) == 1
}

test_unknown_principal_type if {
	findings({"aws": ["111122223333"]}) == {{
		"msg": "\"aws\" is not a principal type (did you mean \"AWS\"?); IAM defines AWS, Service, Federated and CanonicalUser",
		"path": ["Statement", 0, "Principal", "aws"],
	}}
	count(findings({"Account": ["111122223333"]})) == 1
}

test_not_principal_values_are_checked if {
	s := f.swap(["Principal"], {"Effect": "Deny", "NotPrincipal": {"AWS": ["12345"]}})
	{r.path | some r in invalid.deny} == {["Statement", 0, "NotPrincipal", "AWS", 0]} with input as f.input_of([s])
}

test_silent_on_wrong_types if {
	count(findings({"AWS": [5, true]})) == 0
	count(findings({"AWS": {"x": "y"}})) == 0
	count(findings("*")) == 0
}
