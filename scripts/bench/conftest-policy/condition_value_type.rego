package main

deny contains sprintf("statement %d: %s %s takes an IP address or CIDR block, not %v", [i, op, k, x]) if {
	some i, s in statements
	some op in ["IpAddress", "NotIpAddress"]
	some k, v in s.Condition[op]
	some x in as_list(v)
	not net.cidr_is_valid(x)
	not regex.match(`^[0-9.]+$|^[0-9a-fA-F:]+$`, x)
}
