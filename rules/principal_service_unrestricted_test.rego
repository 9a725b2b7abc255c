package mrapguard.rules.principal.service_unrestricted_test

import data.mrapguard.rules.principal.service_unrestricted as rule
import data.mrapguard.test.fixtures as f

cloudfront(condition) := s if {
	s := object.union(f.edit({"Principal": {"Service": "cloudfront.amazonaws.com"}}), condition)
}

distribution := "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"

findings(stmts) := result if {
	result := {r | some r in rule.deny} with input as f.input_of(stmts)
}

# AWS's example for RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: a service
# principal granted access with no aws:SourceArn or aws:SourceAccount.
test_no_condition if {
	findings([cloudfront({})]) == {{
		"msg": "this Allow lets cloudfront.amazonaws.com act for any resource or account that configures it; another account could point the service at this MRAP (the confused deputy problem): add a condition on aws:SourceArn or aws:SourceAccount",
		"path": ["Statement", 0, "Principal", "Service", 0],
	}}
}

# AWS's example for RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL:
# aws:Referer instead of aws:SourceArn.
test_other_keys_do_not_restrict if {
	[r] := [r | some r in findings([cloudfront({"Condition": {"StringLike": {"aws:Referer": "https://example.com/*"}}})])]
	contains(r.msg, "configures it: aws:Referer is set by the caller and can be forged;")
	count(findings([cloudfront({"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::*:distribution/*"}}})])) == 1
	count(findings([cloudfront({"Condition": {"StringNotEquals": {"aws:SourceAccount": "111122223333"}}})])) == 1
}

# AWS's example for UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL:
# aws:PrincipalOrgID with cloudfront.amazonaws.com.
test_key_service_principals_lack if {
	s := cloudfront({"Condition": {"StringEquals": {"aws:SourceArn": distribution, "aws:PrincipalOrgID": "o-a1b2c3d4e5"}}})
	findings([s]) == {{
		"msg": "requests from cloudfront.amazonaws.com carry no aws:PrincipalOrgID (only IAM users and roles have it), so this condition never matches them, or under IfExists or a negated operator never restricts them; restrict the service with aws:SourceArn or aws:SourceAccount",
		"path": ["Statement", 0, "Condition", "StringEquals", "aws:PrincipalOrgID"],
	}}
}

test_both_findings_on_a_deny_only_the_key if {
	s := cloudfront({"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}})
	count(findings([s])) == 2
	d := object.union(s, {"Effect": "Deny"})
	{r.path | some r in findings([d])} == {["Statement", 0, "Condition", "StringEquals", "aws:PrincipalOrgID"]}
}

test_silent_when_restricted_to_the_source if {
	count(findings([
		cloudfront({"Condition": {"StringEquals": {"aws:SourceArn": distribution}}}),
		cloudfront({"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/*"}}}),
		cloudfront({"Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}, "StringLike": {"aws:Referer": "x"}}}),
		cloudfront({"Condition": {"StringEquals": {"aws:SourceOrgID": "o-a1b2c3d4e5"}}}),
	])) == 0
}

test_silent_on_mixed_principals_denies_and_other_types if {
	mixed := f.edit({"Principal": {"AWS": f.reader, "Service": "cloudfront.amazonaws.com"}, "Condition": {"StringEquals": {"aws:SourceArn": distribution, "aws:PrincipalOrgID": "o-a1b2c3d4e5"}}})
	count(findings([mixed, object.union(cloudfront({}), {"Effect": "Deny"}), f.stmt])) == 0
	null_test := cloudfront({"Condition": {"StringEquals": {"aws:SourceArn": distribution}, "Null": {"aws:PrincipalOrgID": "true"}}})
	count(findings([null_test])) == 0
}
