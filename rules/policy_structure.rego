# METADATA
# title: Policy has the wrong shape
# description: |
#   The file is JSON but not an IAM policy: the top level is not an object,
#   Statement is not an object or a list, an element has the wrong JSON type
#   (a number for Action, a list for Effect), or a statement holds both an
#   element and its negation (Action and NotAction). AWS rejects such a
#   policy as malformed, and the other rules skip the elements involved.
# custom:
#   id: policy/structure
#   severity: error
#   access_analyzer: [DATA_TYPE_MISMATCH, INVALID_PRINCIPAL_FORMAT, UNSUPPORTED_ELEMENT_COMBINATION]
#   remediation: Give each element the type IAM expects - strings for Version, Sid and Effect; a string or list of strings for Action and Resource; "*" or an object for Principal - and keep only one of X and NotX.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "NotAction": "s3:PutObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
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
package mrapguard.rules.policy.structure

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "policy/structure"
}

deny contains {
	"msg": sprintf("statement has both %s and %s; IAM allows one or the other", [element, negation]),
	"path": ["Statement", i, negation],
} if {
	some i in input.facts.unusual
	elements := object.keys(input.policy.Statement[i])
	some negation in elements & {"NotPrincipal", "NotAction", "NotResource"}
	element := substring(negation, 3, -1)
	element in elements
}
