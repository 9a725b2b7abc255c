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
#   actions and those of every service whose name fits: reported as info,
#   a suggestion as IAM Access Analyzer has it, since the fix is to write
#   s3:.
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

# input.facts.actions[a].problem: why Go found a to name no S3 action
# (error), or to have a wildcard in its service name (info,
# problem_severity) (iam.Catalog.ActionProblem).
deny contains {"msg": f.problem, "path": p, "severity": object.get(f, "problem_severity", "error")} if {
	some a, f in input.facts.actions
	f.problem
	some p in input.facts.paths.actions[a]
}
