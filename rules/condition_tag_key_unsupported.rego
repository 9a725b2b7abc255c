# METADATA
# title: Tag condition that some of the statement's actions never carry
# description: |
#   A request carries a tag key only for the actions whose resources have
#   tags, or that set them: s3:ExistingObjectTag comes with GetObject but
#   not with PutObject or DeleteObject, s3:RequestObjectTag only with the
#   uploads and tagging calls, aws:RequestTag and aws:TagKeys with none of
#   the object operations an MRAP serves. For the other actions the
#   condition is false whatever the tags (true under IfExists or a negated
#   operator). A Deny then never denies them - the confidential object
#   stays deletable through the MRAP - and an Allow never grants them, or
#   grants them without looking at tags. With NotAction the statement also
#   covers every action AWS adds later.
# custom:
#   id: condition/tag-key-unsupported
#   severity: warning
#   access_analyzer: [DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE, ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE]
#   remediation: >-
#     Keep the tag condition for the actions that carry the key, and cover the others in a
#     statement of their own, without it (scoped by Resource instead); list actions rather than
#     NotAction. Do not use IfExists as a way around it.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": ["s3:GetObject", "s3:DeleteObject"],
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"s3:ExistingObjectTag/classification": "confidential"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"s3:ExistingObjectTag/classification": "confidential"}}
#         },
#         {
#           "Effect": "Deny",
#           "Principal": "*",
#           "Action": "s3:DeleteObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/confidential/*"
#         }
#       ]
#     }
package mrapguard.rules.condition.tag_key_unsupported

deny contains {"msg": n.msg, "path": n.path, "severity": n.severity} if {
	input.facts.noted.tag_key_unsupported
	some n in input.facts.condition_notes.tag_key_unsupported
}
