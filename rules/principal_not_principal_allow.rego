# METADATA
# title: NotPrincipal with Allow
# description: |
#   "Effect": "Allow" with NotPrincipal grants access to every principal in
#   every AWS account - including anonymous callers - except the ones
#   listed. That is almost never the intent, and AWS advises against it.
# custom:
#   id: principal/not-principal-allow
#   severity: error
#   access_analyzer: [ALLOW_WITH_NOT_PRINCIPAL]
#   remediation: Use Principal with the principals to allow; to exclude someone from a broad grant, add a Deny statement for them instead.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/intern"},
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
package mrapguard.rules.principal.not_principal_allow

deny contains {
	"msg": "Allow with NotPrincipal grants access to everyone, including anonymous callers, except the principals listed; use Principal, or a Deny to exclude someone",
	"path": ["Statement", i, "NotPrincipal"],
} if {
	some i in input.facts.unusual
	input.facts.statements[i].effect == "Allow"
	"NotPrincipal" in object.keys(input.policy.Statement[i])
}
