# METADATA
# title: Allow with a broad action wildcard
# description: |
#   "*" grants every action of every service, "s3:*" every S3 action, and
#   patterns such as "s3:Put*" or "s3:*Acl" sweep in permissions-management
#   actions (s3:PutObjectAcl, s3:PutObjectVersionAcl, s3:BypassGovernanceRetention)
#   that let the grantee change who else can read the data or lift object
#   locks. Wildcards also grow silently when AWS adds actions.
# custom:
#   id: action/wildcard
#   severity: warning
#   remediation: List the actions the principal needs, such as s3:GetObject and s3:PutObject, or narrow the pattern so it excludes permissions-management actions.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/uploader"},
#           "Action": "s3:Put*",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/uploads/*"
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/uploader"},
#           "Action": ["s3:PutObject", "s3:PutObjectTagging"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/uploads/*"
#         }
#       ]
#     }
package mrapguard.rules.action.wildcard

deny contains {"msg": message(a, f.permissions_management), "path": p} if {
	some a, f in input.facts.actions
	f.wildcard
	count(f.permissions_management) > 0
	some p in input.facts.paths.actions[a]
	p[2] == "Action"
	input.facts.statements[p[1]].effect == "Allow"
}

message("*", _) := "Action \"*\" grants every action of every service; list the S3 actions the principal needs"

message(a, pm) := sprintf("%q grants every S3 action, including permissions management (%s); list the actions the principal needs", [a, show(pm)]) if {
	a != "*"
	lower(a) == "s3:*"
}

message(a, pm) := sprintf("%q also grants permissions-management actions: %s", [a, show(pm)]) if {
	lower(a) != "s3:*"
	a != "*"
}

# show lists up to four names and counts the rest.
show(names) := concat(", ", names) if {
	count(names) <= 4
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 4)), count(names) - 4])
