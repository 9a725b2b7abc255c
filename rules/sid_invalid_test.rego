package mrapguard.rules.sid.invalid_test

import data.mrapguard.rules.sid.invalid
import data.mrapguard.test.fixtures as f

test_fires_on_other_characters if {
	every sid in ["read-reports", "Read Reports", "read_reports", "Lecture\u00e9"] {
		[r] := [r | some r in invalid.deny] with input as f.input_of([f.edit({"Sid": sid})])
		r.path == ["Statement", 0, "Sid"]
	}
}

test_message_lists_offending_characters if {
	[r] := [r | some r in invalid.deny] with input as f.input_of([f.edit({"Sid": "a b-c-d"})])
	r.msg == "Sid \"a b-c-d\" has characters other than A-Z, a-z and 0-9 (\" \" \"-\")"
}

test_silent_on_alphanumeric_empty_or_absent if {
	count(invalid.deny) == 0 with input as f.input_of([f.edit({"Sid": "ReadReports2024"}), f.edit({"Sid": ""}), f.without(["Sid"])])
}

test_silent_on_wrong_type if {
	count(invalid.deny) == 0 with input as f.input_of([f.edit({"Sid": ["a-b"]})])
}
