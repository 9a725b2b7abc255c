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
#   access_analyzer: [INVALID_CONDITION_KEY_FORMAT, INVALID_GLOBAL_CONDITION_KEY, INVALID_SERVICE_CONDITION_KEY, UNSUPPORTED_GLOBAL_CONDITION_KEY, DEPRECATED_GLOBAL_CONDITION_KEY, MISSING_TAG_KEY_IN_CONDITION, USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES]
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

deny contains {"msg": message(key, k), "path": p} if {
	some key, k in input.facts.keys
	k.key == null
	some p in input.facts.paths.keys[key]
}

message(key, k) := sprintf("%q has no tag key after the slash", [key]) if {
	endswith(key, "/")
	iam.condition_key(concat("", [key, "x"]))
} else := sprintf("%q needs the tag key after a slash, as in %s/team", [key, key]) if {
	iam.condition_key(concat("", [key, "/x"]))
} else := sprintf("%q is no longer supported; use %s", [key, k.replaced_by]) if {
	k.replaced_by
} else := sprintf("%q is not a condition key (keys are written service:Name, such as aws:PrincipalOrgID)", [key]) if {
	not contains(key, ":")
} else := sprintf("%q is a condition key of service %q; requests through an MRAP carry only global (aws:) and S3 (s3:) keys", [key, service]) if {
	service := lower(substring(key, 0, indexof(key, ":")))
	not service in {"aws", "s3"}
} else := sprintf("%q is not a global or S3 condition key (did you mean %q?)", [key, k.suggestion]) if {
	k.suggestion
} else := sprintf("%q is not a global or S3 condition key", [key])
