package main

warn contains sprintf("statement %d allows requests over plain HTTP", [i]) if {
	some i, s in statements
	s.Effect == "Allow"
	some k, v in s.Condition.Bool
	lower(k) == "aws:securetransport"
	some x in as_list(v)
	lower(sprintf("%v", [x])) == "false"
}
