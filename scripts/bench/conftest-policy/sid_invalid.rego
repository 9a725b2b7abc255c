package main

deny contains sprintf("Sid %q has characters other than A-Z, a-z and 0-9", [s.Sid]) if {
	some s in statements
	is_string(s.Sid)
	not regex.match(`^[A-Za-z0-9]*$`, s.Sid)
}
