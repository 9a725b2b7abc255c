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
#   access_analyzer: [INVALID_PRINCIPAL_FORMAT, INVALID_PRINCIPAL_KEY, INVALID_SERVICE_PRINCIPAL_FORMAT, UNSUPPORTED_WILDCARD_IN_PRINCIPAL]
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

types := {"AWS", "Service", "Federated", "CanonicalUser"}

deny contains {
	"msg": sprintf("%q is not a principal type%s; IAM defines AWS, Service, Federated and CanonicalUser", [t, mrapguard.did_you_mean(t, types)]),
	"path": ["Statement", i, element, t],
} if {
	some i in input.facts.unusual
	some element in ["Principal", "NotPrincipal"]
	is_object(input.policy.Statement[i][element])
	some t in object.keys(input.policy.Statement[i][element]) - types
}

deny contains {
	"msg": sprintf("%s principal %q is malformed: %s", [t, v, p.problem]),
	"path": path,
} if {
	some t, values in input.facts.principals
	some v, p in values
	p.problem
	not contains(v, "${") # variable/syntax explains it
	some path in input.facts.paths.principals[t][v]
}
