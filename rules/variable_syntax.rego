# METADATA
# title: Policy variable that IAM does not substitute
# description: |
#   A policy variable such as ${aws:username} or ${aws:PrincipalTag/team}
#   is replaced by the request's value only where IAM substitutes
#   variables: in Resource values and in the values of String and Arn
#   condition operators, under "Version": "2012-10-17". Anywhere else, or
#   malformed (no closing brace, a space in the name, an empty ${}, a
#   default value without single quotes), it is literal text - the
#   statement matches other objects or callers than the reviewer reads, or
#   none - and AWS may reject the policy. In Action or Principal it is
#   usually a template placeholder left unfilled.
# custom:
#   id: variable/syntax
#   severity: error
#   access_analyzer: [EMPTY_VARIABLE, INVALID_VARIABLE_FOR_OPERATOR, MISSING_BRACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE, VARIABLE_UNSUPPORTED_IN_ELEMENT, VARIABLE_UNSUPPORTED_IN_VERSION]
#   remediation: >-
#     Write variables as ${key} or ${key, 'default'} (no spaces in the key), only in
#     Resource values and String or Arn condition values, with "Version": "2012-10-17";
#     elsewhere write the value itself.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/team-member"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/teams/${aws:PrincipalTag/team, company-wide}/*"
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/team-member"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/teams/${aws:PrincipalTag/team, 'company-wide'}/*"
#         }
#       ]
#     }
package mrapguard.rules.variable.syntax

# input.facts.variables: what Go found (the variables IAM would not
# substitute, with why).
deny contains {"msg": v.msg, "path": v.path} if {
	input.facts.noted.variables
	some v in input.facts.variables
}
