# METADATA
# title: Malformed principal
# description: |
#   AWS rejects the whole policy when one principal cannot be resolved: an
#   account ID that is not 12 digits, an IAM ARN without a resource type
#   (arn:aws:iam::111122223333:JohnDoe), a wildcard inside an ARN (IAM
#   matches principals exactly; only a lone "*" is a wildcard), an IAM group,
#   placeholder text left from an example, or a principal type other than
#   AWS, Service, Federated and CanonicalUser (the types are case-sensitive).
# custom:
#   id: principal/invalid
#   severity: error
#   remediation: Use "*", a 12-digit account ID, or a full ARN such as arn:aws:iam::111122223333:role/NAME or arn:aws:iam::111122223333:user/NAME; to match a set of roles, use "*" with an aws:PrincipalArn condition.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": ["arn:aws:iam::111122223333:JohnDoe", "arn:aws:iam::111122223333:role/app-*"]},
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
#           "Principal": {"AWS": "arn:aws:iam::111122223333:user/JohnDoe"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         },
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "111122223333"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}
#         }
#       ]
#     }
package mrapguard.rules.principal.invalid

import data.mrapguard.lib.iam
import data.mrapguard.lib.policy
import data.mrapguard.lib.text

deny contains {
	"msg": sprintf("%q is not a principal type%s; IAM defines AWS, Service, Federated and CanonicalUser", [t, text.did_you_mean(t, iam.principal_types)]),
	"path": ["Statement", i, element, t],
} if {
	some i in policy.unusual
	some element in ["Principal", "NotPrincipal"]
	is_object(policy.statements[i][element])
	some t in object.keys(policy.statements[i][element]) - iam.principal_types
}

# AWS principals of Principal: checked once per distinct value.
deny contains {
	"msg": sprintf("AWS principal %q is malformed: %s", [v, problem]),
	"path": ["Statement", i, "Principal", "AWS", j],
} if {
	some v in policy.aws_principals
	problem := iam.principal_problem_or_null("AWS", v)
	problem != null
	some i, s in policy.statements
	is_array(s.Principal.AWS)
	some j, x in s.Principal.AWS
	x == v
}

# Other types and NotPrincipal only appear in unusual statements.
deny contains {
	"msg": sprintf("%s principal %q is malformed: %s", [t, v, problem]),
	"path": ["Statement", i, element, t, j],
} if {
	some i in policy.unusual
	some element in ["Principal", "NotPrincipal"]
	is_object(policy.statements[i][element])
	some t, values in policy.statements[i][element]
	is_array(values)
	some j, v in values
	is_string(v)
	problem := iam.principal_problem_or_null(t, v)
	problem != null
}
