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

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {
	"msg": "this Allow applies only when aws:SecureTransport is false, that is to requests over plain HTTP; require \"true\", or deny \"false\" in a Deny statement",
	"path": ["Statement", i, "Condition", op, key, j],
} if {
	some [i, op, key, j, false] in tests
	policy.allow(policy.statements[i])
}

deny contains {
	"msg": "this Deny fires when aws:SecureTransport is true, blocking every HTTPS request; the TLS guard denies \"false\"",
	"path": ["Statement", i, "Condition", op, key, j],
} if {
	some [i, op, key, j, true] in tests
	policy.deny(policy.statements[i])
}

# tests: condition entries (with the value's index) on aws:SecureTransport
# (in any case) that hold when it equals b: Bool, or a positive string
# comparison.
tests := {[i, op, key, j, b] |
	some key, entries in policy.by_key
	lower(key) == "aws:securetransport"
	some [i, op, values] in entries
	o := catalog.condition_operators[op]
	not o.negated
	o.family in {"Bool", "String"}
	is_array(values)
	some j, v in values
	b := iam.bool_value(v)
}
