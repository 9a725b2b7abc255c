# METADATA
# title: Policy is attached to the wrong MRAP, or by its alias
# description: |
#   An MRAP has a name, which the policy resource takes (CloudFormation
#   MrapName, Terraform details.name or mrap_name), and an alias AWS generates
#   (mfzwi23gnjvgw.mrap), which the policy's Resource ARNs use. Giving the alias
#   (or !GetAtt X.Alias) as the name, or naming a resource that is not an MRAP,
#   fails at deploy time. An alias in Resource that belongs to another MRAP of
#   the template deploys fine and never matches a request: the statement grants
#   or denies nothing through the MRAP the policy is for.
# custom:
#   id: iac/mrap-reference
#   severity: error
#   remediation: Name the MRAP with !Ref of the AWS::S3::MultiRegionAccessPoint (Terraform aws_s3control_multi_region_access_point.X.details[0].name), and build Resource ARNs from the alias of that same MRAP.
#   example_input:
#     format: cloudformation
#   bad: |
#     Resources:
#       Mrap:
#         Type: AWS::S3::MultiRegionAccessPoint
#         Properties:
#           Name: my-mrap
#           Regions: [{Bucket: my-bucket}]
#       Policy:
#         Type: AWS::S3::MultiRegionAccessPointPolicy
#         Properties:
#           MrapName: !GetAtt Mrap.Alias
#           Policy:
#             Version: "2012-10-17"
#             Statement:
#               - Effect: Allow
#                 Principal: {AWS: arn:aws:iam::111122223333:role/reader}
#                 Action: s3:GetObject
#                 Resource: arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*
#   good: |
#     Resources:
#       Mrap:
#         Type: AWS::S3::MultiRegionAccessPoint
#         Properties:
#           Name: my-mrap
#           Regions: [{Bucket: my-bucket}]
#       Policy:
#         Type: AWS::S3::MultiRegionAccessPointPolicy
#         Properties:
#           MrapName: !Ref Mrap
#           Policy:
#             Version: "2012-10-17"
#             Statement:
#               - Effect: Allow
#                 Principal: {AWS: arn:aws:iam::111122223333:role/reader}
#                 Action: s3:GetObject
#                 Resource: arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*
package mrapguard.rules.iac.mrap_reference

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "iac/mrap-reference"
}
