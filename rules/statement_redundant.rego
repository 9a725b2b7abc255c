# METADATA
# title: Statement already covered by another statement
# description: |
#   A statement whose principals, actions and resources another statement
#   with the same Effect already covers - with a condition that holds
#   whenever its own does - grants or denies nothing more. Two copies drift
#   apart: someone narrows one and the other keeps granting. A "*" in the
#   other statement's StringLike or ArnLike condition can be why it covers
#   this one. Statements with NotPrincipal, NotAction or NotResource are not
#   compared, nor policies of more than 300 statements.
# custom:
#   id: statement/redundant
#   severity: info
#   access_analyzer: [REDUNDANT_STATEMENT, REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION]
#   remediation: Remove the covered statement, or change it if it was meant to differ from the one that covers it.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Sid": "ReadAll",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         },
#         {
#           "Sid": "ReadReports",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Sid": "ReadReports",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/reports/*"
#         },
#         {
#           "Sid": "WriteUploads",
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:PutObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/uploads/*"
#         }
#       ]
#     }
package mrapguard.rules.statement.redundant

# input.facts.redundant_statements: the statements Go found covered by
# another.
deny contains {"msg": r.msg, "path": r.path} if {
	input.facts.noted.redundant_statements
	some r in input.facts.redundant_statements
}
