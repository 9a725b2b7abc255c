package mrapguard.rules.policy.unknown_element_test

import data.mrapguard.rules.policy.unknown_element
import data.mrapguard.test.fixtures as f

test_misspelled_statement_elements if {
	s := f.swap(["Action"], {"Actions": ["s3:GetObject"], "Condtion": {}})
	unknown_element.deny == {
		{
			"msg": "\"Actions\" is not a statement element (did you mean \"Action\"?); IAM defines Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition",
			"path": ["Statement", 0, "Actions"],
		},
		{
			"msg": "\"Condtion\" is not a statement element (did you mean \"Condition\"?); IAM defines Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition",
			"path": ["Statement", 0, "Condtion"],
		},
	} with input as f.input_of([s])
}

test_element_names_are_case_sensitive if {
	s := f.swap(["Effect"], {"effect": "Allow"})
	[r] := [r | some r in unknown_element.deny] with input as f.input_of([s])
	r.path == ["Statement", 0, "effect"]
	contains(r.msg, "did you mean \"Effect\"?")
}

test_principals_plural if {
	s := f.swap(["Principal"], {"Principals": {"AWS": [f.reader]}})
	[r] := [r | some r in unknown_element.deny] with input as f.input_of([s])
	contains(r.msg, "did you mean \"Principal\"?")
}

test_top_level if {
	p := object.union(f.policy([f.stmt]), {"Statements": [], "version": "2012-10-17"})
	{r.path | some r in unknown_element.deny} == {["Statements"], ["version"]} with input as {"policy": p}
	some r in unknown_element.deny with input as {"policy": p}
	r.path == ["version"]
	contains(r.msg, "did you mean \"Version\"?")
}

test_no_suggestion_for_unrelated_names if {
	s := f.edit({"Comment": "reader access"})
	[r] := [r | some r in unknown_element.deny] with input as f.input_of([s])
	r.msg == "\"Comment\" is not a statement element; IAM defines Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition"
}

test_silent_on_every_known_element if {
	s := f.edit({"NotPrincipal": {"AWS": [f.reader]}, "NotAction": ["s3:PutObject"], "NotResource": [f.mrap], "Condition": {}})
	p := object.union(f.policy([s]), {"Id": "policy-1"})
	count(unknown_element.deny) == 0 with input as {"policy": p}
}

test_silent_without_policy if {
	count(unknown_element.deny) == 0 with input as {}
	count(unknown_element.deny) == 0 with input as {"policy": {"Statement": "x"}}
}
