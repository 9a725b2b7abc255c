# METADATA
# title: Condition value, key or statement that another makes redundant
# description: |
#   A condition passes when a request value matches any of its values, so a
#   value another one already covers adds nothing: "logs/app/*" beside
#   "logs/*" under StringLike, 10.1.0.0/16 beside 10.0.0.0/8, a second
#   NumericLessThan bound below a larger one, a value written twice. Likewise
#   a StringLike "*" that only asks for a key another condition already
#   requires, and a statement whose condition's patterns are covered by an
#   otherwise identical statement. Nothing changes for requests, but a
#   reviewer of the MRAP policy reads more than is there - and an edit to
#   the visible value may not change what the policy allows.
# custom:
#   id: condition/redundant-value
#   severity: info
#   access_analyzer: [REDUNDANT_CONDITION_VALUE_NUM, REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION, REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION]
#   remediation: Remove the redundant value, condition or statement; keep the one that decides (the widest pattern, the loosest bound).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}
#         }
#       ]
#     }
package mrapguard.rules.condition.redundant_value

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.redundant_value
	some n in input.facts.condition_notes.redundant_value
}

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.redundant_key
	some n in input.facts.condition_notes.redundant_key
}

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.redundant_statement
	some n in input.facts.condition_notes.redundant_statement
}
