package lint

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Severity of a finding. The zero value is SeverityNone, which is used only
// as the "--fail-on none" threshold.
type Severity int

const (
	SeverityNone Severity = iota
	SeverityInfo
	SeverityWarning
	SeverityError
)

var severityNames = [...]string{"none", "info", "warning", "error"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity accepts error, warning, info and none (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info or none)", s)
}

func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Finding is one result of one rule on one file. The JSON field names are a
// public contract (--format json).
type Finding struct {
	File     string   `json:"file"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	Path     string   `json:"path"` // JSON pointer into the file ("" = whole document)
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Sid      string   `json:"sid"`
	// Resource is the template resource that holds the policy (a
	// CloudFormation logical ID, a Terraform address), for findings in
	// templates.
	Resource string `json:"resource,omitempty"`
	// End of the offending element, when known (SARIF regions).
	EndLine   int `json:"-"`
	EndColumn int `json:"-"`
	// Suppression says which ignore of the configuration covers the
	// finding; set only on Report.Suppressed.
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Suppression is an audited ignore (mrapguard.yaml) that covers a finding:
// the finding is not reported, but it is listed with the reason.
type Suppression struct {
	Reason  string `json:"reason"`
	Expires string `json:"expires,omitempty"` // YYYY-MM-DD; the ignore works through that day
	Config  string `json:"config"`            // the configuration file
	Line    int    `json:"line"`              // of the ignore in it
}

// RuleInfo describes a rule from its METADATA annotation.
type RuleInfo struct {
	ID          string   // stable ID, e.g. "principal/public"
	Severity    Severity // effective severity (default, or as configured)
	Default     Severity // severity declared by the rule
	Title       string
	Description string // rationale
	Remediation string // how to fix
	Bad, Good   string // example policies (may be empty for user rules)
	// AccessAnalyzer lists the IAM Access Analyzer issue codes a built-in
	// rule answers (rules.Check); nil for user rules.
	AccessAnalyzer []string
	Builtin        bool
	Source         string // file the rule came from ("builtin:principal_public.rego" for built-ins)
	// configured: Severity was set by the configuration, so it also
	// replaces the severity a rule gives one of its results.
	configured bool
}

// Report is the outcome of one lint run: what ran, on what, and what it found.
type Report struct {
	Files    []string   // every file linted, in the order given
	Skipped  int        // files found in directories that are neither policies nor templates
	Rules    []RuleInfo // every rule that ran, sorted by ID
	Findings []Finding  // sorted by file order, line, column, rule
	// Suppressed are the findings an ignore covers, each with its
	// Suppression, in the same order; they do not count, but every
	// format shows them.
	Suppressed []Finding
}

// Count returns the number of findings at each severity.
func (r *Report) Count() (errors, warnings, infos int) {
	for _, f := range r.Findings {
		switch f.Severity {
		case SeverityError:
			errors++
		case SeverityWarning:
			warnings++
		case SeverityInfo:
			infos++
		}
	}
	return
}

// Failed reports whether any finding is at or above the threshold. A
// threshold of SeverityNone never fails.
func (r *Report) Failed(threshold Severity) bool {
	if threshold == SeverityNone {
		return false
	}
	for _, f := range r.Findings {
		if f.Severity >= threshold {
			return true
		}
	}
	return false
}

// suppressionText is "REASON (until DATE; CONFIG:LINE)", for the formats
// that show suppressed findings as text. The caller escapes it.
func suppressionText(s *Suppression) string {
	if s == nil {
		return ""
	}
	var where []string
	if s.Expires != "" {
		where = append(where, "until "+s.Expires)
	}
	if s.Config != "" {
		where = append(where, fmt.Sprintf("%s:%d", filepath.Base(s.Config), s.Line))
	}
	if len(where) == 0 {
		return s.Reason
	}
	return s.Reason + " (" + strings.Join(where, "; ") + ")"
}
