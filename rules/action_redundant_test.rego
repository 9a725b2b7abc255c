package mrapguard.rules.action.redundant_test

import data.mrapguard.rules.action.redundant
import data.mrapguard.test.fixtures as f

findings(actions) := result if {
	result := {r | some r in redundant.deny} with input as f.input_of([f.edit({"Action": actions})])
}

# AWS's example for REDUNDANT_ACTION, in S3: ["iam:Get*", "iam:List*",
# "iam:GetCredentialReport"] repeats the last action.
test_name_covered_by_a_pattern if {
	findings(["s3:Get*", "s3:List*", "s3:GetObject"]) == {{
		"msg": "\"s3:GetObject\" adds nothing: \"s3:Get*\" in this Action list already covers it; remove it, or narrow \"s3:Get*\" if it grants more than meant",
		"path": ["Statement", 0, "Action", 2],
	}}
}

# ... and a pattern that also matches an action nothing else covers is not
# redundant (AWS: iam:*CredentialReport also has GenerateCredentialReport).
test_partly_covered_pattern_is_kept if {
	count(findings(["s3:Get*", "s3:*ObjectTagging"])) == 0
}

test_duplicates_report_the_later_one if {
	[r] := [r | some r in findings(["s3:GetObject", "s3:PutObject", "s3:getobject"])]
	r.path == ["Statement", 0, "Action", 2]
	r.msg == "\"s3:getobject\" is listed twice in this Action list (also as \"s3:GetObject\"); remove one"
	{r.path | some r in findings(["s3:Get*", "s3:Get*"])} == {["Statement", 0, "Action", 1]}
}

# Neither pattern covers the other, but today s3:GetObject*Hold matches
# only s3:GetObjectLegalHold, which s3:GetObjectL* matches too.
test_pattern_covered_per_catalog if {
	[r] := [r | some r in findings(["s3:GetObjectL*", "s3:GetObject*Hold"])]
	r.path == ["Statement", 0, "Action", 1]
	r.msg == "\"s3:GetObject*Hold\" adds nothing today: every action it matches (s3:GetObjectLegalHold) is already in this Action list; it only adds actions AWS creates later under the pattern - remove it, or keep it on purpose"
}

test_name_covered_by_a_narrower_pattern if {
	{r.path | some r in findings(["s3:GetObjectLegalHold", "s3:GetObjectRetention", "s3:GetObject*Hold"])} == {["Statement", 0, "Action", 0]}
}

test_not_action_and_every_covered_value if {
	s := f.swap(["Action"], {"Effect": "Deny", "NotAction": ["s3:GetObject", "s3:Get*", "*"]})
	{r.path | some r in redundant.deny} == {["Statement", 0, "NotAction", 0], ["Statement", 0, "NotAction", 1]} with input as f.input_of([s])
}

test_silent_on_distinct_actions if {
	count(findings(["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:PutObject*"])) == 0
	count(findings(["s3:GetObject"])) == 0
	count(redundant.deny) == 0 with input as f.input_of([f.stmt, f.stmt])
}
