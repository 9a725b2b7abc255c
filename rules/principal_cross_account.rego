# METADATA
# title: Principal from another account
# description: |
#   The statement grants access to a principal in an account other than the
#   MRAP owner's. Cross-account access through an MRAP is legitimate but
#   worth a deliberate look: the other account's administrators decide who
#   in it can use the grant, and the underlying buckets must allow it too.
#   Accounts listed in data.mrapguard.trusted_accounts (--data) are not
#   reported. The owner is the target account (--account) or, offline, the
#   account of the policy's own MRAP ARNs when they all agree. The examples
#   are linted for account 111122223333.
# custom:
#   id: principal/cross-account
#   severity: info
#   remediation: >-
#     Confirm the grant is intended, then list the account in trusted_accounts,
#     for example a --data file holding {"mrapguard": {"trusted_accounts": ["444455556666"]}}.
#   example_input:
#     target:
#       account: "111122223333"
#       alias: mfzwi23gnjvgw.mrap
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::444455556666:role/partner-reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/shared/*"
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/shared/*"
#         }
#       ]
#     }
package mrapguard.rules.principal.cross_account

trusted := {a | some a in data.mrapguard.trusted_accounts}

deny contains {
	"msg": sprintf("principal %q is in account %s, not the MRAP owner %s (%s), and the account is not in trusted_accounts", [v, p.account, owner.account, owner.source]),
	"path": path,
} if {
	owner := input.facts.owner
	some v, p in input.facts.principals.AWS
	p.account != owner.account
	not p.account in trusted
	some path in input.facts.paths.principals.AWS[v]
	path[2] == "Principal"
	input.facts.statements[path[1]].effect == "Allow"
}
