package main

deny contains sprintf("statement %d: %q matches no S3 action", [i, a]) if {
	some i, s in statements
	some a in actions(s)
	not matches(a, s3_actions)
}
