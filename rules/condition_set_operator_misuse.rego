# METADATA
# title: Set operator used where it misleads
# description: |
#   ForAllValues: and ForAnyValue: compare multivalued keys (aws:TagKeys,
#   aws:PrincipalOrgPaths, s3:RequestObjectTagKeys...). Three uses backfire.
#   ForAllValues on an Allow is true when the request has no such key at
#   all, so the grant also covers requests without it. ForAnyValue with a
#   negated operator is true as soon as one value differs from the list -
#   nearly always. And on a single-valued key (aws:PrincipalOrgID,
#   aws:SourceVpce) a set operator adds nothing but the absent-key trap.
# custom:
#   id: condition/set-operator-misuse
#   severity: warning
#   access_analyzer: [FORALLVALUES_WITH_SINGLE_VALUED_KEY]
#   remediation: Drop the prefix for single-valued keys; on an Allow with ForAllValues, add a Null condition with "false" for the key; use ForAllValues (not ForAnyValue) with negated operators.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/tagger"},
#           "Action": "s3:PutObjectTagging",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team", "cost-center"]}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/tagger"},
#           "Action": "s3:PutObjectTagging",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {
#             "ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["team", "cost-center"]},
#             "Null": {"s3:RequestObjectTagKeys": "false"}
#           }
#         }
#       ]
#     }
package mrapguard.rules.condition.set_operator_misuse

deny contains {"msg": message(c, o), "path": c.path} if {
	some op, f in input.facts.operators
	o := f.operator
	o.set != ""
	o.family != "Null" # condition/null-equivalent
	some c in input.facts.conditions_by_operator[op]
}

# One finding per entry: a single-valued key explains everything; otherwise
# the absent-key trap of ForAllValues on an Allow, then ForAnyValue with a
# negated operator.
message(c, o) := sprintf("%s is a single-valued key; %s is for multivalued keys and is true when the key is absent - use %s", [c.key, o.set, trim_prefix(c.operator, o.set)]) if {
	input.facts.keys[c.key].key.multivalued == false
} else := sprintf("%s is true when the request has no %s, so this Allow also covers requests without it; add \"Null\": {%q: \"false\"}", [c.operator, c.key, c.key]) if {
	o.set == "ForAllValues:"
	input.facts.statements[c.statement].effect == "Allow"
	not null_false(c.statement, c.key)
} else := sprintf("%s is true when any value of %s differs from the list, which is nearly always; use ForAllValues:%s", [c.operator, c.key, trim_prefix(c.operator, o.set)]) if {
	o.set == "ForAnyValue:"
	o.negated
}

# null_false: the statement also requires the key to be present.
null_false(i, key) if {
	some c in input.facts.conditions_by_operator.Null
	c.statement == i
	lower(c.key) == lower(key)
	some v in c.values
	v.bool == false
}
