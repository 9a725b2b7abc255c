# METADATA
# title: Principal is an IAM unique ID instead of an ARN
# description: |
#   AWS writes a role's or user's unique ID (AROA... for a role, AIDA... for
#   a user) into a policy in place of its ARN when that role or user is
#   deleted. A role or user created again under the same name gets a new ID,
#   so the statement now grants or denies nobody - a deny that silently
#   stopped working, or access that an owner thinks is still there. An ID
#   written by hand has the same problem the next time the principal is
#   re-created.
# custom:
#   id: principal/unique-id
#   severity: warning
#   access_analyzer: [INVALID_ROLE_REFERENCE, INVALID_USER_REFERENCE]
#   remediation: Name the role or user by its ARN (arn:aws:iam::111122223333:role/NAME or user/NAME), or remove the principal if it was deleted on purpose.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "AROADBQP57FF2AEXAMPLE"},
#           "Action": "s3:GetObject",
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
#         }
#       ]
#     }
package mrapguard.rules.principal.unique_id

deny contains {
	"msg": sprintf("principal %q is the unique ID of a deleted or re-created IAM %s, so it matches nobody (a %s created again under the same name gets a new ID); name the %s by its ARN", [v, p.unique_id, p.unique_id, p.unique_id]),
	"path": path,
} if {
	some v, p in input.facts.principals.AWS
	p.unique_id
	some path in input.facts.paths.principals.AWS[v]
}
