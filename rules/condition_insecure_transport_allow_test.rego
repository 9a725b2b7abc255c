package mrapguard.rules.condition.insecure_transport_allow_test

import data.mrapguard.rules.condition.insecure_transport_allow
import data.mrapguard.test.fixtures as f

findings(effect, condition) := result if {
	result := {r | some r in insecure_transport_allow.deny} with input as f.input_of([f.edit({"Effect": effect, "Condition": condition})])
}

test_allow_requiring_plain_http if {
	{r.path | some r in findings("Allow", {"Bool": {"aws:SecureTransport": ["false"]}})} == {["Statement", 0, "Condition", "Bool", "aws:SecureTransport", 0]}
	count(findings("Allow", {"Bool": {"aws:securetransport": [false]}})) == 1
	count(findings("Allow", {"BoolIfExists": {"aws:SecureTransport": ["False"]}})) == 1
	count(findings("Allow", {"StringEquals": {"aws:SecureTransport": ["false"]}})) == 1
	count(findings("Allow", {"Bool": {"aws:SecureTransport": ["false", false]}})) == 2
}

test_deny_on_tls if {
	[r] := [r | some r in findings("Deny", {"Bool": {"aws:SecureTransport": ["true"]}})]
	r.msg == "this Deny fires when aws:SecureTransport is true, blocking every HTTPS request; the TLS guard denies \"false\""
}

test_correct_guards if {
	count(findings("Deny", {"Bool": {"aws:SecureTransport": ["false"]}})) == 0
	count(findings("Allow", {"Bool": {"aws:SecureTransport": ["true"]}})) == 0
	count(findings("Allow", {"Bool": {"aws:MultiFactorAuthPresent": ["false"]}})) == 0
}

test_negated_and_malformed_operators_are_skipped if {
	count(findings("Allow", {"StringNotEquals": {"aws:SecureTransport": ["true"]}})) == 0
	count(findings("Allow", {"bool": {"aws:SecureTransport": ["false"]}})) == 0
	count(findings("Allow", {"Bool": {"aws:SecureTransport": ["no"]}})) == 0
}
