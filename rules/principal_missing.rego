# METADATA
# title: Statement has no Principal
# description: |
#   A Multi-Region Access Point policy is a resource policy: every statement
#   must say whom it applies to with Principal (or NotPrincipal). AWS rejects
#   a statement without one - usually an identity-policy statement pasted
#   into the MRAP policy.
# custom:
#   id: principal/missing
#   severity: error
#   access_analyzer: [MISSING_PRINCIPAL]
#   remediation: >-
#     Add a Principal naming the roles, users or accounts the statement is for,
#     such as {"AWS": "arn:aws:iam::111122223333:role/reader"}.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
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
package mrapguard.rules.principal.missing

deny contains {
	"msg": "statement has neither Principal nor NotPrincipal; a resource policy must say whom each statement applies to",
	"path": ["Statement", i],
} if {
	some i in input.facts.unusual
	elements := object.keys(input.policy.Statement[i])
	not "Principal" in elements
	not "NotPrincipal" in elements
}
