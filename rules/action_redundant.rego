# METADATA
# title: Action already covered by another in the same list
# description: |
#   An action that another value of the same Action (or NotAction) list
#   already covers - s3:GetObject beside s3:Get*, or the same action twice
#   in another case - changes nothing. It makes the list longer to review,
#   and it hides what the wildcard really grants: the reviewer reads the
#   names, the wildcard grants more. A pattern whose every action today is
#   already listed adds only the actions AWS creates later under it.
# custom:
#   id: action/redundant
#   severity: info
#   access_analyzer: [REDUNDANT_ACTION]
#   remediation: Remove the covered action; if the wildcard is broader than intended, replace it with the names the principal needs.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": ["s3:GetObject*", "s3:GetObjectTagging"],
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
#           "Action": ["s3:GetObject", "s3:GetObjectTagging"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#         }
#       ]
#     }
package mrapguard.rules.action.redundant

# input.facts.redundant_actions: the values Go found covered by another
# value of their list.
deny contains {"msg": message(r), "path": r.path} if {
	some r in input.facts.redundant_actions
}

message(r) := sprintf("%q is listed twice in this %s list (also as %q); remove one", [r.value, r.element, r.by[0]]) if {
	lower(r.value) == lower(r.by[0])
} else := sprintf("%q adds nothing today: every action it matches (%s) is already in this %s list; it only adds actions AWS creates later under the pattern - remove it, or keep it on purpose", [r.value, show(r.catalog), r.element]) if {
	r.catalog
} else := sprintf("%q adds nothing: %q in this %s list already covers it; remove it, or narrow %q if it grants more than meant", [r.value, r.by[0], r.element, r.by[0]])

show(names) := concat(", ", names) if {
	count(names) <= 4
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 4)), count(names) - 4])
