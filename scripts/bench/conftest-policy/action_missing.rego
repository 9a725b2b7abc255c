package main

deny contains sprintf("statement %d has neither Action nor NotAction", [i]) if {
	some i, s in statements
	not s.Action
	not s.NotAction
}
