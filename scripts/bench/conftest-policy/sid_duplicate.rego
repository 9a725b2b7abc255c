package main

deny contains sprintf("Sid %q is used by more than one statement", [sid]) if {
	some i, s in statements
	sid := s.Sid
	some j, t in statements
	i < j
	t.Sid == sid
}
