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

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {"msg": message(a), "path": ["Statement", i, "Action", j]} if {
	some a in policy.odd_actions
	f := iam.action_facts(a)
	f.wildcard
	f.pm
	some [i, j] in policy.where("Action", a)
	policy.allow(policy.statements[i])
}

# permissions_management lists the permissions-management actions a pattern
# matches, those usable through an MRAP first: they are the live risk.
permissions_management(a) := array.concat(
	[catalog.actions[k].name | some k in pm; k in catalog.via_mrap_actions],
	[catalog.actions[k].name | some k in pm; not k in catalog.via_mrap_actions],
) if {
	pm := iam.matching(a, catalog.permissions_management_actions)
}

message("*") := "Action \"*\" grants every action of every service; list the S3 actions the principal needs"

message(a) := sprintf("%q grants every S3 action, including permissions management (%s); list the actions the principal needs", [a, show(permissions_management(a))]) if {
	a != "*"
	lower(a) == "s3:*"
}

message(a) := sprintf("%q also grants permissions-management actions: %s", [a, show(permissions_management(a))]) if {
	lower(a) != "s3:*"
	a != "*"
}

# show lists up to four names and counts the rest.
show(names) := concat(", ", names) if {
	count(names) <= 4
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 4)), count(names) - 4])
