package main

deny contains sprintf("statement %d: alias %q is not an MRAP alias", [i, alias]) if {
	some i, s in statements
	some r in resources(s)
	parts := regex.find_all_string_submatch_n(`^arn:aws(?:-[a-z]+)*:s3::[0-9]{12}:accesspoint/([^/]+)`, r, 1)
	alias := parts[0][1]
	not regex.match(`^[a-z][a-z0-9]{0,57}\.mrap$`, alias)
}
