package mrapguard.rules.condition.ip_host_bits_test

import data.mrapguard.rules.condition.ip_host_bits as rule
import data.mrapguard.test.fixtures as f

findings(condition) := result if {
	result := {r | some r in rule.deny} with input as f.input_of([f.edit({"Condition": condition})])
}

test_host_bits if {
	findings({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.7/24"]}}) == {{
		"msg": "\"198.51.100.7/24\" has bits set after its prefix length, which IAM ignores: it stands for 198.51.100.0/24; write that",
		"path": ["Statement", 0, "Condition", "IpAddress", "aws:SourceIp", 1],
	}}
	[r] := [r | some r in findings({"NotIpAddress": {"aws:VpcSourceIp": ["2001:DB8:1234:5678::1/64"]}})]
	contains(r.msg, "it stands for 2001:db8:1234:5678::/64")
}

test_silent_on_clean_blocks_and_addresses if {
	count(findings({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "203.0.113.7", "203.0.113.7/32", "2001:db8::/32"]}})) == 0
	count(findings({"IpAddress": {"aws:SourceIp": ["203.0.113.7/33"]}})) == 0
	count(findings({"StringEquals": {"aws:SourceIp": ["203.0.113.7/24"]}})) == 0
}
