package lint

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
)

// JUnit XML as GitLab, Jenkins and Azure Pipelines import it. One
// <testsuite> per policy file and one <testcase> per rule that ran on it
// (name = rule ID, classname = file), as tflint and ESLint do: GitLab lists
// cases with their classname, Jenkins groups them by it, so a file's
// results stay together and a rule's name reads as the test. A case fails
// when the rule found something at or above --fail-on; findings below the
// threshold go to the case's <system-out>, so none is lost.
//
// Jenkins splits classname at its last "." into package and class, so
// "policies/a.json" shows as package "policies/a", class "json".

type junitTestSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, r *Report, o FormatOptions) error {
	rules, _ := ruleTable(r)
	byCase := map[[2]string][]Finding{}
	suppressed := map[[2]string][]Finding{}
	for _, f := range r.Findings {
		k := [2]string{f.File, f.Rule}
		byCase[k] = append(byCase[k], f)
	}
	for _, f := range r.Suppressed {
		k := [2]string{f.File, f.Rule}
		suppressed[k] = append(suppressed[k], f)
	}
	files := r.Files
	// Findings for a file the report does not list still get a suite.
	listed := map[string]bool{}
	for _, f := range files {
		listed[f] = true
	}
	for _, f := range r.Findings {
		if !listed[f.File] {
			listed[f.File] = true
			files = append(files, f.File)
		}
	}
	out := junitTestSuites{Name: "mrapguard"}
	for _, file := range files {
		name := escape.XMLChars(o.displayPath(file))
		suite := junitSuite{Name: name}
		for _, ri := range rules {
			c := junitCase{Name: escape.XMLChars(ri.ID), Classname: name}
			if _, ok := o.repoPath(file); ok {
				c.File = name
			}
			var failing, passing []Finding
			for _, f := range byCase[[2]string{file, ri.ID}] {
				if o.FailOn != SeverityNone && f.Severity >= o.FailOn {
					failing = append(failing, f)
				} else {
					passing = append(passing, f)
				}
			}
			if len(failing) > 0 {
				c.Failure = junitFailureFor(failing, name, ri.Remediation)
				suite.Failures++
			}
			c.SystemOut = junitLines(passing, name) + junitLines(suppressed[[2]string{file, ri.ID}], name)
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Suites = append(out.Suites, suite)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	buf.WriteByte('\n')
	_, err := w.Write(escape.LogSafeXML(buf.Bytes()))
	return err
}

func junitFailureFor(fs []Finding, file, fix string) *junitFailure {
	worst := fs[0].Severity
	for _, f := range fs {
		worst = max(worst, f.Severity)
	}
	msg := escape.XMLChars(fs[0].Message)
	if len(fs) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(fs)-1)
	}
	text := junitLines(fs, file)
	if fix = oneLine(fix); fix != "" {
		text += "fix: " + escape.XMLChars(fix) + "\n"
	}
	return &junitFailure{Message: msg, Type: worst.String(), Text: text}
}

// junitLines lists findings as "file:line:col: severity: message (Sid X)",
// one per line, the form CI logs and editors link.
func junitLines(fs []Finding, file string) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s:%d:%d: %s: %s", file, f.Line, f.Column, f.Severity, escape.XMLChars(f.Message))
		if f.Sid != "" {
			fmt.Fprintf(&b, " (Sid %s)", escape.XMLChars(f.Sid))
		}
		if s := f.Suppression; s != nil {
			fmt.Fprintf(&b, " [suppressed: %s]", escape.XMLChars(suppressionText(s)))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
