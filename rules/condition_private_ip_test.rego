package mrapguard.rules.condition.private_ip_test

import data.mrapguard.rules.condition.private_ip as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

test_only_private_ranges if {
	findings({"IpAddress": {"aws:SourceIp": ["10.0.0.0/16", "192.168.1.7"]}}) == {{
		"msg": "IpAddress aws:SourceIp: every range is private, and aws:SourceIp holds only public addresses (a request from a private network comes through a VPC endpoint, with aws:VpcSourceIp), so this condition never matches; use aws:VpcSourceIp with aws:SourceVpc or aws:SourceVpce for private networks",
		"path": ["Statement", 0, "Condition", "IpAddress", "aws:SourceIp"],
		"severity": "error",
	}}
	[r] := [r | some r in findings({"NotIpAddressIfExists": {"AWS:SourceIP": ["172.16.0.0/12", "fd00::/8"]}})]
	contains(r.msg, "so this condition always matches")
}

test_private_among_public_ranges if {
	findings({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "10.0.0.0/8"]}}) == {{
		"msg": "\"10.0.0.0/8\" is a private range, and aws:SourceIp holds only public addresses, so this value matches no request; use aws:VpcSourceIp with aws:SourceVpc or aws:SourceVpce for private networks",
		"path": ["Statement", 0, "Condition", "IpAddress", "aws:SourceIp", 1],
		"severity": "info",
	}}
	count(findings({"NotIpAddress": {"aws:SourceIp": ["198.51.100.0/24", "192.168.0.0/16"]}})) == 1
}

test_silent_on_public_ranges_and_other_keys if {
	count(findings({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32", "0.0.0.0/0"]}})) == 0
	count(findings({"IpAddress": {"aws:VpcSourceIp": ["10.0.0.0/8"]}})) == 0
	count(findings({"IpAddress": {"aws:SourceIp": ["10.0.0.0/33"]}})) == 0
	count(findings({"IpAddress": {"aws:SourceIp": ["10.0.0.0/7"]}})) == 0
}
