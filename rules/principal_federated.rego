# METADATA
# title: Federated principal in an MRAP policy
# description: |
#   A Federated principal (a SAML or OIDC provider, Cognito, a web identity
#   provider) is trusted only in an IAM role's trust policy, where it lets
#   federated users assume the role. An S3 Multi-Region Access Point policy
#   cannot grant to it: requests through the MRAP are signed by the role
#   the federated user assumed, never by the provider, so the statement
#   matches no request and AWS rejects such a principal in a resource
#   policy.
# custom:
#   id: principal/federated
#   severity: error
#   access_analyzer: [FEDERATED_PRINCIPAL_NOT_SUPPORTED]
#   remediation: >-
#     Name the role that the federated users assume, such as
#     {"AWS": "arn:aws:iam::111122223333:role/web-users"}, and keep the identity
#     provider in that role's trust policy.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp-idp"},
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
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/corp-users"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.principal.federated

deny contains {
	"msg": sprintf("federated principal %q cannot be granted in an MRAP policy: identity providers are trusted only in a role's trust policy, so this matches no request; name the role the federated users assume", [v]),
	"path": p,
} if {
	some v, _ in input.facts.principals.Federated
	some p in input.facts.paths.principals.Federated[v]
}
