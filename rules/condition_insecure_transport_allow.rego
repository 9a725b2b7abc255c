# METADATA
# title: Inverted TLS condition
# description: |
#   aws:SecureTransport is true for requests made over TLS. An Allow that
#   requires it to be false grants access only over plain HTTP, and a Deny
#   that fires when it is true blocks every HTTPS request - both invert the
#   usual "deny when aws:SecureTransport is false" guard, leaving data
#   reachable unencrypted or the MRAP unusable.
# custom:
#   id: condition/insecure-transport-allow
#   severity: warning
#   remediation: >-
#     To require TLS, use a Deny statement with "Bool": {"aws:SecureTransport": "false"},
#     or an Allow with "true".
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"Bool": {"aws:SecureTransport": "false"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         },
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": "s3:*",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"Bool": {"aws:SecureTransport": "false"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.insecure_transport_allow

deny contains {
	"msg": "this Allow applies only when aws:SecureTransport is false, that is to requests over plain HTTP; require \"true\", or deny \"false\" in a Deny statement",
	"path": array.concat(c.path, [j]),
} if {
	some c in transport_tests
	some j, v in c.values
	v.bool == false
	input.facts.statements[c.statement].effect == "Allow"
}

deny contains {
	"msg": "this Deny fires when aws:SecureTransport is true, blocking every HTTPS request; the TLS guard denies \"false\"",
	"path": array.concat(c.path, [j]),
} if {
	some c in transport_tests
	some j, v in c.values
	v.bool == true
	input.facts.statements[c.statement].effect == "Deny"
}

# transport_tests: conditions on aws:SecureTransport (in any case) that hold
# when it equals their values: Bool, or a positive string comparison.
transport_tests contains c if {
	some key, _ in input.facts.keys
	lower(key) == "aws:securetransport"
	some c in input.facts.conditions_by_key[key]
	o := input.facts.operators[c.operator].operator
	not o.negated
	o.family in {"Bool", "String"}
}
