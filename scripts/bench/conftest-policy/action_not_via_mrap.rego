package main

warn contains sprintf("statement %d: %q cannot be used through a Multi-Region Access Point", [i, a]) if {
	some i, s in statements
	some a in actions(s)
	matches(a, s3_actions)
	not matches(a, via_mrap_actions)
}
