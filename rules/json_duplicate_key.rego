# METADATA
# title: Key appears twice in one object
# description: |
#   JSON parsers disagree on duplicate keys: most keep the last value, some
#   the first, some reject the document. A policy with a duplicated key can
#   mean one thing to the reviewer and another to AWS — a second "Effect" or
#   "Resource" silently replaces the first. The check applies at any depth,
#   and to condition keys that differ only in case under one operator:
#   IAM reads keys case-insensitively, so they are one key written twice.
# custom:
#   id: json/duplicate-key
#   severity: error
#   access_analyzer: [DUPLICATE_KEYS_WITH_DIFFERENT_CASE]
#   remediation: Keep one of the keys; merge their values into a list where the element takes one (Action, Resource, condition values).
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/public/*",
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/public/*"
#         }
#       ]
#     }
package mrapguard.rules.json.duplicate_key

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "json/duplicate-key"
}

deny contains {"msg": n.msg, "path": n.path} if {
	input.facts.noted.key_case_duplicate
	some n in input.facts.condition_notes.key_case_duplicate
}
