package main

deny contains sprintf("statement %d has neither Resource nor NotResource", [i]) if {
	some i, s in statements
	not s.Resource
	not s.NotResource
}
