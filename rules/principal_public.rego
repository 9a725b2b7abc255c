# METADATA
# title: Open statement (a wildcard principal without a narrowing condition)
# description: |
#   A statement is open when callers the owner does not control can get in:
#   an Allow for Principal "*" (or {"AWS": "*"}, a wildcard ARN, a service
#   "*", or NotPrincipal) with no condition that pins the caller to parties
#   the owner names: aws:PrincipalOrgID, aws:PrincipalOrgPaths,
#   aws:PrincipalAccount, aws:SourceAccount, aws:SourceVpce, aws:SourceVpc,
#   aws:SourceArn, aws:PrincipalArn with a concrete account,
#   s3:DataAccessPointArn or s3:DataAccessPointAccount, with a positive
#   operator and fixed values. Negated operators (StringNotEquals,
#   ArnNotLike, NotIpAddress...) match everyone except the values listed;
#   IfExists lets requests without the key through; aws:Referer and
#   aws:UserAgent are set by the caller; aws:SecureTransport only requires
#   TLS; aws:SourceIp limits the network, not the caller.
#
#   Open is not the same as public to AWS, S3 Block Public Access's
#   notion, which decides whether an MRAP that blocks public policies (on
#   by default, fixed at creation) refuses the policy: Block Public Access
#   also accepts a set of CIDR blocks on aws:SourceIp (none broader than
#   /8), and fixed values of aws:SourceOwner, aws:userid or the KMS key ID,
#   as restrictions. A statement open only to a network is reported here,
#   and the message says that AWS would still accept it.
# custom:
#   id: principal/public
#   severity: error
#   remediation: Name the principals instead of "*", or add a condition that fixes the caller, such as StringEquals on aws:PrincipalOrgID with your organization ID.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringLike": {"aws:Referer": "https://www.example.com/*"}}
#         }
#       ]
#     }
#   good: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": "*",
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*",
#           "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}
#         }
#       ]
#     }
package mrapguard.rules.principal.public

# input.facts.statements[i].open is iam.Open's verdict: an Allow to a
# wildcard principal that no condition pins to callers the owner names.
deny contains {"msg": message(f), "path": p} if {
	some f in input.facts.statements
	f.open.verdict
	some p in f.open.paths
}

message(f) := concat("", ["statement is open to callers you do not control: ", detail(f.open), aws_note(f.public_to_aws)])

detail(open) := sprintf("it allows %s and no condition narrows it to known callers: %s", [open.subject, concat("; ", open.reasons)]) if {
	count(open.reasons) > 0
} else := sprintf("it allows %s%s with no condition; name the principals or add a condition such as aws:PrincipalOrgID", [open.subject, anonymous(open)])

anonymous(open) := ", including anonymous callers," if open.anonymous
else := ""

# input.facts.statements[i].public_to_aws is iam.PublicToAWS's verdict:
# Block Public Access accepts a few restrictions Open does not.
aws_note(pub) := sprintf("; it is not public to AWS, though: %s", [pub.reason]) if not pub.verdict
else := ""
