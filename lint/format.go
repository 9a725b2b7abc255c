package lint

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
)

// FormatOptions are what every format may need.
type FormatOptions struct {
	Color       bool     // ANSI colour (text only; the CLI decides: terminal and no NO_COLOR)
	FailOn      Severity // threshold for "failed" (JUnit failures, summaries)
	ToolVersion string
	// RepoRoot is the absolute directory that SARIF URIs, annotation paths
	// and Markdown links are relative to. Empty: relative file names are
	// taken as relative to the root, absolute ones are not.
	RepoRoot string
	// WorkDir is the absolute directory relative file names are relative
	// to. Empty: RepoRoot.
	WorkDir string
	// DocsURL is the rules catalog page (one "## <rule id>" heading per
	// built-in rule). Empty: DefaultDocsURL.
	DocsURL string
	// LinkBase, if set, makes Markdown locations links: LinkBase + path +
	// "#L" + line, e.g. "https://github.com/OWNER/REPO/blob/SHA/".
	LinkBase string
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
	"sarif": func(o FormatOptions) Formatter {
		return formatterFunc(func(w io.Writer, r *Report) error { return writeSARIF(w, r, o) })
	},
	"github": func(o FormatOptions) Formatter {
		return formatterFunc(func(w io.Writer, r *Report) error { return writeGitHub(w, r, o) })
	},
	"junit": func(o FormatOptions) Formatter {
		return formatterFunc(func(w io.Writer, r *Report) error { return writeJUnit(w, r, o) })
	},
	"markdown": func(o FormatOptions) Formatter {
		return formatterFunc(func(w io.Writer, r *Report) error { return writeMarkdown(w, r, o) })
	},
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
// Every line goes through escape.LogLine, because CI systems read commands
// from the log of a step that runs lint with the default format.
func writeText(w io.Writer, r *Report, o FormatOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !o.Color {
			return s
		}
		return code + s + ansiReset
	}
	line := func(parts ...string) {
		bw.WriteString(escape.LogLine(strings.Join(parts, "")))
		bw.WriteByte('\n')
	}
	fixes := map[string]string{}
	for _, ri := range r.Rules {
		fixes[ri.ID] = ri.Remediation
	}
	sevColors := map[Severity]string{SeverityError: ansiRed, SeverityWarning: ansiYellow, SeverityInfo: ansiCyan}
	hinted := map[string]bool{}
	for _, f := range r.Findings {
		// The file name starts the line: LogLine keeps a name like
		// "::error::x.json" from reading as a command even when colour codes
		// precede it.
		where := escape.LogLine(escape.Terminal(f.File)) + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column) + ":"
		sid := ""
		if f.Sid != "" {
			sid = " " + paint(ansiDim, "(Sid "+escape.Terminal(f.Sid)+")")
		}
		line(paint(ansiBold, where), " ", paint(sevColors[f.Severity], f.Severity.String()), " ", escape.Terminal(f.Rule), ": ", escape.Terminal(f.Message), sid)
		if fix := fixes[f.Rule]; fix != "" && !hinted[f.Rule] {
			hinted[f.Rule] = true
			line("    ", paint(ansiDim, "fix:"), " ", escape.Terminal(oneLine(fix)))
		}
	}
	line(paint(ansiBold, "mrapguard"), ": ", summary(r))
	return bw.Flush()
}

// summary is the closing line's text: counts by severity, files, rules,
// the findings that ignores suppressed, and the files a directory walk
// skipped.
func summary(r *Report) string {
	s := counts(r)
	if r.Skipped > 0 {
		if r.Skipped == 1 {
			s += "; skipped 1 file that is neither a policy nor a template"
		} else {
			s += fmt.Sprintf("; skipped %d files that are neither policies nor templates", r.Skipped)
		}
	}
	return s
}

func counts(r *Report) string {
	ran := plural(len(r.Rules), "rule")
	if n := len(r.Suppressed); n > 0 {
		ran += fmt.Sprintf("; %d suppressed by ignores", n)
		if n == 1 {
			ran = plural(len(r.Rules), "rule") + "; 1 suppressed by an ignore"
		}
	}
	if len(r.Findings) == 0 {
		return fmt.Sprintf("no findings in %s (%s)", plural(len(r.Files), "file"), ran)
	}
	// Findings about other files (a config file, say) do not count as
	// linted files with findings.
	linted := map[string]bool{}
	for _, f := range r.Files {
		linted[f] = true
	}
	filesWith := map[string]bool{}
	for _, f := range r.Findings {
		if linted[f.File] {
			filesWith[f.File] = true
		}
	}
	errs, warns, infos := r.Count()
	return fmt.Sprintf("%s, %s, %s in %d of %s (%s)",
		plural(errs, "error"), plural(warns, "warning"), plural(infos, "info"),
		len(filesWith), plural(len(r.Files), "file"), ran)
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

// jsonReport is the public --format json contract. Suppressed findings
// are listed apart, each with the ignore that covers it.
type jsonReport struct {
	Findings   []Finding   `json:"findings"`
	Suppressed []Finding   `json:"suppressed"`
	Summary    jsonSummary `json:"summary"`
}

type jsonSummary struct {
	Files      int `json:"files"`
	Skipped    int `json:"skipped,omitempty"` // files found in directories that are neither policies nor templates
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Suppressed int `json:"suppressed"`
}

func writeJSON(w io.Writer, r *Report) error {
	out := jsonReport{Findings: r.Findings, Suppressed: r.Suppressed}
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	if out.Suppressed == nil {
		out.Suppressed = []Finding{}
	}
	out.Summary.Files, out.Summary.Skipped = len(r.Files), r.Skipped
	out.Summary.Errors, out.Summary.Warnings, out.Summary.Infos = r.Count()
	out.Summary.Suppressed = len(r.Suppressed)
	return encodeJSON(w, out)
}

// encodeJSON writes v as indented JSON that is also inert in a CI log.
func encodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escape.LogSafeJSON(buf.Bytes()))
	return err
}
