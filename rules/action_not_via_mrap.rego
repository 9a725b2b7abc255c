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
#   and suggests a bucket policy was pasted in. A warning where IAM Access
#   Analyzer reports an error (UNSUPPORTED_ACTION_IN_POLICY): what it grants
#   or denies never applies, the rest of the statement still does.
# custom:
#   id: action/not-via-mrap
#   severity: warning
#   access_analyzer: [UNSUPPORTED_ACTION_IN_POLICY]
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

deny contains {"msg": message(a, f, p[1]), "path": p} if {
	some a, f in input.facts.actions
	f.known
	not f.via_mrap
	some p in input.facts.paths.actions[a]
	p[2] == "Action"
}

effect(i) := "this Allow grants nothing" if {
	input.facts.statements[i].effect == "Allow"
} else := "this Deny has no effect"

message(a, f, i) := sprintf("%s cannot be performed through a Multi-Region Access Point, so %s", [f.name, effect(i)]) if {
	not f.wildcard
} else := sprintf("%q matches only actions that cannot be performed through a Multi-Region Access Point (%s), so %s", [a, examples(iam.actions(a)), effect(i)])

examples(names) := concat(", ", names) if {
	count(names) <= 3
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 3)), count(names) - 3])
