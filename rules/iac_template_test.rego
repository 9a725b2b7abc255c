package mrapguard.rules.iac.template_test

import data.mrapguard.rules.iac.template

test_forwards_its_problems if {
	problems := [
		{"rule": "iac/template", "msg": "one", "pointer": "/Statement/0/Resource", "line": 9, "column": 5},
		{"rule": "json/syntax", "msg": "other", "pointer": "", "line": 2, "column": 3},
	]
	template.deny == {{"msg": "one", "pointer": "/Statement/0/Resource", "line": 9, "column": 5}} with input as {"problems": problems}
}

test_silent_without_problems if {
	count(template.deny) == 0 with input as {"problems": []}
	count(template.deny) == 0 with input as {}
}
