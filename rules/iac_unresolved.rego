# METADATA
# title: Value known only at deploy time was not checked
# description: |
#   A template leaves some values to deploy time: a parameter with neither a
#   value nor a Default, the deploying account, a Terraform variable, an
#   attribute AWS assigns when it creates a resource (an MRAP's alias). mrapguard
#   keeps such a value as an unresolved expression with its position: rules that
#   need the value skip it, rules about the policy's shape still run, and this
#   finding says what was not checked, so a clean run is never mistaken for a
#   complete one. A file is never rejected for holding one.
# custom:
#   id: iac/unresolved
#   severity: info
#   remediation: Give the value (--account, --region, or for CloudFormation --parameter NAME=VALUE), or for Terraform lint the plan (terraform show -json PLANFILE > plan.json), which holds the values Terraform computed.
#   example_input:
#     format: cloudformation
#   bad: |
#     Parameters:
#       Reader:
#         Type: String
#     Resources:
#       Policy:
#         Type: AWS::S3::MultiRegionAccessPointPolicy
#         Properties:
#           MrapName: my-mrap
#           Policy:
#             Version: "2012-10-17"
#             Statement:
#               - Effect: Allow
#                 Principal: {AWS: !Ref Reader}
#                 Action: s3:GetObject
#                 Resource: arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*
#   good: |
#     Parameters:
#       Reader:
#         Type: String
#         Default: arn:aws:iam::111122223333:role/reader
#     Resources:
#       Policy:
#         Type: AWS::S3::MultiRegionAccessPointPolicy
#         Properties:
#           MrapName: my-mrap
#           Policy:
#             Version: "2012-10-17"
#             Statement:
#               - Effect: Allow
#                 Principal: {AWS: !Ref Reader}
#                 Action: s3:GetObject
#                 Resource: arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*
package mrapguard.rules.iac.unresolved

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "iac/unresolved"
}
