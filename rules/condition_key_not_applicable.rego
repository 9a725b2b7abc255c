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

import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {
	"msg": sprintf("%s is not present in requests for %s, so this condition tests a key that is never there", [key, show(facts)]),
	"path": ["Statement", i, "Condition", op, key],
} if {
	some key, _ in partial_keys
	some [i, op, _] in policy.by_key[key]
	actions := policy.statements[i].Action
	not policy.incomplete_element(i, "Action")
	not applies(key, actions)
	facts := known_actions(actions)
}

# partial_keys: the policy's S3 keys that only some actions carry -> those
# actions. The catalog lists the carrying actions of such keys; keys nearly
# every action carries (s3:authType...) always apply.
partial_keys := {key: carriers |
	some key in policy.condition_keys
	iam.is_s3_key(key)
	carriers := iam.condition_key(key).actions
}

# applies: the statement has no known action, or one that carries the key.
# Always defined, so OPA caches it for each key and Action list.
applies(key, actions) := false if {
	facts := known_actions(actions)
	count(facts) > 0
	not carried(partial_keys[key], facts)
} else := true

# known_actions: [value, facts] for each known action of an Action list.
known_actions(actions) := [[a, f] |
	is_array(actions)
	some a in actions
	is_string(a)
	f := iam.action_facts(a)
	f.known
]

carried(carriers, facts) if {
	some [a, f] in facts
	not f.wildcard
	lower(a) in carriers
}

carried(carriers, facts) if {
	some [a, f] in facts
	f.wildcard
	iam.matches_any(a, carriers)
}

show(facts) := concat(", ", names) if {
	names := sort([f.name | some [_, f] in facts])
	count(names) <= 3
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 3)), count(names) - 3]) if {
	names := sort([f.name | some [_, f] in facts])
}
