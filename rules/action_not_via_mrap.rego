# METADATA
# title: Action that cannot be used through a Multi-Region Access Point
# description: |
#   A Multi-Region Access Point serves a fixed set of object operations
#   (GetObject, PutObject, the multipart upload calls, ListObjectsV2, object
#   tagging, ACLs, legal hold and retention, RestoreObject). Actions for
#   anything else - bucket configuration and policies, replication, S3
#   Control, object operations an MRAP does not serve (GetObjectAttributes,
#   torrents; CopyObject is not supported either) - can never be performed
#   through it, so granting or denying them in the MRAP policy has no effect
#   and suggests a bucket policy was pasted in.
# custom:
#   id: action/not-via-mrap
#   severity: warning
#   remediation: Remove the action from the MRAP policy; grant bucket-level operations in the bucket policy or the caller's IAM policy instead.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": ["s3:GetObject", "s3:GetBucketPolicy", "s3:PutBucket*"],
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
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.action.not_via_mrap

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {"msg": message(a, f, policy.statements[i]), "path": ["Statement", i, "Action", j]} if {
	some a in policy.odd_actions
	f := iam.action_facts(a)
	f.known
	not f.via
	some [i, j] in policy.where("Action", a)
}

effect(s) := "this Allow grants nothing" if policy.allow(s)

effect(s) := "this Deny has no effect" if not policy.allow(s)

message(a, f, s) := sprintf("%s cannot be performed through a Multi-Region Access Point, so %s", [f.name, effect(s)]) if {
	not f.wildcard
} else := sprintf("%q matches only actions that cannot be performed through a Multi-Region Access Point (%s), so %s", [a, examples(a), effect(s)])

examples(a) := concat(", ", names) if {
	names := [catalog.actions[k].name | some k in iam.matching(a, catalog.action_keys)]
	count(names) <= 3
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 3)), count(names) - 3]) if {
	names := [catalog.actions[k].name | some k in iam.matching(a, catalog.action_keys)]
}
