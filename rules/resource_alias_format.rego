# METADATA
# title: MRAP alias is malformed
# description: |
#   MRAP ARNs use the access point's alias, which AWS generates at creation:
#   lower-case letters and digits ending in ".mrap" (mfzwi23gnjvgw.mrap).
#   The MRAP's name (my-mrap), capital letters, placeholders left from an
#   example (MultiRegionAccessPoint_alias) and wildcards do not name the
#   MRAP, so the statement matches no request and AWS rejects the resource.
# custom:
#   id: resource/alias-format
#   severity: error
#   access_analyzer: [INVALID_ARN_RESOURCE, VARIABLE_USAGE_TOO_PERMISSIVE, WILDCARD_USAGE_TOO_PERMISSIVE]
#   remediation: Use the alias that GetMultiRegionAccessPoint returns (aws s3control get-multi-region-access-point --account-id ACCOUNT --name NAME), not the name.
#   bad: |
#     {
#       "Version": "2012-10-17",
#       "Statement": [
#         {
#           "Effect": "Allow",
#           "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
#           "Action": "s3:GetObject",
#           "Resource": "arn:aws:s3::111122223333:accesspoint/my-mrap/object/*"
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
package mrapguard.rules.resource.alias_format

deny contains {"msg": message(f.mrap.alias, r), "path": p} if {
	some r, f in input.facts.resources
	f.mrap.valid_alias == false
	some p in input.facts.paths.resources[r]
}

message(alias, r) := sprintf("%q has no alias after accesspoint/", [r]) if {
	alias == ""
} else := sprintf("alias %q in %q is a policy variable, so the ARN names this MRAP only for requests whose value happens to be its alias; write the MRAP's alias, such as mfzwi23gnjvgw.mrap", [alias, r]) if {
	regex.match(`\$\{[a-z0-9-]+:[A-Za-z]`, alias)
} else := sprintf("alias %q in %q is a wildcard; a policy on one MRAP names that MRAP's alias, such as mfzwi23gnjvgw.mrap", [alias, r]) if {
	regex.match(`[*?]`, alias)
} else := sprintf("alias %q in %q looks like a placeholder; use the MRAP's alias, such as mfzwi23gnjvgw.mrap", [alias, r]) if {
	regex.match(`[<>{}$]|(?i)alias|example|placeholder|your|xxx`, alias)
} else := sprintf("alias %q in %q looks like the MRAP's name; ARNs use its alias (lower-case letters and digits ending in .mrap), which AWS generates", [alias, r]) if {
	regex.match(`^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$`, alias)
	not endswith(alias, ".mrap")
} else := sprintf("alias %q in %q has capital letters; MRAP aliases are lower case (^[a-z][a-z0-9]*\\.mrap$)", [alias, r]) if {
	regex.match(`[A-Z]`, alias)
} else := sprintf("alias %q in %q is not an MRAP alias (^[a-z][a-z0-9]*\\.mrap$, at most 63 characters)", [alias, r])
