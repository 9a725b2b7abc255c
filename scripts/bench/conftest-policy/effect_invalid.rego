package main

deny contains sprintf("statement %d: Effect %v is not Allow or Deny", [i, s.Effect]) if {
	some i, s in statements
	not s.Effect in {"Allow", "Deny"}
}
