# METADATA
# title: Text helpers
# description: |
#   "Did you mean" suggestions for element names, operators and principal
#   types: a candidate is suggested when it differs from the word only in
#   case, or by one inserted, deleted, replaced or swapped character
#   (Actions -> Action, Condtion -> Condition, stringequals -> StringEquals).
package mrapguard.lib.text

# suggest returns the first candidate (in sorted order) near word.
suggest(word, candidates) := s if {
	is_string(word)
	near_ones := sort([c | some c in candidates; near(word, c)])
	count(near_ones) > 0
	s := near_ones[0]
}

# did_you_mean returns " (did you mean X?)" or "".
did_you_mean(word, candidates) := sprintf(" (did you mean %q?)", [s]) if {
	s := suggest(word, candidates)
} else := ""

near(a, b) if lower(a) == lower(b)

near(a, b) if one_edit(lower(a), lower(b))

one_edit(a, b) if {
	count(a) == count(b) + 1
	deletion(a, b)
}

one_edit(a, b) if {
	count(b) == count(a) + 1
	deletion(b, a)
}

one_edit(a, b) if {
	count(a) == count(b)
	count(a) > 0
	diffs := [i | some i in numbers.range(0, count(a) - 1); substring(a, i, 1) != substring(b, i, 1)]
	one_change(a, b, diffs)
}

# deletion: removing one character of long gives short.
deletion(long, short) if {
	some i in numbers.range(0, count(long) - 1)
	concat("", [substring(long, 0, i), substring(long, i + 1, -1)]) == short
}

one_change(_, _, diffs) if count(diffs) == 1

one_change(a, b, diffs) if {
	count(diffs) == 2
	diffs[1] == diffs[0] + 1
	substring(a, diffs[0], 1) == substring(b, diffs[1], 1)
	substring(a, diffs[1], 1) == substring(b, diffs[0], 1)
}
