package diff

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
)

// Renderer writes a Diff in one output format.
type Renderer interface {
	Render(w io.Writer, d Diff) error
}

// RenderOptions tune the renderers.
type RenderOptions struct {
	// Color allows ANSI colour in the text format. The caller decides
	// (terminal, NO_COLOR); renderers never look at the environment.
	Color bool
}

// Formats are the valid names for NewRenderer.
var Formats = []string{"text", "json", "markdown"}

// NewRenderer returns the renderer for a format name.
func NewRenderer(format string, opts RenderOptions) (Renderer, error) {
	switch format {
	case "text":
		return textRenderer{color: opts.Color}, nil
	case "json":
		return jsonRenderer{}, nil
	case "markdown":
		return markdownRenderer{}, nil
	}
	return nil, fmt.Errorf("unknown diff format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

type jsonRenderer struct{}

func (jsonRenderer) Render(w io.Writer, d Diff) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("encode diff json: %w", err)
	}
	// Printed into a CI log, "##" in a policy string must not read as a
	// runner command; "#\u0023" decodes to the same string.
	if _, err := w.Write(escape.LogSafeJSON(buf.Bytes())); err != nil {
		return fmt.Errorf("write diff json: %w", err)
	}
	return nil
}

// safeTerm makes policy text inert on a terminal (see escape.Terminal).
func safeTerm(s string) string { return escape.Terminal(s) }

// quoteValue shows a policy value in double quotes, escaped like a Go
// string (so control bytes never reach the terminal).
func quoteValue(v string) string { return strconv.Quote(v) }

