package main

deny contains sprintf("statement %d: %q is not a Multi-Region Access Point ARN", [i, r]) if {
	some i, s in statements
	some r in resources(s)
	not regex.match(`^arn:aws(-[a-z]+)*:s3::[0-9]{12}:accesspoint/[^/]+(/object/.+)?$`, r)
}
