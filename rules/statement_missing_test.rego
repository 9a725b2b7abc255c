package mrapguard.rules.statement.missing_test

import data.mrapguard.rules.statement.missing
import data.mrapguard.test.fixtures as f

test_no_statement_element if {
	[r] := [r | some r in missing.deny] with input as mrapguard.input({"Version": "2012-10-17"}, {})
	not "path" in object.keys(r)
}

test_empty_list if {
	[r] := [r | some r in missing.deny] with input as mrapguard.input({"Version": "2012-10-17", "Statement": []}, {})
	r.path == ["Statement"]
	r.msg == "Statement is empty, so the policy grants nothing; add at least one statement"
}

test_empty_object if {
	[r] := [r | some r in missing.deny] with input as mrapguard.input({"Version": "2012-10-17", "Statement": {}}, {})
	r.path == ["Statement"]
	r.msg == "Statement is an empty object, so the policy grants nothing; add at least one statement"
}

test_misspelled_statement_key_counts_as_missing if {
	count(missing.deny) == 1 with input as mrapguard.input({"Version": "2012-10-17", "Statements": [f.stmt]}, {})
}

test_silent_with_statements if {
	count(missing.deny) == 0 with input as f.input_of([f.stmt])
	count(missing.deny) == 0 with input as mrapguard.input({"Version": "2012-10-17", "Statement": f.stmt}, {})

	# a list holding an empty statement is reported by the element rules
	count(missing.deny) == 0 with input as f.input_of([{}])

	# and so is a lone statement that is not empty
	count(missing.deny) == 0 with input as mrapguard.input({"Version": "2012-10-17", "Statement": {"Sid": "x"}}, {})
}

test_silent_without_policy if {
	count(missing.deny) == 0 with input as {}
	count(missing.deny) == 0 with input as mrapguard.input("[]", {})
	count(missing.deny) == 0 with input as mrapguard.input("\"x\"", {})
}
