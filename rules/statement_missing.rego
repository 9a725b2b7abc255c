# METADATA
# title: Policy has no statements
# description: |
#   A policy without a Statement element, or with an empty one, grants and
#   denies nothing; AWS rejects it as malformed. It usually comes from a
#   template whose statements were generated into the wrong key.
# custom:
#   id: statement/missing
#   severity: error
#   access_analyzer: [MISSING_STATEMENT]
#   remediation: Add a Statement list with at least one statement.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": []
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
package mrapguard.rules.statement.missing

deny contains {"msg": "the policy has no Statement element, so it grants nothing; add a list of statements"} if {
	is_object(input.policy)
	not "Statement" in object.keys(input.policy)
}

deny contains {"msg": "Statement is empty, so the policy grants nothing; add at least one statement", "path": ["Statement"]} if {
	input.facts.statement_kind == "array"
	input.facts.statements == []
}

# A lone empty object normalizes to [{}]; statement_kind tells it apart
# from a list holding one empty statement.
deny contains {"msg": "Statement is an empty object, so the policy grants nothing; add at least one statement", "path": ["Statement"]} if {
	input.facts.statement_kind == "object"
	input.facts.unusual == [0]
	input.policy.Statement == [{}]
}
