# METADATA
# title: Template does not hold the policy the way AWS reads it
# description: |
#   What is wrong is the template around the policy, not the policy: the
#   template does not parse; the policy resource misses MrapName or Policy, or
#   spells a property AWS does not have (the AWS documentation's own example
#   writes PolicyDocument, which CloudFormation rejects); a Ref or Fn::GetAtt
#   names nothing the template defines; a Terraform file() or templatefile()
#   names a file that cannot be read, or one outside the tree being linted,
#   which mrapguard never reads. Where the policy can still be found it is
#   checked as well.
# custom:
#   id: iac/template
#   severity: error
#   remediation: Fix the template at the reported position (cfn-lint or terraform validate show the template's own errors); keep policy files that a template references inside the repository.
#   example_input:
#     format: cloudformation
#   bad: |
#     Resources:
#       Policy:
#         Type: AWS::S3::MultiRegionAccessPointPolicy
#         Properties:
#           MrapName: my-mrap
#           PolicyDocument:
#             Version: "2012-10-17"
#             Statement:
#               - Effect: Allow
#                 Principal: {AWS: arn:aws:iam::111122223333:role/reader}
#                 Action: s3:GetObject
#                 Resource: arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*
#   good: |
#     Resources:
#       Policy:
#         Type: AWS::S3::MultiRegionAccessPointPolicy
#         Properties:
#           MrapName: my-mrap
#           Policy:
#             Version: "2012-10-17"
#             Statement:
#               - Effect: Allow
#                 Principal: {AWS: arn:aws:iam::111122223333:role/reader}
#                 Action: s3:GetObject
#                 Resource: arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*
package mrapguard.rules.iac.template

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "iac/template"
}
