# METADATA
# title: ARN account differs from the target's
# description: |
#   The account in an MRAP ARN is the MRAP owner's. An ARN with another
#   account names an MRAP that is not the target, so the statement matches
#   no request made through it - often a policy promoted from a staging
#   account without updating its ARNs. The rule runs only when the target's
#   account is known (--account, or from the target ARN). The examples are
#   linted for account 111122223333.
# custom:
#   id: resource/account-mismatch
#   severity: error
#   remediation: Use the target MRAP owner's account ID in the ARN.
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
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::444455556666:accesspoint/mfzwi23gnjvgw.mrap/object/*"
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
package mrapguard.rules.resource.account_mismatch

deny contains {
	"msg": sprintf("account %s in %q is not the target account %s; MRAP ARNs name the owner's account", [f.mrap.account, r, target]),
	"path": p,
} if {
	target := input.facts.target_account
	some r, f in input.facts.resources
	f.mrap.valid_account
	f.mrap.account != target
	some p in input.facts.paths.resources[r]
}
