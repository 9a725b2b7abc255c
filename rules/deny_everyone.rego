# METADATA
# title: Unconditional Deny for everyone on every action
# description: |
#   A Deny for Principal "*" on all S3 actions ("*", "s3:*" or a pattern
#   covering every action usable through the MRAP) over all of its objects,
#   with no condition, refuses every request made through the MRAP -
#   including the owner's and the applications' - and an explicit Deny
#   cannot be overridden. Such statements are meant to carry a condition
#   (aws:SecureTransport false, a StringNotEquals on aws:PrincipalOrgID)
#   that got lost.
# custom:
#   id: deny/everyone
#   severity: warning
#   remediation: Add the condition the Deny is meant to enforce, such as StringNotEquals on aws:PrincipalOrgID or Bool aws:SecureTransport false, or narrow its principals or actions.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         },
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": "s3:*",
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
#         },
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": "s3:*",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
#         }
#       ]
#     }
package mrapguard.rules.deny.everyone

deny contains {
	"msg": "this Deny applies to every principal and every S3 action with no condition, so every request through the MRAP fails, the owner's included; add the condition it is meant to enforce",
	"path": ["Statement", i],
} if {
	some i, f in input.facts.statements
	f.effect == "Deny"
	f.all_mrap_actions
	s := input.policy.Statement[i]
	"*" in s.Principal.AWS
	unconditional(s)
	some r in s.Resource
	all_objects(r)
}

unconditional(s) if not "Condition" in object.keys(s)

unconditional(s) if s.Condition == {}

# all_objects: the Resource value covers every object of the MRAP.
all_objects("*")

all_objects(r) if input.facts.resources[r].mrap.suffix in {"/object/*", "/*"}

all_objects(r) if {
	m := input.facts.resources[r].mrap
	m.suffix == ""
	contains(m.alias, "*")
}
