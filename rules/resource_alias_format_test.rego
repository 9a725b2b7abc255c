package mrapguard.rules.resource.alias_format_test

import data.mrapguard.rules.resource.alias_format
import data.mrapguard.test.fixtures as f

findings(resources) := result if {
	result := {r | some r in alias_format.deny} with input as f.input_of([f.edit({"Resource": resources})])
}

message(resource) := m if {
	[r] := [r | some r in findings([resource])]
	m := r.msg
}

arn(alias) := sprintf("arn:aws:s3::111122223333:accesspoint/%s/object/*", [alias])

test_valid_aliases if {
	count(findings([f.mrap, f.objects, arn("zzzzzzzzzzzzz.mrap"), arn("a1.mrap")])) == 0
}

test_name_instead_of_alias if {
	message(arn("my-mrap")) == "alias \"my-mrap\" in \"arn:aws:s3::111122223333:accesspoint/my-mrap/object/*\" looks like the MRAP's name; ARNs use its alias (lower-case letters and digits ending in .mrap), which AWS generates"
}

test_placeholders if {
	every alias in ["MultiRegionAccessPoint_alias", "Multi-Region-Access-Point-Alias.mrap", "<alias>", "${alias}", "ALIAS", "your-mrap-alias"] {
		contains(message(arn(alias)), "looks like a placeholder")
	}
}

test_capitals if {
	contains(message(arn("MyMRAP.mrap")), "has capital letters")
}

test_wildcards if {
	contains(message("arn:aws:s3::111122223333:accesspoint/*"), "is a wildcard")
	contains(message(arn("*.mrap")), "is a wildcard")
}

test_other_malformed_aliases if {
	every alias in ["1abc.mrap", "abc.mrap.mrap", "ab-c.mrap", "abc.MRAP", "a.b"] {
		count(findings([arn(alias)])) == 1
	}
}

test_empty_alias if {
	message("arn:aws:s3::111122223333:accesspoint/") == "\"arn:aws:s3::111122223333:accesspoint/\" has no alias after accesspoint/"
}

test_too_long if {
	long := concat("", ["a", concat("", [y | some x in numbers.range(1, 60); y := "b"]), ".mrap"])
	contains(message(arn(long)), "at most 63 characters")
}

test_non_mrap_arns_are_left_to_not_mrap if {
	count(findings(["arn:aws:s3:us-east-1:111122223333:accesspoint/My_AP", "arn:aws:s3:::Bucket/*", "*"])) == 0
}

test_not_resource_is_checked if {
	s := f.swap(["Resource"], {"NotResource": [arn("my-mrap")]})
	{r.path | some r in alias_format.deny} == {["Statement", 0, "NotResource", 0]} with input as f.input_of([s])
}

test_policy_variable_alias if {
	contains(message(arn("${aws:PrincipalTag/mrap}")), "is a policy variable, so the ARN names this MRAP only for requests whose value happens to be its alias")
}
