package lint

import (
	"slices"

	"github.com/mrapguard/mrapguard/internal/safefile"
)

// Findings the engine itself reports, about files it would not read and
// rules it had to stop. They are not Rego rules: they cannot be disabled or
// ignored, and they appear in a report's rules only when they fire.
const (
	// RuleFileNotRead: a file was not read because reading it was not safe
	// (see internal/safefile).
	RuleFileNotRead = "file/not-read"
)

var engineRules = map[string]RuleInfo{
	RuleFileNotRead: {
		ID: RuleFileNotRead, Severity: SeverityError, Default: SeverityError, Builtin: true, Source: "mrapguard",
		Title: "A file was not read because reading it would not be safe",
		Description: "mrapguard reads only regular files, and follows a symbolic link only while it stays inside the " +
			"directory being linted and the repository (and out of .git). In a pull-request check the files " +
			"come from the pull request: a symbolic link to the runner's credentials, or a FIFO that never " +
			"ends, must not be read. The other files are still linted.",
		Remediation: "Replace the symbolic link with the policy file itself (or point it at a file inside the linted directory), " +
			"or delete it; lint only regular files.",
	},
}

// notRead is the finding for a file that was not read.
func notRead(name string, err *safefile.Error) Finding {
	return Finding{File: name, Rule: RuleFileNotRead, Severity: SeverityError, Line: 1, Column: 1,
		Message: "this file " + err.Reason}
}

// withEngineRules adds the descriptions of the engine's own rules that
// fired to rules (sorted by ID), so every format can describe them.
func withEngineRules(rules []RuleInfo, findings []Finding) []RuleInfo {
	for _, f := range findings {
		info, ok := engineRules[f.Rule]
		if ok && !slices.ContainsFunc(rules, func(r RuleInfo) bool { return r.ID == f.Rule }) {
			rules = append(rules, info)
		}
	}
	sortRules(rules)
	return rules
}
