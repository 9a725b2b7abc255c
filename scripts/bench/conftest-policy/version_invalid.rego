package main

deny contains sprintf("Version %q is not a policy language version", [input.Version]) if {
	input.Version
	not input.Version in {"2012-10-17", "2008-10-17"}
}
