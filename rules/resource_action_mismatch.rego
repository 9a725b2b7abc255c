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

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {"msg": message(a, needed, have), "path": ["Statement", i, "Action", j]} if {
	some i, have in forms
	count(have) == 1
	actions := policy.statements[i].Action
	is_array(actions)
	some j, a in actions
	is_string(a)
	needed := iam.action_facts(a).forms
	count(needed) > 0
	count(needed & have) == 0
}

# An action and the resources disagree only when one side applies to the
# bare MRAP ARN alone: an action such as s3:ListBucket among object ARNs, or
# object actions where every resource is the bare MRAP ARN. So only the
# statements that hold such an action or resource are candidates.
candidates contains i if {
	some a in bucket_actions
	some i, s in policy.statements
	a in s.Action
}

candidates contains i if {
	some r in bucket_resources
	some i, s in policy.statements
	r in s.Resource
}

bucket_actions contains a if {
	some a in policy.action_values
	catalog.actions[lower(a)].mrap_resource == "bucket"
}

bucket_actions contains a if {
	some a in policy.odd_actions
	iam.action_facts(a).forms == {"bucket"}
}

bucket_resources contains r if {
	some r in policy.common_resources
	not contains(r, "/object/")
}

bucket_resources contains r if {
	some r in policy.odd_resources
	policy.resource(r).forms == {"bucket"}
}

# forms: candidate statement index -> the MRAP ARN forms its resources can
# match. Only for statements whose resources are all MRAP ARNs or "*";
# anything else is resource/not-mrap's finding and would make this one
# guesswork.
forms := {i: f |
	some i in candidates
	s := policy.statements[i]
	is_array(s.Resource)
	count(s.Resource) > 0
	facts := [policy.resource_forms(r) | some r in s.Resource; is_string(r)]
	count(facts) == count(s.Resource)
	not set() in facts
	f := {x | some rf in facts; some x in rf}
}

describe := {
	"object": "object ARNs (arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY)",
	"bucket": "the MRAP ARN itself (arn:aws:s3::ACCOUNT:accesspoint/ALIAS)",
}

have(forms) := concat(" and ", [describe[x] | some x in forms])

message(a, needed, forms) := sprintf("%q applies to %s, but the statement's resources are only %s, so it grants nothing here", [a, concat(" or ", [describe[x] | some x in needed]), have(forms)])
