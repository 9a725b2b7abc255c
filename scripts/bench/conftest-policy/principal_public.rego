package main

narrowing_keys := {
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:sourceaccount",
	"aws:sourcevpce", "aws:sourcevpc", "aws:sourcearn", "aws:principalarn",
	"s3:dataaccesspointarn", "s3:dataaccesspointaccount",
}

narrowed(s) if {
	some op, keys in s.Condition
	op in {"StringEquals", "StringLike", "ArnEquals", "ArnLike", "ForAnyValue:StringEquals", "ForAnyValue:StringLike"}
	some k, v in keys
	lower(k) in narrowing_keys
	every x in as_list(v) {
		is_string(x)
		not contains(x, "*")
	}
}

deny contains sprintf("statement %d allows any principal with no narrowing condition", [i]) if {
	some i, s in statements
	s.Effect == "Allow"
	"*" in aws_principals(s)
	not narrowed(s)
}
