package mrapguard.rules.resource.redundant_test

import data.mrapguard.rules.resource.redundant
import data.mrapguard.test.fixtures as f

object_arn(key) := concat("", [f.mrap, "/object/", key])

findings(resources) := result if {
	result := {r | some r in redundant.deny} with input as f.input_of([f.edit({"Resource": resources})])
}

# AWS's example for REDUNDANT_RESOURCE, in an MRAP: jane-admin and
# jane-s3only beside jane*.
test_names_covered_by_a_wildcard if {
	findings([object_arn("jane-admin"), object_arn("jane-s3only"), object_arn("jane*")]) == {
		{
			"msg": "\"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/jane-admin\" adds nothing: \"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/jane*\" in this Resource list already covers it, and every object created later under it; remove it, or narrow \"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/jane*\" if it covers more than meant",
			"path": ["Statement", 0, "Resource", 0],
		},
		{
			"msg": "\"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/jane-s3only\" adds nothing: \"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/jane*\" in this Resource list already covers it, and every object created later under it; remove it, or narrow \"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/jane*\" if it covers more than meant",
			"path": ["Statement", 0, "Resource", 1],
		},
	}
}

test_duplicate if {
	[r] := [r | some r in findings([f.objects, f.mrap, f.objects])]
	r.path == ["Statement", 0, "Resource", 2]
	contains(r.msg, "is listed twice in this Resource list")
}

test_not_resource if {
	s := f.swap(["Resource"], {"Effect": "Deny", "NotResource": [object_arn("public/*"), object_arn("public/index.html")]})
	{r.path | some r in redundant.deny} == {["Statement", 0, "NotResource", 1]} with input as f.input_of([s])
}

test_silent_on_distinct_resources if {
	count(findings([f.mrap, f.objects])) == 0
	count(findings([object_arn("reports/*"), object_arn("exports/*"), object_arn("Reports/*")])) == 0
	count(findings(["arn:aws:s3::111122223333:accesspoint/*", "arn:aws:s3::444455556666:accesspoint/x.mrap"])) == 0
}
