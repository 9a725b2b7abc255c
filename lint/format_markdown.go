package lint

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
)

// markdownMaxRows keeps a pull-request comment under GitHub's 65,536
// character limit; the summary still counts every finding.
const markdownMaxRows = 150

// writeMarkdown writes a summary fit for a pull-request comment: counts by
// severity, the verdict at --fail-on, a table of findings with file:line
// links and rule links, and each rule's fix. Text from policies and rules is
// escaped (escape.MarkdownText, escape.MarkdownCode) so it cannot add links,
// images, HTML, mentions or table cells.
func writeMarkdown(w io.Writer, r *Report, o FormatOptions) error {
	bw := bufio.NewWriter(w)
	rules, idx := ruleTable(r)
	errs, warns, infos := r.Count()

	fmt.Fprintf(bw, "## mrapguard lint\n\n")
	fmt.Fprintf(bw, "%s.\n\n", capitalize(summary(r)))
	bw.WriteString("| Severity | Findings |\n| :-- | --: |\n")
	fmt.Fprintf(bw, "| error | %d |\n| warning | %d |\n| info | %d |\n\n", errs, warns, infos)
	if o.FailOn != SeverityNone {
		failing := 0
		for _, f := range r.Findings {
			if f.Severity >= o.FailOn {
				failing++
			}
		}
		if failing > 0 {
			fmt.Fprintf(bw, "**Failed:** %s at or above `%s`.\n", plural(failing, "finding"), o.FailOn)
		} else {
			fmt.Fprintf(bw, "**Passed:** no finding at or above `%s`.\n", o.FailOn)
		}
	}
	if len(r.Findings) == 0 {
		writeMarkdownSuppressed(bw, r, o)
		return bw.Flush()
	}

	bw.WriteString("\n### Findings\n\n| Severity | Location | Rule | Message | Sid |\n| :-- | :-- | :-- | :-- | :-- |\n")
	for i, f := range r.Findings {
		if i == markdownMaxRows {
			fmt.Fprintf(bw, "\n%s not shown; the other outputs of this run list them all.\n", capitalize(plural(len(r.Findings)-i, "more finding")))
			break
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s | %s |\n",
			f.Severity, markdownLocation(f, o), markdownRule(rules[idx[f.Rule]], o),
			escape.MarkdownText(f.Message), escape.MarkdownCode(f.Sid))
	}

	var fixes []string
	seen := map[string]bool{}
	for _, f := range r.Findings {
		ri := rules[idx[f.Rule]]
		if seen[ri.ID] || strings.TrimSpace(ri.Remediation) == "" {
			continue
		}
		seen[ri.ID] = true
		fixes = append(fixes, fmt.Sprintf("- %s: %s\n", markdownRule(ri, o), escape.MarkdownText(oneLine(ri.Remediation))))
	}
	if len(fixes) > 0 {
		bw.WriteString("\n### How to fix\n\n")
		for _, l := range fixes {
			bw.WriteString(l)
		}
	}
	writeMarkdownSuppressed(bw, r, o)
	return bw.Flush()
}

// writeMarkdownSuppressed lists the findings that ignores suppressed, with
// the reasons, so a reviewer sees what the configuration lets through.
func writeMarkdownSuppressed(bw *bufio.Writer, r *Report, o FormatOptions) {
	if len(r.Suppressed) == 0 {
		return
	}
	rules, idx := ruleTable(r)
	bw.WriteString("\n### Suppressed by ignores\n\n| Location | Rule | Message | Reason |\n| :-- | :-- | :-- | :-- |\n")
	for i, f := range r.Suppressed {
		if i == markdownMaxRows {
			fmt.Fprintf(bw, "\n%s not shown.\n", capitalize(plural(len(r.Suppressed)-i, "more suppressed finding")))
			break
		}
		fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", markdownLocation(f, o), markdownRule(rules[idx[f.Rule]], o),
			escape.MarkdownText(f.Message), escape.MarkdownText(suppressionText(f.Suppression)))
	}
}

// markdownLocation is "path:line:col", a link to the line when LinkBase is
// set and the file is inside the repository.
func markdownLocation(f Finding, o FormatOptions) string {
	text := escape.MarkdownCode(fmt.Sprintf("%s:%d:%d", o.displayPath(f.File), f.Line, f.Column))
	rel, ok := o.repoPath(f.File)
	if o.LinkBase == "" || !ok {
		return text
	}
	base := o.LinkBase
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	anchor := ""
	if f.Line > 0 {
		anchor = fmt.Sprintf("#L%d", f.Line)
		if f.EndLine > f.Line {
			anchor += fmt.Sprintf("-L%d", f.EndLine)
		}
	}
	return "[" + text + "](" + base + uriPath(rel) + anchor + ")"
}

// markdownRule links a built-in rule's ID to its documentation.
func markdownRule(ri RuleInfo, o FormatOptions) string {
	text := escape.MarkdownCode(ri.ID)
	if u := o.ruleDocURL(ri); u != "" {
		return "[" + text + "](" + u + ")"
	}
	return text
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
