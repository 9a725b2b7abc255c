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

import data.mrapguard.lib.policy

trusted := {a | some a in data.mrapguard.trusted_accounts}

deny contains {
	"msg": sprintf("principal %q is in account %s, not the MRAP owner %s (%s), and the account is not in trusted_accounts", [v, account, owner.account, owner.source]),
	"path": ["Statement", i, "Principal", "AWS", j],
} if {
	some v, account in foreign
	owner := policy.owner
	some i, s in policy.statements
	v in s.Principal.AWS
	s.Effect == "Allow"
	is_array(s.Principal.AWS)
	some j, x in s.Principal.AWS
	x == v
}

# foreign: AWS principal value -> its account, for the accounts that are
# neither the owner's nor trusted.
foreign := {v: a |
	owner := policy.owner.account
	some v, a in policy.principal_accounts
	a != owner
	not a in trusted
}
