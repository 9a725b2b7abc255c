# METADATA
# title: Public principal without a narrowing condition
# description: |
#   An Allow for Principal "*" (or {"AWS": "*"}) applies to every AWS
#   principal and to anonymous callers. It is only safe when a condition in
#   the same statement pins the caller down: aws:PrincipalOrgID,
#   aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:SourceAccount,
#   aws:SourceVpce, aws:SourceVpc, aws:SourceArn, aws:PrincipalArn with a
#   concrete account, s3:DataAccessPointArn or s3:DataAccessPointAccount,
#   with a positive operator and fixed values. Negated operators
#   (StringNotEquals, ArnNotLike, NotIpAddress...) match everyone except the
#   values listed; IfExists lets requests without the key through;
#   aws:Referer and aws:UserAgent are set by the caller; aws:SecureTransport
#   only requires TLS; aws:SourceIp limits the network, not the caller. An
#   MRAP's Block Public Access settings - on by default and fixed at
#   creation - make AWS refuse such a policy.
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
deny contains {"msg": message(f.open), "path": p} if {
	some f in input.facts.statements
	f.open.verdict
	some p in f.open.paths
}

message(open) := sprintf("statement allows %s and no condition narrows it to known callers: %s", [open.subject, concat("; ", open.reasons)]) if {
	count(open.reasons) > 0
} else := sprintf("statement allows %s%s with no condition; name the principals or add a condition such as aws:PrincipalOrgID", [open.subject, anonymous(open)])

anonymous(open) := ", including anonymous callers," if open.anonymous
else := ""
