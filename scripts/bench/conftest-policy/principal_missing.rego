package main

deny contains sprintf("statement %d has neither Principal nor NotPrincipal", [i]) if {
	some i, s in statements
	not s.Principal
	not s.NotPrincipal
}
