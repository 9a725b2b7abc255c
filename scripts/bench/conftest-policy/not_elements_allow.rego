package main

deny contains sprintf("statement %d: Allow with %s grants more than intended", [i, el]) if {
	some i, s in statements
	s.Effect == "Allow"
	some el in ["NotAction", "NotResource", "NotPrincipal"]
	s[el]
}
