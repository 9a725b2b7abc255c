package mrapguard.rules.principal.federated_test

import data.mrapguard.rules.principal.federated
import data.mrapguard.test.fixtures as f

# AWS's example for FEDERATED_PRINCIPAL_NOT_SUPPORTED: a SAML provider in a
# resource policy's Principal.
test_saml_provider if {
	federated.deny == {{
		"msg": "federated principal \"arn:aws:iam::111122223333:saml-provider/corp\" cannot be granted in an MRAP policy: identity providers are trusted only in a role's trust policy, so this matches no request; name the role the federated users assume",
		"path": ["Statement", 0, "Principal", "Federated", 0],
	}} with input as f.input_of([f.edit({"Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}})])
}

test_every_value_and_not_principal if {
	s1 := f.edit({"Principal": {"AWS": f.reader, "Federated": ["cognito-identity.amazonaws.com", "accounts.google.com"]}})
	s2 := f.swap(["Principal"], {"Effect": "Deny", "NotPrincipal": {"Federated": "cognito-identity.amazonaws.com"}})
	{r.path | some r in federated.deny} == {
		["Statement", 0, "Principal", "Federated", 0],
		["Statement", 0, "Principal", "Federated", 1],
		["Statement", 1, "NotPrincipal", "Federated", 0],
	} with input as f.input_of([s1, s2])
}

test_silent_on_other_principal_types if {
	count(federated.deny) == 0 with input as f.input_of([f.stmt, f.edit({"Principal": {"Service": "cloudfront.amazonaws.com", "federated": "x"}})])
	count(federated.deny) == 0 with input as f.input_of([f.edit({"Principal": {"Federated": []}}), f.edit({"Principal": {"Federated": 5}})])
}
