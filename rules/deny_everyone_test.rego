package mrapguard.rules.deny.everyone_test

import data.mrapguard.rules.deny.everyone
import data.mrapguard.test.fixtures as f

deny_all := f.edit({"Effect": "Deny", "Principal": {"AWS": ["*"]}, "Action": ["s3:*"]})

findings(overrides) := result if {
	result := {r | some r in everyone.deny} with input as f.input_of([f.stmt, object.union(object.remove(deny_all, object.keys(overrides)), overrides)])
}

test_unconditional_deny_all if {
	findings({}) == {{
		"msg": "this Deny applies to every principal and every S3 action with no condition, so every request through the MRAP fails, the owner's included; add the condition it is meant to enforce",
		"path": ["Statement", 1],
	}}
	count(findings({"Action": ["*"]})) == 1
	count(findings({"Action": ["S3:*"]})) == 1
	count(findings({"Condition": {}})) == 1
	count(findings({"Resource": ["*"]})) == 1
	count(findings({"Resource": ["arn:aws:s3::111122223333:accesspoint/*"]})) == 1
	count(findings({"Resource": [f.mrap, "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/*"]})) == 1
}

test_every_mrap_action_listed if {
	actions := ["s3:Get*", "s3:Put*", "s3:Delete*", "s3:List*", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:BypassGovernanceRetention"]
	count(findings({"Action": actions})) == 1
}

test_conditional_deny if {
	count(findings({"Condition": {"Bool": {"aws:SecureTransport": ["false"]}}})) == 0
	count(findings({"Condition": {"StringNotEquals": {"aws:PrincipalOrgID": ["o-a1b2c3d4e5"]}}})) == 0
}

test_partial_denies if {
	count(findings({"Action": ["s3:DeleteObject", "s3:PutObject"]})) == 0
	count(findings({"Principal": {"AWS": [f.reader]}})) == 0
	count(findings({"Resource": ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/secret/*"]})) == 0
	count(findings({"Resource": [f.mrap]})) == 0
}

test_allow_and_not_principal_are_not_deny_all if {
	count(findings({"Effect": "Allow"})) == 0
	s := f.swap(["Principal"], {"Effect": "Deny", "NotPrincipal": {"AWS": [f.reader]}, "Action": ["s3:*"]})
	count(everyone.deny) == 0 with input as f.input_of([s])
}
