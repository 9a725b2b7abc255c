package lint

import (
	"fmt"
	"slices"

	"github.com/mrapguard/mrapguard/internal/safefile"
)

// Findings mrapguard itself reports, about files it would not read, rules
// it had to stop and ignores that expired. They are not Rego rules: they
// cannot be disabled, re-graded or ignored (that would switch a safety
// check off), they appear in a report's rules only when they fire, and
// `rules show` and `rules doc` describe them with the others.
const (
	// RuleFileNotRead: a file was not read because reading it was not safe
	// (see internal/safefile).
	RuleFileNotRead = "file/not-read"
	// RuleOverBudget: a rule was stopped by the evaluation budget.
	RuleOverBudget = "rule/over-budget"
	// RuleIgnoreExpired: an ignore in mrapguard.yaml is past its expiry
	// date (the config package reports it).
	RuleIgnoreExpired = "config/ignore-expired"
)

var engineRules = map[string]RuleInfo{
	RuleFileNotRead: {
		ID: RuleFileNotRead, Severity: SeverityError, Default: SeverityError, Builtin: true, Source: "mrapguard",
		Title: "A file was not read because reading it would not be safe",
		Description: "mrapguard reads only regular files, and follows a symbolic link only while it stays inside the " +
			"directory being linted and the repository (and out of .git). In a pull-request check the files " +
			"come from the pull request: a symbolic link to the runner's credentials, or a FIFO that never " +
			"ends, must not be read. The other files are still linted.",
		Remediation: "Put the policy itself there as a regular file, or delete the entry; a symbolic link may " +
			"point only at a file inside the linted directory.",
	},
	RuleOverBudget: {
		ID: RuleOverBudget, Severity: SeverityError, Default: SeverityError, Builtin: true, Source: "mrapguard",
		Title: "A rule ran over its time or memory budget and was stopped",
		Description: "Evaluating the rules on one file may take " + DefaultEvalTimeout.String() + " and the rules may hold " +
			safefile.Size(DefaultEvalMemory) + " of memory. A rule that runs over is stopped, so a rule that loops or grows " +
			"without end cannot hang or exhaust a CI runner. It gives no result for that file, and it is not run on the files " +
			"after it in the same run; the other rules' findings stand.",
		Remediation: "Make the rule cheaper: iterate over the policy's elements rather than over generated ranges, and avoid " +
			"comprehensions nested over large collections. Test it with mrapguard rules test.",
	},
	RuleIgnoreExpired: {
		ID: RuleIgnoreExpired, Severity: SeverityWarning, Default: SeverityWarning, Builtin: true, Source: "mrapguard.yaml",
		Title: "An ignore in mrapguard.yaml has expired",
		Description: "Ignores may carry an expiry date so exceptions get reviewed. After that date the ignore stops " +
			"suppressing its findings and this finding points at it.",
		Remediation: "Fix the policy so the ignored finding goes away, then delete the ignore; or, if the exception is " +
			"still justified, set a new expires date and update the reason.",
	},
}

// EngineRules describes the findings mrapguard itself reports, sorted by
// ID.
func EngineRules() []RuleInfo {
	r := make([]RuleInfo, 0, len(engineRules))
	for _, info := range engineRules {
		r = append(r, info)
	}
	sortRules(r)
	return r
}

// CheckConfigurable returns an error if id names one of mrapguard's own
// findings, which configuration may not disable, re-grade or ignore.
func CheckConfigurable(id string) error {
	if _, ok := engineRules[id]; !ok {
		return nil
	}
	return fmt.Errorf("rule %q is reported by mrapguard itself (see mrapguard rules show %s) and cannot be disabled, re-graded or ignored: fix what it reports", id, id)
}

// notRead is the finding for a file that was not read.
func notRead(name string, err *safefile.Error) Finding {
	return Finding{File: name, Rule: RuleFileNotRead, Severity: SeverityError, Line: 1, Column: 1,
		Message: "this file " + err.Reason}
}

// WithEngineRules adds to rules the descriptions of mrapguard's own
// findings among findings, and sorts them by ID, so every format can
// describe each finding's rule.
func WithEngineRules(rules []RuleInfo, findings []Finding) []RuleInfo {
	for _, f := range findings {
		info, ok := engineRules[f.Rule]
		if ok && !slices.ContainsFunc(rules, func(r RuleInfo) bool { return r.ID == f.Rule }) {
			rules = append(rules, info)
		}
	}
	sortRules(rules)
	return rules
}
