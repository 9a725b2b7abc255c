# METADATA
# title: Effect is missing or not exactly Allow or Deny
# description: |
#   Every statement needs an Effect of exactly "Allow" or "Deny" - the value
#   is case-sensitive. AWS rejects a statement without one or with "allow",
#   "ALLOW" or "Permit", so the whole policy fails to apply.
# custom:
#   id: effect/invalid
#   severity: error
#   access_analyzer: [INVALID_EFFECT, MISSING_EFFECT]
#   remediation: Set "Effect" to "Allow" or "Deny", spelled with exactly that case.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
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
#         }
#       ]
#     }
package mrapguard.rules.effect.invalid

effects := {"Allow", "Deny"}

deny contains {
	"msg": "statement has no Effect; add \"Effect\": \"Allow\" or \"Deny\"",
	"path": ["Statement", i],
} if {
	some i in input.facts.unusual
	not "Effect" in object.keys(input.policy.Statement[i])
}

deny contains {
	"msg": sprintf("Effect %q is not \"Allow\" or \"Deny\"%s; the value is case-sensitive", [effect, mrapguard.did_you_mean(effect, effects)]),
	"path": ["Statement", i, "Effect"],
} if {
	some i in input.facts.unusual
	effect := input.policy.Statement[i].Effect
	is_string(effect)
	not effect in effects
}
