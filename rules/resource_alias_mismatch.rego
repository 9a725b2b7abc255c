# METADATA
# title: MRAP alias differs from the target's
# description: |
#   The policy names a different Multi-Region Access Point than the one it
#   is being linted or applied for: the statement matches no request made
#   through the target MRAP, and AWS rejects resources that do not belong to
#   it. This is usually a policy copied from another environment. The rule
#   runs only when the target's alias is known (--alias, or read from AWS).
#   The examples are linted for account 111122223333, alias
#   mfzwi23gnjvgw.mrap.
# custom:
#   id: resource/alias-mismatch
#   severity: error
#   remediation: Replace the alias with the target MRAP's alias shown in the message, or lint against the MRAP the policy is meant for.
#   example_input:
#     target:
#       account: "111122223333"
#       name: my-mrap
#       alias: mfzwi23gnjvgw.mrap
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/zzzzzzzzzzzzz.mrap/object/*"
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
package mrapguard.rules.resource.alias_mismatch

deny contains {
	"msg": sprintf("alias %q is not the target MRAP's alias %q%s", [f.mrap.alias, target, target_name]),
	"path": p,
} if {
	target := input.target.alias
	target != ""
	some r, f in input.facts.resources
	f.mrap.valid_alias
	f.mrap.alias != target
	some p in input.facts.paths.resources[r]
}

target_name := sprintf(" (MRAP %q)", [input.target.name]) if {
	is_string(input.target.name)
	input.target.name != ""
} else := ""
