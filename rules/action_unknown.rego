# METADATA
# title: Action that matches no S3 action
# description: |
#   An action name (or wildcard pattern) that matches no action in the S3
#   IAM catalog, or that belongs to another service, grants or denies
#   nothing - and AWS may reject the policy. Common causes are API operation
#   names used as actions (s3:ListObjects, s3:HeadObject, s3:CopyObject),
#   words in the wrong order (s3:PutObjectAclVersion) and other services'
#   prefixes. Action names are case-insensitive: s3:listbucket is valid. A
#   wildcard in the service name ("*:GetObject", "s3*:Get*") matches S3
#   actions and those of every service whose name fits; IAM Access Analyzer
#   calls that a suggestion, this rule an error: an MRAP policy is only
#   about S3, and the fix is to write s3:.
# custom:
#   id: action/unknown
#   severity: error
#   access_analyzer: [INVALID_ACTION, INVALID_SERVICE, INVALID_SERVICE_IN_ACTION, UNSUPPORTED_ACTION_IN_POLICY, WILDCARD_IN_SERVICE_NAME]
#   remediation: Use the IAM action from the S3 catalog; the message names the closest one, for example s3:ListBucket for the ListObjects and ListObjectsV2 operations.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": ["s3:ListObjects", "s3:GetObjects"],
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#           ]
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
#           "Action": ["s3:ListBucket", "s3:GetObject"],
#           "Resource": [
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap",
#             "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"
#           ]
#         }
#       ]
#     }
package mrapguard.rules.action.unknown

deny contains {"msg": message(a, f), "path": p} if {
	some a, f in input.facts.actions
	not f.known
	not contains(a, "${") # variable/syntax explains it
	some p in input.facts.paths.actions[a]
}

# A wildcard in the service name: the value matches S3 actions, but it
# reads as more than S3 and matches every service whose name fits.
deny contains {
	"msg": sprintf("%q has a wildcard in the service name, so it also matches other services' actions and a reader cannot tell which it means; only S3 actions reach an MRAP: write %q", [a, concat("", ["s3:", substring(a, indexof(a, ":") + 1, -1)])]),
	"path": p,
} if {
	some a, f in input.facts.actions
	f.known
	f.service != "s3"
	some p in input.facts.paths.actions[a]
}

message(a, f) := sprintf("%q is not an action: actions are written service:Name, such as s3:GetObject", [a]) if {
	not contains(a, ":")
} else := sprintf("%q is an action of service %q; a Multi-Region Access Point policy can only cover S3 actions (s3:...)", [a, f.service]) if {
	f.service != "s3"
} else := sprintf("%q matches no S3 action", [a]) if {
	f.wildcard
} else := sprintf("%q is not an S3 action%s", [a, hint(f)])

# hint: the operation an API name stands for (s3:ListObjects needs
# s3:ListBucket), else the closest catalogued action.
hint(f) := sprintf("; %s is an API operation, which needs %s", [f.operation.name, concat(" and ", f.operation.actions)]) if {
	f.operation
} else := sprintf(" (did you mean %s?)", [f.suggestion]) if {
	f.suggestion
} else := ""
