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

import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {
	"msg": sprintf("account %s in %q is not the target account %s; MRAP ARNs name the owner's account", [m.account, r, target]),
	"path": ["Statement", i, element, j],
} if {
	target := policy.target_account
	some r in policy.resource_values | policy.not_resource_values
	m := policy.resource(r).mrap
	m != null
	m.account != target
	iam.is_account_id(m.account)
	some element in ["Resource", "NotResource"]
	some [i, j] in policy.where(element, r)
}