func quoteValues(vs []string) string {
	if len(vs) == 1 {
		return quoteValue(vs[0])
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quoteValue(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// label names the element a field change is about, e.g. "Principal AWS" or
// "Condition StringEquals aws:PrincipalOrgID".
func label(fc FieldChange) string {
	switch fc.Field {
	case FieldPrincipal, FieldNotPrincipal:
		return fc.Field + " " + fc.Type
	case FieldCondition, FieldConditionValue:
		op := fc.Operator
		if fc.OperatorBefore != "" && fc.OperatorBefore != fc.Operator {
			op = fc.OperatorBefore + " → " + fc.Operator
		}
		return "Condition " + op + " " + fc.Key
	}
	return fc.Field
}

func sign(op Op) string {
	switch op {
	case OpAdded:
		return "+"
	case OpRemoved:
		return "-"
	}
	return "~"
}

func kindSign(k Kind) string {
	switch k {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

// values shows a field change's values: "x", or "x" → "y".
func values(fc FieldChange) string {
	switch fc.Op {
	case OpAdded:
		return quoteValues(fc.After)
	case OpRemoved:
		return quoteValues(fc.Before)
	}
	return quoteValues(fc.Before) + " → " + quoteValues(fc.After)
}

func stmtTitle(sc StatementChange) string {
	name := "statement"
	if sc.Sid != "" {
		name += " " + quoteValue(sc.Sid)
	}
	effect := sc.Effect
	if effect == "" {
		effect = "no Effect"
	}
	where := sc.PointerAfter
	switch {
	case sc.Kind == Removed:
		where = sc.PointerBefore
	case sc.Kind == Changed && sc.PointerBefore != sc.PointerAfter:
		where = sc.PointerBefore + " → " + sc.PointerAfter
	}
	return fmt.Sprintf("%s (%s) at %s", name, quoteOrPlain(effect), where)
}

// quoteOrPlain leaves Allow and Deny alone and quotes anything else.
func quoteOrPlain(s string) string {
	if s == "Allow" || s == "Deny" || s == "no Effect" {
		return s
	}
	return quoteValue(s)
}

type textRenderer struct{ color bool }

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiBold   = "\x1b[1m"
)

func (t textRenderer) paint(code, s string) string {
	if !t.color {
		return s
	}
	return code + s + ansiReset
}

func (t textRenderer) signColor(s string) string {
	switch s {
	case "+":
		return t.paint(ansiGreen, s)
	case "-":
		return t.paint(ansiRed, s)
	}
	return t.paint(ansiYellow, s)
}

func (t textRenderer) access(a Access) string {
	switch a {
	case Broadens:
		return t.paint(ansiBold+ansiRed, string(a))
	case Unknown:
		return t.paint(ansiBold+ansiYellow, string(a))
	case Narrows:
		return t.paint(ansiGreen, string(a))
	}
	return string(a)
}

func (t textRenderer) Render(w io.Writer, d Diff) error {
	var buf bytes.Buffer
	t.render(&buf, d)
	return writeLogSafe(w, buf.Bytes())
}

// writeLogSafe writes rendered lines so that none reads as a CI runner
// command (escape.LogLine): the text holds escaped policy strings, which
// may contain "::" or "##".
func writeLogSafe(w io.Writer, b []byte) error {
	bw := bufio.NewWriter(w)
	lines := strings.SplitAfter(string(b), "\n")
	for _, l := range lines {
		body, nl := strings.CutSuffix(l, "\n")
		bw.WriteString(escape.LogLine(body))
		if nl {
			bw.WriteByte('\n')
		}
	}
	return flush(bw)
}

func (t textRenderer) render(bw io.Writer, d Diff) {
	fmt.Fprintf(bw, "--- %s\n+++ %s\n", safeTerm(d.Before.Name), safeTerm(d.After.Name))
	if !d.Changed {
		fmt.Fprintln(bw, "No changes: the policies are equivalent.")
		return
	}
	fmt.Fprintf(bw, "Access: %s: %s\n", t.access(d.Access), safeTerm(d.Reason))
	for _, fc := range d.Document {
		fmt.Fprintf(bw, "\n%s %s %s  # %s: %s\n", t.signColor(sign(fc.Op)), fc.Field, safeTerm(values(fc)), t.access(fc.Access), safeTerm(fc.Reason))
	}
	for _, sc := range d.Statements {
		fmt.Fprintf(bw, "\n%s %s  # %s\n", t.signColor(kindSign(sc.Kind)), safeTerm(stmtTitle(sc)), t.access(sc.Access))
		fmt.Fprintf(bw, "    # %s\n", safeTerm(sc.Reason))
		for _, fc := range sc.Changes {
			line := fmt.Sprintf("    %s %s %s", t.signColor(sign(fc.Op)), safeTerm(label(fc)), safeTerm(values(fc)))
			if fc.Access != "" {
				line += fmt.Sprintf("  # %s: %s", t.access(fc.Access), safeTerm(fc.Reason))
			}
			fmt.Fprintln(bw, line)
		}
	}
}

func flush(bw *bufio.Writer) error {
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}

type markdownRenderer struct{}

func (markdownRenderer) Render(w io.Writer, d Diff) error {
	bw := bufio.NewWriter(w)
	if !d.Changed {
		fmt.Fprintf(bw, "### mrapguard diff: no changes\n\n%s and %s are equivalent policies.\n", mdCode(d.Before.Name), mdCode(d.After.Name))
		return flush(bw)
	}
	fmt.Fprintf(bw, "### mrapguard diff: access %s\n\n", mdAccess(d.Access))
	fmt.Fprintf(bw, "%s\n\n", mdText(d.Reason))
	fmt.Fprintf(bw, "%s → %s\n", mdCode(d.Before.Name), mdCode(d.After.Name))
	if len(d.Document) > 0 {
		fmt.Fprintf(bw, "\n#### Document\n\n")
		mdTable(bw, d.Document)
	}
	for _, sc := range d.Statements {
		title := "Statement"
		if sc.Sid != "" {
			title += " " + mdCode(sc.Sid)
		}
		fmt.Fprintf(bw, "\n#### %s %s (%s): %s %s\n\n", kindSign(sc.Kind), title, mdText(sc.Effect), sc.Kind, mdAccess(sc.Access))
		fmt.Fprintf(bw, "%s\n\n", mdText(sc.Reason))
		mdTable(bw, sc.Changes)
	}
	return flush(bw)
}

func mdAccess(a Access) string {
	if a == Broadens || a == Unknown {
		return "**" + string(a) + "**"
	}
	return string(a)
}

func mdTable(w io.Writer, fcs []FieldChange) {
	fmt.Fprintln(w, "| | Field | Before | After | Access | Reason |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	for _, fc := range fcs {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n",
			sign(fc.Op), mdText(label(fc)), mdCodes(fc.Before), mdCodes(fc.After), mdAccess(fc.Access), mdText(fc.Reason))
	}
}

func mdCodes(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = mdCode(v)
	}
	return strings.Join(q, ", ")
}

// mdCode shows an untrusted string as a code span where nothing is
// interpreted, or as escaped text where a code span would not be safe (see
// escape.MarkdownCode); it is safe in a table cell.
func mdCode(s string) string {
	if s == "" {
		return "*(empty)*"
	}
	return escape.MarkdownCode(s)
}

// mdText shows an untrusted string as inert Markdown text, safe in a table
// cell (see escape.MarkdownText).
func mdText(s string) string { return escape.MarkdownText(s) }
