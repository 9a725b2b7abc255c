# METADATA
# title: Action that matches no S3 action
# description: |
#   An action name (or wildcard pattern) that matches no action in the S3
#   IAM catalog, or that belongs to another service, grants or denies
#   nothing - and AWS may reject the policy. Common causes are API operation
#   names used as actions (s3:ListObjects, s3:HeadObject, s3:CopyObject),
#   words in the wrong order (s3:PutObjectAclVersion) and other services'
#   prefixes. Action names are case-insensitive: s3:listbucket is valid.
# custom:
#   id: action/unknown
#   severity: error
#   remediation: Use the IAM action from the S3 catalog; the message names the closest one, for example s3:ListBucket for the ListObjects and ListObjectsV2 operations.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": ["s3:ListObjects", "s3:GetObjects"],
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#           ]
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
#           "Action": ["s3:ListBucket", "s3:GetObject"],
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#           ]
#         }
#       ]
#     }
package mrapguard.rules.action.unknown

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy
import data.mrapguard.lib.text

deny contains {"msg": message(a), "path": ["Statement", i, element, j]} if {
	some a in policy.odd_actions
	not iam.action_facts(a).known
	some element in ["Action", "NotAction"]
	some [i, j] in policy.where(element, a)
}

message(a) := sprintf("%q is not an action: actions are written service:Name, such as s3:GetObject", [a]) if {
	not contains(a, ":")
} else := sprintf("%q is an action of service %q; a Multi-Region Access Point policy can only cover S3 actions (s3:...)", [a, iam.service(a)]) if {
	iam.service(a) != "s3"
} else := sprintf("%q matches no S3 action", [a]) if {
	iam.is_wildcard(a)
} else := sprintf("%q is not an S3 action%s", [a, hint(a)])

name_part(a) := substring(a, indexof(a, ":") + 1, -1)

# hint: the operation table first (s3:ListObjects -> s3:ListBucket), then a
# catalog name with the same words in another order, then one typo away.
hint(a) := sprintf("; %s is an API operation, which needs %s", [op.name, concat(" and ", op.actions)]) if {
	op := catalog.operations[lower(name_part(a))]
} else := sprintf(" (did you mean %s?)", [n]) if {
	n := same_words(name_part(a))
} else := sprintf(" (did you mean %s?)", [n]) if {
	n := text.suggest(a, action_names(a))
} else := ""

# same_words looks the name's words up in the catalog's word index.
same_words(name) := catalog.action_words[concat(",", sort([lower(w) | some w in regex.find_n(`[A-Z][a-z0-9]*`, name, -1)]))]

# Typo candidates share the first two letters of the name, which keeps the
# edit-distance check off most of the catalog.
action_names(a) := {x.name |
	pre := lower(substring(a, 0, indexof(a, ":") + 3))
	some k, x in catalog.actions
	startswith(k, pre)
}
