# METADATA
# title: Empty condition
# description: |
#   "Condition": {}, an operator with no keys, or a key with no values
#   restricts nothing - or, for a key with no values, cannot match as
#   written. It usually comes from a template whose values came out empty,
#   so the restriction the reviewer sees in the source is not in the policy.
# custom:
#   id: condition/empty
#   severity: warning
#   access_analyzer: [EMPTY_OBJECT_CONDITION, EMPTY_ARRAY_CONDITION, EMPTY_ARRAY_CONDITION_FORALLVALUES, EMPTY_ARRAY_CONDITION_FORANYVALUE, EMPTY_ARRAY_CONDITION_IFEXISTS]
#   remediation: Fill in the keys and values the condition is meant to test, or remove the empty element.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:SourceVpce": []}}
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
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:SourceVpce": ["vpce-1a2b3c4d"]}}
#         }
#       ]
#     }
package mrapguard.rules.condition.empty

deny contains {
	"msg": "Condition is empty, so it restricts nothing; add the keys it should test or remove it",
	"path": ["Statement", i, "Condition"],
} if {
	some i in input.facts.unusual
	input.policy.Statement[i].Condition == {}
}

deny contains {
	"msg": sprintf("operator %s has no keys, so it restricts nothing", [op]),
	"path": ["Statement", i, "Condition", op],
} if {
	some i in input.facts.unusual
	some op, keys in input.policy.Statement[i].Condition
	keys == {}
}

deny contains {"msg": no_values(op, key), "path": ["Statement", i, "Condition", op, key]} if {
	some i in input.facts.unusual
	some op, keys in input.policy.Statement[i].Condition
	some key, values in keys
	values == []
}

# no_values says what a key without values does under each kind of
# operator.
no_values(op, key) := sprintf("%s %s has no values, so it is true only when the request has no %s; if that is meant, write \"Null\": {%q: \"true\"}", [op, key, key, key]) if {
	o := input.facts.operators[op].operator
	true in {o.set == "ForAllValues:", o.if_exists}
} else := sprintf("%s %s has no values, so it is never true and the statement never applies", [op, key]) if {
	input.facts.operators[op].operator.set == "ForAnyValue:"
} else := sprintf("%s %s has no values, so the condition cannot match as intended", [op, key])
