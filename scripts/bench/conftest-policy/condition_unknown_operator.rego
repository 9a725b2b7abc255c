package main

base_operators := {
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
}

base(op) := trim_suffix(regex.replace(op, `^For(All|Any)Value(s)?:`, ""), "IfExists")

deny contains sprintf("statement %d: %q is not a condition operator", [i, op]) if {
	some i, s in statements
	some op, _ in s.Condition
	not base(op) in base_operators
}
