package lint

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
)

// writeGitHub writes one GitHub Actions workflow command per finding
// (::error, ::warning or ::notice with file, line, column and title), which
// the runner turns into annotations on the pull request, then a plain
// summary line.
//
// Everything from a policy or a rule is first made printable with
// escape.Terminal (no raw control bytes reach the log), then framed with the
// toolkit's escaping: properties cannot end early or add a property, and the
// data cannot start a new line. Each line starts with our own "::" command,
// so the runner never looks for legacy "##[" commands inside it.
func writeGitHub(w io.Writer, r *Report, o FormatOptions) error {
	bw := bufio.NewWriter(w)
	fixes := map[string]string{}
	for _, ri := range r.Rules {
		fixes[ri.ID] = ri.Remediation
	}
	for _, f := range r.Findings {
		cmd := "notice"
		switch f.Severity {
		case SeverityError:
			cmd = "error"
		case SeverityWarning:
			cmd = "warning"
		}
		var props []string
		add := func(k, v string) {
			if v != "" {
				props = append(props, k+"="+escape.WorkflowProperty(v))
			}
		}
		if f.File != StdinName {
			add("file", escape.Terminal(o.displayPath(f.File)))
		}
		for _, p := range annotationPosition(f) {
			add(p.key, strconv.Itoa(p.val))
		}
		add("title", escape.Terminal(f.Rule))

		msg := escape.Terminal(f.Message)
		if f.Sid != "" {
			msg += " (Sid " + escape.Terminal(f.Sid) + ")"
		}
		if fix := fixes[f.Rule]; fix != "" {
			msg += "\nFix: " + escape.Terminal(oneLine(fix))
		}
		bw.WriteString("::" + cmd)
		if len(props) > 0 {
			bw.WriteString(" " + strings.Join(props, ","))
		}
		bw.WriteString("::" + escape.WorkflowData(msg) + "\n")
	}
	bw.WriteString(escape.LogLine("mrapguard: "+summary(r)) + "\n")
	return bw.Flush()
}

type annotationProp struct {
	key string
	val int
}

// annotationPosition gives the line and column properties the runner
// accepts: a line before any column, columns only when the span is on one
// line (the runner drops them otherwise), and no range that runs backwards.
// endColumn is exclusive, like Finding.EndColumn.
func annotationPosition(f Finding) []annotationProp {
	if f.Line <= 0 {
		return nil
	}
	ps := []annotationProp{{"line", f.Line}}
	switch {
	case f.EndLine > f.Line:
		ps = append(ps, annotationProp{"endLine", f.EndLine})
	case f.Column > 0:
		ps = append(ps, annotationProp{"col", f.Column})
		if f.EndLine == f.Line && f.EndColumn > f.Column {
			ps = append(ps, annotationProp{"endLine", f.EndLine}, annotationProp{"endColumn", f.EndColumn})
		}
	}
	return ps
}
