# METADATA
# title: Element that IAM does not define
# description: |
#   IAM knows Version, Id and Statement at the top level and Sid, Effect,
#   Principal, NotPrincipal, Action, NotAction, Resource, NotResource and
#   Condition in a statement - with exactly that spelling and case. AWS
#   rejects anything else as a malformed policy, and a misspelled element
#   such as "Condtion" or "Actions" usually means a restriction the author
#   believes is there is not.
# custom:
#   id: policy/unknown-element
#   severity: error
#   access_analyzer: [INVALID_POLICY_ELEMENT]
#   remediation: Rename the element to the IAM spelling shown in the message, or remove it.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Actions": ["s3:GetObject"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condtion": {"Bool": {"aws:SecureTransport": "true"}}
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
#           "Action": ["s3:GetObject"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"Bool": {"aws:SecureTransport": "true"}}
#         }
#       ]
#     }
package mrapguard.rules.policy.unknown_element

top_level := {"Version", "Id", "Statement"}

statement_level := {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

deny contains {
	"msg": sprintf("%q is not a policy element%s; IAM defines Version, Id and Statement", [k, mrapguard.did_you_mean(k, top_level | statement_level)]),
	"path": [k],
} if {
	is_object(input.policy)
	some k in object.keys(input.policy) - top_level
}

deny contains {
	"msg": sprintf("%q is not a statement element%s; IAM defines Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource and Condition", [k, mrapguard.did_you_mean(k, statement_level)]),
	"path": ["Statement", i, k],
} if {
	some i in input.facts.unusual
	some k in object.keys(input.policy.Statement[i]) - statement_level
}
