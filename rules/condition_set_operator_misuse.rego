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

import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

deny contains {"msg": message(c, o), "path": ["Statement", c.stmt, "Condition", c.op, c.key]} if {
	some c in policy.conditions
	o := c.operator
	o != null
	o.set != ""
	message(c, o)
}

# One finding per entry: a single-valued key explains everything; otherwise
# the absent-key trap of ForAllValues on an Allow, then ForAnyValue with a
# negated operator.
message(c, o) := sprintf("%s is a single-valued key; %s is for multivalued keys and is true when the key is absent - use %s", [c.key, o.set, trim_prefix(c.op, o.set)]) if {
	c.key_info != null
	not iam.multi_valued(c.key_info)
} else := sprintf("%s is true when the request has no %s, so this Allow also covers requests without it; add \"Null\": {%q: \"false\"}", [c.op, c.key, c.key]) if {
	o.set == "ForAllValues:"
	policy.allow(policy.statements[c.stmt])
	not null_false(c)
} else := sprintf("%s is true when any value of %s differs from the list, which is nearly always; use ForAllValues:%s", [c.op, c.key, trim_prefix(c.op, o.set)]) if {
	o.set == "ForAnyValue:"
	o.negated
}

# null_false: the statement also requires the key to be present.
null_false(c) if {
	some n in policy.conditions
	n.stmt == c.stmt
	n.op == "Null"
	lower(n.key) == lower(c.key)
	some v in n.values
	iam.bool_value(v) == false
}
