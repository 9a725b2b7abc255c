package mrapguard.rules.sid.empty_test

import data.mrapguard.rules.sid.empty
import data.mrapguard.test.fixtures as f

# AWS's example for EMPTY_SID_VALUE: "Sid": "".
test_empty_sid if {
	empty.deny == {{
		"msg": "Sid is empty, so findings and logs cannot name this statement; name it (such as \"ReadReports\") or remove the Sid",
		"path": ["Statement", 1, "Sid"],
	}} with input as f.input_of([f.stmt, f.edit({"Sid": ""})])
}

test_every_empty_sid if {
	{r.path | some r in empty.deny} == {["Statement", 0, "Sid"], ["Statement", 2, "Sid"]} with input as f.input_of([f.edit({"Sid": ""}), f.stmt, f.edit({"Sid": ""})])
}

test_silent_on_named_absent_and_blank_sids if {
	count(empty.deny) == 0 with input as f.input_of([f.stmt, f.without(["Sid"]), f.edit({"Sid": " "})])
	count(empty.deny) == 0 with input as f.input_of([f.edit({"Sid": 0}), f.edit({"Sid": null})])
}
