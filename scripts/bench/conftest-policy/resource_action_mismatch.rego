package main

warn contains sprintf("statement %d: s3:ListBucket needs the bare MRAP ARN", [i]) if {
	some i, s in statements
	some a in actions(s)
	lower(a) == "s3:listbucket"
	every r in resources(s) {
		contains(r, "/object/")
	}
}
