package main

deny contains sprintf("statement %d: AWS principal %q is malformed", [i, p]) if {
	some i, s in statements
	some p in aws_principals(s)
	not regex.match(`^(\*|[0-9]{12}|arn:aws(-[a-z]+)*:(iam|sts)::[0-9]{12}:(root|user/.+|role/.+|assumed-role/.+/.+|federated-user/.+))$`, p)
}
