package pipeline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/lint"
)

// Formats are the names of the plan formats.
var Formats = []string{"json", "markdown", "text"}

// Formatter writes the outcomes of a plan run in one format; code is the
// run's exit code.
type Formatter interface {
	Format(w io.Writer, outs []Outcome, code int) error
}

// FormatOptions configure the plan formats.
type FormatOptions struct {
	Color bool               // text: ANSI colour in the diff
	Lint  lint.FormatOptions // the findings sections (text, markdown)
}

// NewFormatter returns the plan format called name (one of Formats).
func NewFormatter(name string, opts FormatOptions) (Formatter, error) {
	switch name {
	case "text":
		return textPlan{color: opts.Color, lintOpts: opts.Lint}, nil
	case "json":
		return jsonPlan{}, nil
	case "markdown":
		return markdownPlan{lintOpts: opts.Lint}, nil
	}
	return nil, fmt.Errorf("unknown format %q (valid: %s)", name, strings.Join(Formats, ", "))
}

func escapeTerm(s string) string { return escape.LogLine(escape.Terminal(s)) }

// WriteError writes a target's error on w (standard error), with the next
// step for a refusal; multi prefixes the target's label.
func WriteError(w io.Writer, o Outcome, multi bool) {
	if o.Err == nil {
		return
	}
	label := ""
	if multi {
		label = o.Target.Label() + ": "
	}
	if o.Code == ExitInterrupted {
		fmt.Fprintf(w, "mrapguard: %sinterrupted: nothing was put\n", label)
		return
	}
	fmt.Fprintf(w, "mrapguard: %s%s\n", label, escapeTerm(o.Err.Error()))
	var r *apply.RefusedError
	if errors.As(o.Err, &r) && r.Next != "" {
		fmt.Fprintf(w, "mrapguard: %snext: %s\n", label, escapeTerm(r.Next))
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// publicText is AWS's own verdict on the policy in force (IsPublic): public
// to AWS, S3 Block Public Access's notion, not lint's "open".
func publicText(ip *bool) string {
	switch {
	case ip == nil:
		return "no status"
	case *ip:
		return "public to AWS: yes"
	}
	return "public to AWS: no"
}

// summaryLine is the closing sentence of a target's plan.
func summaryLine(pl *Planned) string {
	switch {
	case pl.Diff == nil:
		return fmt.Sprintf("No plan: %s does not parse.", escapeTerm(pl.Target.File))
	case !pl.Changes:
		return fmt.Sprintf("No changes: the policy in force on %s is already %s.", pl.Target.Label(), escapeTerm(pl.Target.File))
	case !pl.Diff.Changed:
		return fmt.Sprintf("Plan: replace the text of the policy in force on %s; it is equivalent to %s (same access), but written differently.", pl.Target.Label(), escapeTerm(pl.Target.File))
	case !pl.Live.HasPolicy:
		return fmt.Sprintf("Plan: put the first policy on %s; access %s.", pl.Target.Label(), pl.Diff.Access)
	}
	return fmt.Sprintf("Plan: change the policy of %s; access %s.", pl.Target.Label(), pl.Diff.Access)
}

// textPlan is the default, human format; apply shows it too.
type textPlan struct {
	color    bool
	lintOpts lint.FormatOptions
}

func (r textPlan) Format(w io.Writer, outs []Outcome, overall int) error {
	for i, o := range outs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if o.Planned == nil {
			// With one target its error on stderr (WriteError) says it all.
			if len(outs) > 1 {
				fmt.Fprintf(w, "Target %s: %s\n", o.Target.Label(), escapeTerm(o.Reason))
			}
			continue
		}
		if err := r.target(w, o.Planned); err != nil {
			return err
		}
	}
	if len(outs) > 1 {
		fmt.Fprintln(w)
		writeSummaryTable(w, outs, overall)
	}
	return nil
}

// target writes one target's plan: where it stands, the findings, the diff,
// what apply would refuse, and one closing line.
func (r textPlan) target(w io.Writer, pl *Planned) error {
	l := pl.Live
	fmt.Fprintf(w, "Target:   %s (alias %s, %s, BlockPublicPolicy %s)\n", pl.Target.Label(), escapeTerm(l.Alias), escapeTerm(l.Status), onOff(l.PublicAccessBlock.BlockPublicPolicy))
	if l.HasPolicy {
		fmt.Fprintf(w, "In force: %s (%s)\n", apply.ShortHash(pl.LiveHash), publicText(l.IsPublic))
	} else {
		fmt.Fprintf(w, "In force: no policy\n")
	}
	fmt.Fprintf(w, "Proposed: %s (%s)\n", escapeTerm(pl.Target.File), apply.ShortHash(pl.Hash))
	if pl.InFlight {
		fmt.Fprintf(w, "In flight: %s is Proposed by another change and not yet in force\n", apply.ShortHash(pl.PendingHash))
	}
	if pl.Waited {
		fmt.Fprintf(w, "Waited for a change in flight to settle (--wait-for-pending).\n")
	}
	fmt.Fprintln(w)
	f, err := lint.NewFormatter("text", r.lintOpts)
	if err != nil {
		return err
	}
	if err := f.Format(w, pl.lintReport()); err != nil {
		return fmt.Errorf("write findings: %w", err)
	}
	if len(pl.Accepted) > 0 {
		fmt.Fprintf(w, "Accepted (--accept): %s at or above --fail-on %s from %s.\n", countFindings(len(pl.Accepted)), pl.failOn, escapeTerm(strings.Join(pl.AcceptedRules, ", ")))
	}
	if pl.StaleDiff != nil {
		fmt.Fprintf(w, "\nThe policy in force changed since the plan was made:\n")
		if err := renderDiff(w, "text", r.color, pl.StaleDiff); err != nil {
			return err
		}
	}
	if pl.Diff != nil && pl.Changes {
		fmt.Fprintln(w)
		if err := renderDiff(w, "text", r.color, pl.Diff); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	for _, b := range pl.Refusals {
		fmt.Fprintf(w, "Apply would be refused: %s\n", escapeTerm(b.Reason))
	}
	fmt.Fprintln(w, summaryLine(pl))
	return nil
}

func renderDiff(w io.Writer, format string, color bool, d *diff.Diff) error {
	dr, err := diff.NewRenderer(format, diff.RenderOptions{Color: color})
	if err != nil {
		return err
	}
	if err := dr.Render(w, *d); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	return nil
}

// writeSummaryTable is the table a run over several targets ends with.
func writeSummaryTable(w io.Writer, outs []Outcome, overall int) {
	rows := [][]string{{"TARGET", "ACCESS", "RESULT", "EXIT", "REASON"}}
	for _, o := range outs {
		reason := o.Reason
		if reason == "" {
			reason = "-"
		}
		rows = append(rows, []string{o.Target.Label(), o.verdict(), o.Result, fmt.Sprint(o.Code), escapeTerm(reason)})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row[:len(row)-1] {
			widths[i] = max(widths[i], len(c))
		}
	}
	bw := bufio.NewWriter(w)
	for _, row := range rows {
		for i, c := range row {
			if i < len(row)-1 {
				fmt.Fprintf(bw, "%-*s  ", widths[i], c)
			} else {
				fmt.Fprintln(bw, escape.LogLine(c))
			}
		}
	}
	fmt.Fprintf(bw, "%d targets, exit %d\n", len(outs), overall)
	bw.Flush()
}

// jsonPlan is plan --format json: one document for every target, embedding
// lint's JSON findings report and diff's JSON diff, both documented
// contracts.
type jsonPlan struct{}

type planOutputJSON struct {
	Version  int          `json:"version"`
	Targets  []targetJSON `json:"targets"`
	ExitCode int          `json:"exit_code"`
}

type targetJSON struct {
	Account    string `json:"account"`
	Name       string `json:"name"`
	Alias      string `json:"alias,omitempty"`
	PolicyFile string `json:"policy_file"`
	// Result, ExitCode and Error say how planning ended for this target.
	Result   string `json:"result"`
	ExitCode int    `json:"exit_code"`
	Error    string `json:"error,omitempty"`
	// The rest is present when the target was planned.
	Live         *liveJSON `json:"live,omitempty"`
	ProposedHash string    `json:"proposed_hash,omitempty"`
	Changes      bool      `json:"changes"`
	Equivalent   bool      `json:"equivalent"` // changes, but the diff finds no change of meaning
	Access       string    `json:"access,omitempty"`
	// Public lists the statements public to AWS (iam.PublicToAWS, S3
	// Block Public Access's notion, what the apply guard uses); Open those
	// open (iam.Open, what principal/public reports). Each public one is
	// open too.
	Public   []string        `json:"public_statements,omitempty"`
	Open     []string        `json:"open_statements,omitempty"`
	Findings json.RawMessage `json:"findings,omitempty"`
	Accepted []string        `json:"accepted_rules,omitempty"`
	Diff     json.RawMessage `json:"diff,omitempty"`
	Refusals []refusalJSON   `json:"apply_refusals,omitempty"`
	Token    string          `json:"token,omitempty"`
}

type liveJSON struct {
	Status            string `json:"status"`
	HasPolicy         bool   `json:"has_policy"`
	Hash              string `json:"hash"`
	IsPublic          *bool  `json:"is_public"`
	BlockPublicPolicy bool   `json:"block_public_policy"`
	InFlight          bool   `json:"in_flight"`
	ProposedHash      string `json:"proposed_hash,omitempty"`
}

type refusalJSON struct {
	Reason string `json:"reason"`
	Next   string `json:"next"`
}

func (r jsonPlan) Format(w io.Writer, outs []Outcome, overall int) error {
	doc := planOutputJSON{Version: 1, Targets: []targetJSON{}, ExitCode: overall}
	for _, o := range outs {
		tj := targetJSON{Account: o.Target.Account, Name: o.Target.Name, PolicyFile: o.Target.File, Result: o.Result, ExitCode: o.Code}
		if o.Err != nil {
			tj.Error = o.Err.Error()
		}
		if pl := o.Planned; pl != nil {
			tj.Alias = pl.Live.Alias
			tj.Live = &liveJSON{Status: pl.Live.Status, HasPolicy: pl.Live.HasPolicy, Hash: pl.LiveHash, IsPublic: pl.Live.IsPublic,
				BlockPublicPolicy: pl.Live.PublicAccessBlock.BlockPublicPolicy, InFlight: pl.InFlight, ProposedHash: pl.PendingHash}
			tj.ProposedHash = pl.Hash
			tj.Changes = pl.Changes
			tj.Equivalent = pl.Changes && pl.Diff != nil && !pl.Diff.Changed
			tj.Access = string(pl.Access())
			tj.Public, tj.Open = pl.Public, pl.Open
			tj.Accepted = pl.AcceptedRules
			tj.Token = pl.Token
			fj, err := pl.findingsJSON()
			if err != nil {
				return err
			}
			dj, err := diffJSON(pl.Diff)
			if err != nil {
				return err
			}
			tj.Findings, tj.Diff = fj, dj
			tj.Refusals = []refusalJSON{}
			for _, b := range pl.Refusals {
				tj.Refusals = append(tj.Refusals, refusalJSON{Reason: b.Reason, Next: b.Next})
			}
		}
		doc.Targets = append(doc.Targets, tj)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write plan json: %w", err)
	}
	_, err := w.Write(escape.LogSafeJSON(buf.Bytes()))
	return err
}

// markdownPlan is plan --format markdown, for a pull-request comment or a
// job summary.
type markdownPlan struct {
	lintOpts lint.FormatOptions
}

func (r markdownPlan) Format(w io.Writer, outs []Outcome, overall int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## mrapguard plan\n\n")
	if len(outs) > 1 {
		bw.WriteString("| Target | Access | Result | Exit | Reason |\n| :-- | :-- | :-- | --: | :-- |\n")
		for _, o := range outs {
			fmt.Fprintf(bw, "| %s | %s | %s | %d | %s |\n", escape.MarkdownCode(o.Target.Label()), mdVerdict(o.verdict()), escape.MarkdownText(o.Result), o.Code, escape.MarkdownText(o.Reason))
		}
		bw.WriteString("\n")
	}
	for _, o := range outs {
		fmt.Fprintf(bw, "### %s: %s\n\n", escape.MarkdownCode(o.Target.Label()), escape.MarkdownText(o.Result))
		pl := o.Planned
		if pl == nil {
			fmt.Fprintf(bw, "%s\n\n", escape.MarkdownText(o.Reason))
			continue
		}
		inForce := "no policy"
		if pl.Live.HasPolicy {
			inForce = escape.MarkdownCode(apply.ShortHash(pl.LiveHash)) + " (" + publicText(pl.Live.IsPublic) + ")"
		}
		fmt.Fprintf(bw, "- In force: %s\n- Proposed: %s %s\n", inForce, escape.MarkdownCode(pl.Target.File), escape.MarkdownCode(apply.ShortHash(pl.Hash)))
		if pl.Changes && pl.Diff != nil {
			fmt.Fprintf(bw, "- Access: %s\n", mdVerdict(string(pl.Diff.Access)))
		}
		if pl.InFlight {
			fmt.Fprintf(bw, "- In flight: %s is Proposed by another change\n", escape.MarkdownCode(apply.ShortHash(pl.PendingHash)))
		}
		if len(pl.Accepted) > 0 {
			fmt.Fprintf(bw, "- Accepted (`--accept`): %s from %s\n", countFindings(len(pl.Accepted)), escape.MarkdownCode(strings.Join(pl.AcceptedRules, ", ")))
		}
		for _, b := range pl.Refusals {
			fmt.Fprintf(bw, "\n> **Apply would be refused:** %s\n", escape.MarkdownText(b.Reason))
		}
		var section bytes.Buffer
		if len(pl.Findings) == 0 {
			fmt.Fprintf(bw, "- Lint: no findings (%d rules)\n", len(pl.rules))
		} else {
			opts := r.lintOpts
			opts.FailOn = lint.SeverityNone // accepted findings are not failures; the verdict is above
			f, err := lint.NewFormatter("markdown", opts)
			if err != nil {
				return err
			}
			section.WriteString("\n")
			if err := f.Format(&section, pl.lintReport()); err != nil {
				return err
			}
		}
		if pl.Diff != nil && pl.Changes {
			section.WriteString("\n")
			if err := renderDiff(&section, "markdown", false, pl.Diff); err != nil {
				return err
			}
		}
		bw.Write(demoteHeadings(section.Bytes(), 2))
		fmt.Fprintf(bw, "\n%s\n\n", escape.MarkdownText(strings.TrimSpace(summaryLine(pl))))
	}
	return bw.Flush()
}

func mdVerdict(v string) string {
	if v == string(diff.Broadens) || v == string(diff.Unknown) {
		return "**" + v + "**"
	}
	return v
}

// demoteHeadings nests the lint and diff sections under a target's
// heading. Only heading lines start with '#': the renderers escape it in
// text.
func demoteHeadings(b []byte, levels int) []byte {
	lines := bytes.SplitAfter(b, []byte("\n"))
	prefix := bytes.Repeat([]byte("#"), levels)
	var out bytes.Buffer
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte("#")) {
			out.Write(prefix)
		}
		out.Write(l)
	}
	return out.Bytes()
}
