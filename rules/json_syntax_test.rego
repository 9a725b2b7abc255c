package mrapguard.rules.json.syntax_test

import data.mrapguard.rules.json.syntax

test_forwards_syntax_problems if {
	problems := [
		{"rule": "json/syntax", "msg": "invalid character '}' looking for beginning of object key string", "pointer": "", "line": 9, "column": 5},
		{"rule": "json/duplicate-key", "msg": "duplicate", "pointer": "/Version", "line": 2, "column": 3},
	]
	syntax.deny == {{"msg": "invalid character '}' looking for beginning of object key string", "pointer": "", "line": 9, "column": 5}} with input as {"problems": problems}
}

test_silent_without_problems if {
	count(syntax.deny) == 0 with input as {"problems": []}
	count(syntax.deny) == 0 with input as {}
}

test_missing_position_defaults_to_document_start if {
	syntax.deny == {{"msg": "the file is empty", "pointer": "", "line": 1, "column": 1}} with input as {"problems": [{"rule": "json/syntax", "msg": "the file is empty"}]}
}
