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

import data.mrapguard.iam as catalog
import data.mrapguard.lib.iam
import data.mrapguard.lib.policy

# narrowing_keys: lower-case key -> the kind of value that pins the caller.
narrowing_keys := {
	"aws:principalorgid": "organization ID",
	"aws:principalorgpaths": "organization path",
	"aws:principalaccount": "account ID",
	"aws:sourceaccount": "account ID",
	"s3:dataaccesspointaccount": "account ID",
	"aws:sourcevpce": "VPC endpoint ID",
	"aws:sourcevpc": "VPC ID",
	"aws:sourcearn": "ARN",
	"aws:principalarn": "ARN",
	"s3:dataaccesspointarn": "ARN",
}

fixed("organization ID", v) if regex.match(`^o-[a-z0-9]{10,32}$`, v)

fixed("organization path", v) if regex.match(`^o-[a-z0-9]{10,32}/`, v)

fixed("account ID", v) if iam.is_account_id(v)

fixed("VPC endpoint ID", v) if regex.match(`^vpce-[0-9a-zA-Z]+$`, v)

fixed("VPC ID", v) if regex.match(`^vpc-[0-9a-zA-Z]+$`, v)

fixed("ARN", v) if iam.is_account_id(iam.arn(v).account)

# ARNs of resources without an account field (S3 buckets) are global names.
fixed("ARN", v) if {
	iam.arn(v).account == ""
	not iam.is_wildcard(v)
}

narrows(c) if {
	o := c.operator
	o != null
	not o.negated
	not o.if_exists
	o.set != "ForAllValues:"
	o.family in {"String", "ARN"}
	kind := narrowing_keys[lower(c.key)]
	values := c.values
	is_array(values)
	count(values) > 0
	every v in values {
		is_string(v)
		fixed(kind, v)
	}
}

narrowed(i) if {
	some c in conditions(i)
	narrows(c)
}

# conditions: the condition entries of statement i with their parsed
# operator (null when IAM does not define it).
conditions(i) := [{"op": op, "key": key, "values": values, "operator": object.get(catalog.condition_operators, op, null)} |
	some [stmt, op, key, values] in policy.condition_entries
	stmt == i
]

# why explains why a condition entry does not narrow the caller.
why(c) := sprintf("%s on %s is negated, so it matches every caller except the values listed", [c.op, c.key]) if {
	narrowing_keys[lower(c.key)]
	c.operator.negated
} else := sprintf("%s lets requests without %s through", [c.op, c.key]) if {
	narrowing_keys[lower(c.key)]
	c.operator.if_exists
} else := sprintf("%s on %s is true when the request has no %s", [c.op, c.key, c.key]) if {
	narrowing_keys[lower(c.key)]
	c.operator.set == "ForAllValues:"
} else := sprintf("the %s value %s has a wildcard account", [c.key, show_values(c)]) if {
	narrowing_keys[lower(c.key)] == "ARN"
	some v in c.values
	iam.is_wildcard(iam.arn(v).account)
} else := sprintf("the %s value %s is not a fixed %s", [c.key, show_values(c), narrowing_keys[lower(c.key)]]) if {
	narrowing_keys[lower(c.key)]
} else := sprintf("%s is set by the caller and can be forged", [c.key]) if {
	lower(c.key) in {"aws:referer", "aws:useragent"}
} else := "aws:SecureTransport only requires TLS, which any caller can use" if {
	lower(c.key) == "aws:securetransport"
} else := sprintf("%s limits the network a request comes from, not who sends it", [c.key]) if {
	lower(c.key) in {"aws:sourceip", "aws:vpcsourceip"}
} else := sprintf("%s does not identify the caller", [c.key])

show_values(c) := concat(", ", [sprintf("%q", [v]) | some v in c.values; is_string(v)])

reasons(i) := concat("; ", sort({why(c) | some c in conditions(i)}))

message(i) := sprintf("statement allows any principal (\"*\") and no condition narrows it to known callers: %s", [reasons(i)]) if {
	reasons(i) != ""
} else := "statement allows any principal (\"*\"), including anonymous callers, with no condition; name the principals or add a condition such as aws:PrincipalOrgID"

deny contains {
	"msg": message(i),
	"path": ["Statement", i, "Principal", "AWS", j],
} if {
	"*" in policy.aws_principals
	some i, s in policy.statements
	policy.allow(s)
	is_array(s.Principal.AWS)
	some j, v in s.Principal.AWS
	v == "*"
	not narrowed(i)
	not policy.incomplete_element(i, "Condition")
}
