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

# An action for the bare MRAP ARN (s3:ListBucket) where every resource is an
# object ARN.
deny contains {"msg": message(a, ["bucket"], ["object"]), "path": p} if {
	some a, f in input.facts.actions
	f.forms == ["bucket"]
	some p in input.facts.paths.actions[a]
	p[2] == "Action"
	input.facts.statements[p[1]].resource_forms == ["object"]
}

# An object action where every resource is the bare MRAP ARN.
deny contains {"msg": message(a, ["object"], ["bucket"]), "path": ["Statement", i, "Action", j]} if {
	some i, s in input.facts.statements
	s.resource_forms == ["bucket"]
	["object"] in s.action_forms
	some j, a in input.policy.Statement[i].Action
	input.facts.actions[a].forms == ["object"]
}

describe := {
	"object": "object ARNs (arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY)",
	"bucket": "the MRAP ARN itself (arn:aws:s3::ACCOUNT:accesspoint/ALIAS)",
}

message(a, needed, have) := sprintf("%q applies to %s, but the statement's resources are only %s, so it grants nothing here", [a, concat(" or ", [describe[x] | some x in needed]), concat(" and ", [describe[x] | some x in have])])
