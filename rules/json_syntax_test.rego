package mrapguard.rules.json.syntax_test

import data.mrapguard.rules.json.syntax

# mrapguard.input parses a JSON string exactly as lint parses a file.

test_forwards_syntax_problems if {
	syntax.deny == {{
		"msg": "unexpected ',': expected a JSON value",
		"pointer": "",
		"line": 2,
		"column": 14,
	}} with input as mrapguard.input("{\n  \"Version\": ,\n  \"Statement\": []\n}", {})
}

test_empty_file if {
	[r] := [r | some r in syntax.deny] with input as mrapguard.input("", {})
	startswith(r.msg, "the file is empty")
	r.line == 1
}

test_silent_without_problems if {
	count(syntax.deny) == 0 with input as mrapguard.input({"Version": "2012-10-17", "Statement": []}, {})
	count(syntax.deny) == 0 with input as mrapguard.input("{\"Version\": \"2012-10-17\", \"Version\": \"2012-10-17\"}", {})
	count(syntax.deny) == 0 with input as {}
}
