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
	some [i, op, key, j] in tests(false)
	policy.allow(policy.statements[i])
}

deny contains {
	"msg": "this Deny fires when aws:SecureTransport is true, blocking every HTTPS request; the TLS guard denies \"false\"",
	"path": ["Statement", i, "Condition", op, key, j],
} if {
	some [i, op, key, j] in tests(true)
	policy.deny(policy.statements[i])
}

# tls_keys: the spellings of aws:SecureTransport in the policy.
tls_keys := {key | some key in policy.condition_keys; lower(key) == "aws:securetransport"}

# tests(b): condition entries (with the value's index) that hold when
# aws:SecureTransport equals b: Bool, or a positive string comparison.
tests(b) := {[i, op, key, j] |
	count(tls_keys) > 0
	some [i, op, key, values] in policy.condition_entries
	key in tls_keys
	o := catalog.condition_operators[op]
	not o.negated
	o.family in {"Bool", "String"}
	is_array(values)
	some j, v in values
	iam.bool_value(v) == b
}
