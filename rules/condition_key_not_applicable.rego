# METADATA
# title: S3 condition key that none of the statement's actions carry
# description: |
#   Each S3 condition key is present only in requests for certain actions
#   (the S3 catalog lists them per action and resource type): s3:prefix and
#   s3:max-keys come with s3:ListBucket, s3:x-amz-acl with s3:PutObject and
#   s3:PutObjectAcl. A condition on a key that none of the statement's
#   actions carry tests a value that is never there: with a positive operator
#   the statement never applies, with a negated one it always does.
# custom:
#   id: condition/key-not-applicable
#   severity: warning
#   access_analyzer: [UNSUPPORTED_ACTION_FOR_CONDITION_KEY]
#   remediation: Move the condition to a statement whose actions carry the key, or use the key meant for these actions (s3:prefix is for s3:ListBucket; object keys are matched by the Resource).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringLike": {"s3:prefix": "reports/*"}}
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
#           "Action": "s3:ListBucket",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#           "Condition": {"StringLike": {"s3:prefix": "reports/*"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.key_not_applicable

deny contains {
	"msg": sprintf("%s is not present in requests for %s, so this condition tests a key that is never there", [c.key, show(c.statement)]),
	"path": c.path,
} if {
	some key, k in input.facts.keys
	k.key.carried_by
	some c in input.facts.conditions_by_key[key]
	not c.applies
}

# show names the statement's catalogued actions: three, then a count.
show(i) := concat(", ", names) if {
	names := input.facts.statements[i].known_actions
	count(names) <= 3
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 3)), count(names) - 3]) if {
	names := input.facts.statements[i].known_actions
}
