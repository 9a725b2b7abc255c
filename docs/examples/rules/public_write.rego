# METADATA
# title: Open statements must not allow writes
# description: |
#   A statement that lets in callers the owner does not control may serve
#   public data, but it must not let them write, tag or change
#   permissions.
# custom:
#   id: team/public-write
#   severity: error
#   remediation: Allow only read actions (such as s3:GetObject) to "*", or name the principals that may write.
package team.public_write

# The access levels that change data, tags or permissions.
writing := {"Write", "Tagging", "Permissions management"}

deny contains {"msg": msg, "path": ["Statement", i, "Action", j]} if {
	some i, s in input.facts.statements
	s.open.verdict
	some j, a in input.policy.Statement[i].Action
	writes := [name | some name in iam.actions(a); iam.action(name).level in writing]
	count(writes) > 0
	msg := sprintf("%q lets %s write (%s); an open statement must be read-only", [a, s.open.subject, show(writes)])
}

# show names up to three actions and counts the rest.
show(names) := concat(", ", names) if {
	count(names) <= 3
} else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 3)), count(names) - 3])
