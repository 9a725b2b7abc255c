package main

warn contains sprintf("statement %d: %q grants every action", [i, a]) if {
	some i, s in statements
	s.Effect == "Allow"
	some a in actions(s)
	lower(a) in {"*", "s3:*"}
}
