# METADATA
# title: File is not valid JSON
# description: |
#   AWS rejects a policy that does not parse as JSON, and nothing else can be
#   checked until it does. Empty files, trailing commas, comments, single
#   quotes, a byte order mark and truncated files all end here.
# custom:
#   id: json/syntax
#   severity: error
#   access_analyzer: [JSON_SYNTAX_ERROR]
#   remediation: Fix the JSON at the reported position; a JSON formatter (jq . FILE) shows the first error.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
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
package mrapguard.rules.json.syntax

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "json/syntax"
}
