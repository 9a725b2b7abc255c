package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
)

// FormatOptions are what every format may need.
type FormatOptions struct {
	Color       bool     // ANSI colour (text only; the CLI decides: terminal and no NO_COLOR)
	FailOn      Severity // threshold for "failed" (JUnit failures, summaries)
	ToolVersion string
}

// Formatter writes a Report in one output format.
type Formatter interface {
	Format(w io.Writer, r *Report) error
}

type formatterFunc func(w io.Writer, r *Report) error

func (f formatterFunc) Format(w io.Writer, r *Report) error { return f(w, r) }

// formats maps each format name to its constructor.
var formats = map[string]func(FormatOptions) Formatter{
	"text": func(o FormatOptions) Formatter {
		return formatterFunc(func(w io.Writer, r *Report) error { return writeText(w, r, o) })
	},
	"json": func(FormatOptions) Formatter { return formatterFunc(writeJSON) },
}

// FormatNames lists the valid format names, sorted.
func FormatNames() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// NewFormatter returns the formatter called name.
func NewFormatter(name string, opts FormatOptions) (Formatter, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (valid: %s)", name, strings.Join(FormatNames(), ", "))
	}
	return f(opts), nil
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

// writeText writes one line per finding, file:line:col first so editors and
// terminals can jump to it, followed by the fix the first time a rule shows up.
func writeText(w io.Writer, r *Report, o FormatOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !o.Color {
			return s
		}
		return code + s + ansiReset
	}
	fixes := map[string]string{}
	for _, ri := range r.Rules {
		fixes[ri.ID] = ri.Remediation
	}
	hinted := map[string]bool{}
	linted := map[string]bool{}
	for _, f := range r.Files {
		linted[f] = true
	}
	filesWith := map[string]bool{}
	for _, f := range r.Findings {
		if linted[f.File] {
			filesWith[f.File] = true
		}
		sevColor := map[Severity]string{SeverityError: ansiRed, SeverityWarning: ansiYellow, SeverityInfo: ansiCyan}[f.Severity]
		where := fmt.Sprintf("%s:%d:%d:", escape.Terminal(f.File), f.Line, f.Column)
		fmt.Fprintf(bw, "%s %s %s: %s", paint(ansiBold, where), paint(sevColor, f.Severity.String()), f.Rule, escape.Terminal(f.Message))
		if f.Sid != "" {
			fmt.Fprintf(bw, " %s", paint(ansiDim, "(Sid "+escape.Terminal(f.Sid)+")"))
		}
		bw.WriteString("\n")
		if fix := fixes[f.Rule]; fix != "" && !hinted[f.Rule] {
			hinted[f.Rule] = true
			fmt.Fprintf(bw, "    %s %s\n", paint(ansiDim, "fix:"), escape.Terminal(oneLine(fix)))
		}
	}
	errs, warns, infos := r.Count()
	if len(r.Findings) == 0 {
		fmt.Fprintf(bw, "%s: no findings in %s (%s)\n", paint(ansiBold, "mrapguard"), plural(len(r.Files), "file"), plural(len(r.Rules), "rule"))
	} else {
		fmt.Fprintf(bw, "%s: %s, %s, %s in %d of %s (%s)\n", paint(ansiBold, "mrapguard"),
			plural(errs, "error"), plural(warns, "warning"), plural(infos, "info"),
			len(filesWith), plural(len(r.Files), "file"), plural(len(r.Rules), "rule"))
	}
	return bw.Flush()
}

// oneLine folds a multi-line hint into one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if word == "info" {
		return fmt.Sprintf("%d infos", n)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// jsonReport is the public --format json contract.
type jsonReport struct {
	Findings []Finding   `json:"findings"`
	Summary  jsonSummary `json:"summary"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

func writeJSON(w io.Writer, r *Report) error {
	out := jsonReport{Findings: r.Findings}
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	out.Summary.Files = len(r.Files)
	out.Summary.Errors, out.Summary.Warnings, out.Summary.Infos = r.Count()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
