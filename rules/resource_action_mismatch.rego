# METADATA
# title: Action matches none of the statement's resources
# description: |
#   Through an MRAP, object actions (s3:GetObject, s3:PutObject...) apply to
#   object ARNs, arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY, while
#   s3:ListBucket and s3:ListBucketMultipartUploads apply to the MRAP ARN
#   itself, arn:aws:s3::ACCOUNT:accesspoint/ALIAS. An action whose resource
#   form is missing from the statement is granted (or denied) on nothing:
#   s3:GetObject with only the MRAP ARN, or s3:ListBucket with only
#   /object/* ARNs, fails at request time with AccessDenied.
# custom:
#   id: resource/action-mismatch
#   severity: warning
#   remediation: Add the resource form the action needs - .../object/* for object actions, the bare MRAP ARN for s3:ListBucket - or move the action to a statement that has it.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": ["s3:ListBucket", "s3:GetObject"],
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
#           "Action": ["s3:ListBucket", "s3:GetObject"],
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#           ]
#         }
#       ]
#     }
package mrapguard.rules.resource.action_mismatch

deny contains {"msg": message(a, needed, have), "path": ["Statement", i, "Action", j]} if {
	some i, s in input.facts.statements
	have := s.resource_forms
	count(have) == 1
	some needed in s.action_forms
	not have[0] in needed
	some j, a in input.policy.Statement[i].Action
	input.facts.actions[a].forms == needed
}

describe := {
	"object": "object ARNs (arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY)",
	"bucket": "the MRAP ARN itself (arn:aws:s3::ACCOUNT:accesspoint/ALIAS)",
}

message(a, needed, have) := sprintf("%q applies to %s, but the statement's resources are only %s, so it grants nothing here", [a, concat(" or ", [describe[x] | some x in needed]), concat(" and ", [describe[x] | some x in have])])
