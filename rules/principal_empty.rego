# METADATA
# title: Principal is empty
# description: |
#   "Principal": {} or a principal whose lists are all empty matches nobody,
#   so the statement has no effect. It is usually a template whose principal
#   list came out empty - the grant or the deny the author expected is not
#   there, so this is a warning where IAM Access Analyzer has a suggestion.
# custom:
#   id: principal/empty
#   severity: warning
#   access_analyzer: [EMPTY_ARRAY_PRINCIPAL, EMPTY_OBJECT_PRINCIPAL]
#   remediation: Name the principals the statement is for, or remove the statement.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": []},
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
#           "Principal": {"AWS": ["arn:aws:iam::111122223333:role/reader"]},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.principal.empty

deny contains {
	"msg": "Principal is empty, so the statement applies to nobody and has no effect",
	"path": ["Statement", i, "Principal"],
} if {
	some i in input.facts.unusual
	principal := input.policy.Statement[i].Principal
	is_object(principal)
	every values in principal {
		values == []
	}
}
