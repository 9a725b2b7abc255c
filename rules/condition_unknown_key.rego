# METADATA
# title: Condition key that is neither global nor S3
# description: |
#   Requests through an MRAP carry the global condition keys (aws:...) and
#   the S3 keys (s3:...) only. Keys are case-insensitive, but a misspelled
#   key or one from another service (kms:ViaService, s3express:...) is never
#   present, so the condition silently never matches (or, with a negated
#   operator or IfExists, always does).
# custom:
#   id: condition/unknown-key
#   severity: error
#   remediation: Use a key from the global or S3 condition key lists (the message suggests the closest), or remove the condition.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:PrincipalOrgIDs": "o-a1b2c3d4e5"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.unknown_key

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy
import data.mrapguard.lib.text

deny contains {"msg": message(key), "path": ["Statement", i, "Condition", op, key]} if {
	some key in policy.condition_keys
	not iam.condition_key(key)
	some [i, op, _] in policy.by_key[key]
}

message(k) := sprintf("%q has no tag key after the slash", [k]) if {
	endswith(k, "/")
	iam.condition_key(concat("", [k, "x"]))
} else := sprintf("%q is not a condition key (keys are written service:Name, such as aws:PrincipalOrgID)", [k]) if {
	not contains(k, ":")
} else := sprintf("%q is a condition key of service %q; requests through an MRAP carry only global (aws:) and S3 (s3:) keys", [k, service]) if {
	service := lower(substring(k, 0, indexof(k, ":")))
	not service in {"aws", "s3"}
} else := sprintf("%q is not a global or S3 condition key (did you mean %q?)", [k, s]) if {
	s := text.suggest(k, key_names)
} else := sprintf("%q is not a global or S3 condition key", [k])

key_names := {x.name | some x in catalog.global_condition_keys; not contains(x.name, "/")} | {x.name | some x in catalog.condition_keys; not contains(x.name, "/")}
