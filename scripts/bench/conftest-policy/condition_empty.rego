package main

warn contains sprintf("statement %d has an empty Condition", [i]) if {
	some i, s in statements
	s.Condition == {}
}
