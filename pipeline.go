package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/config"
	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/policy"
)

// The pipeline composes the stages plan and apply run for each target:
//
//	load ─► fetch ─► lint ─► diff ─► (guards ─► confirm ─► put ─► wait ─► verify)
//
// apply/ does the AWS I/O and owns the plan file and the refusal type; this
// file decides what the stages mean together: when a change is refused,
// what is shown, which exit code a target ends with.

// Pipeline holds what every target of one command shares.
type Pipeline struct {
	e      *env
	client *apply.Client
	engine *lint.Engine
	cfg    *config.Config
	failOn lint.Severity
	accept map[string]bool // --accept RULE
	parse  policy.Options
	// wait configures polling (clock, first interval); Progress is set per
	// target.
	wait           apply.WaitOptions
	timeout        time.Duration
	waitForPending bool
	autoApprove    bool
	// resumeFlags are the client flags the resume command must repeat
	// (--profile, --endpoint-url), already quoted.
	resumeFlags string
}

// Target is one MRAP and the policy file meant for it, or a saved plan.
type Target struct {
	Account, Name string
	File          string      // policy file as named by the user (or the config)
	Plan          *apply.Plan // a saved plan being applied
	PlanFile      string
}

func (t Target) Label() string { return t.Account + "/" + t.Name }

// Planned is one target after load, fetch, lint and diff.
type Planned struct {
	Target   Target
	Live     *apply.Live
	LiveDoc  *policy.Document
	Doc      *policy.Document
	LiveHash string // apply.NoLivePolicy when there is none
	Hash     string // canonical hash of doc
	// Findings are every finding after the config's suppressions; failing
	// those at or above --fail-on that no --accept covers; accepted those
	// at or above --fail-on that one does.
	Findings []lint.Finding
	Failing  []lint.Finding
	Accepted []lint.Finding
	// AcceptedRules are the rules accepted for this target (--accept, and
	// those recorded in a saved plan).
	AcceptedRules []string
	Diff          *diff.Diff // nil when doc does not parse
	// Changes: the hashes differ, so apply would put. A change the diff
	// calls equivalent (reformatted) still Changes the text in force.
	Changes bool
	// InFlight: AWS reports a Proposed policy (pendingHash) that is not the
	// one in force.
	InFlight    bool
	PendingHash string
	Waited      bool // --wait-for-pending waited for a change in flight
	// Public are the statements AWS would consider Public (policy.PublicToAWS),
	// one line each.
	Public []string
	Token  string
	// staleErr is the refusal of a saved plan whose live policy moved;
	// staleDiff shows the move.
	staleErr  error
	StaleDiff *diff.Diff
}

// publicBlocked: AWS would refuse the put because the MRAP blocks public
// policies and this one grants public access.
func (pl *Planned) publicBlocked() bool {
	return len(pl.Public) > 0 && pl.Live.PublicAccessBlock.BlockPublicPolicy
}

// Access is the diff's verdict, or "" when there is no diff.
func (pl *Planned) Access() diff.Access {
	if pl.Diff == nil {
		return ""
	}
	return pl.Diff.Access
}

// hashPolicy is the canonical hash apply and verification compare. Text
// that is not JSON hashes as its bytes, so it never equals a real policy.
func hashPolicy(s string) (string, error) {
	return policy.Parse("", []byte(s), policy.Options{MaxBytes: -1}).Hash(), nil
}

// noPolicyName names the "before" side of a first apply.
const noPolicyName = "(no policy in force)"

// liveName names the policy in force in diffs.
func liveName(t Target) string { return "in force on " + t.Label() }

// readPolicyFile reads a policy file up to what Parse looks at.
func readPolicyFile(name string, opts policy.Options) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, InputError{fmt.Errorf("read policy %s: %w", name, unwrapPathError(err))}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(opts.ReadLimit())+1))
	if err != nil {
		return nil, InputError{fmt.Errorf("read policy %s: %w", name, err)}
	}
	return data, nil
}

// plan runs load, fetch, lint and diff for one target. With
// --wait-for-pending, a change in flight is waited for first (progress goes
// to prog), so the plan is made against the settled policy.
func (p *Pipeline) plan(ctx context.Context, t Target, prog *TextProgress) (*Planned, error) {
	data, err := readPolicyFile(t.File, p.parse)
	if err != nil {
		return nil, err
	}
	if t.Plan != nil {
		if err := t.Plan.CheckFile(data); err != nil {
			return nil, err
		}
	}
	pl := &Planned{Target: t, Doc: policy.Parse(t.File, data, p.parse)}
	pl.Hash = pl.Doc.Hash()

	live, err := p.client.Fetch(ctx, t.Account, t.Name)
	if err != nil {
		return nil, err
	}
	busy, pending, err := apply.InFlight(live, hashPolicy)
	if err != nil {
		return nil, err
	}
	if busy && p.waitForPending {
		prog.Note("another change to %s is in flight (Proposed %s is not yet in force); waiting for it (--wait-for-pending)", t.Label(), apply.ShortHash(pending))
		wctx, cancel := context.WithTimeout(ctx, p.timeout)
		wo := p.wait
		wo.Progress = prog.Update
		live, err = p.client.WaitPending(wctx, t.Account, t.Name, apply.VerifyOptions{Hash: hashPolicy, Wait: wo})
		cancel()
		prog.Done()
		if err != nil {
			if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return nil, apply.Refusef("try again later, or raise --timeout", "the change in flight on %s did not settle within --timeout %s", t.Label(), p.timeout)
			}
			return nil, err
		}
		prog.Note("the change in flight on %s has settled; planning against the policy now in force", t.Label())
		pl.Waited = true
		busy, pending = false, ""
	}
	pl.Live, pl.InFlight, pl.PendingHash = live, busy, pending

	pl.LiveHash = apply.NoLivePolicy
	pl.LiveDoc = &policy.Document{Name: noPolicyName}
	if live.HasPolicy {
		pl.LiveDoc = policy.Parse(liveName(t), []byte(live.Established), policy.Options{MaxBytes: -1})
		pl.LiveHash = pl.LiveDoc.Hash()
	}
	// A saved plan whose change is already in force (applied, then the
	// apply rerun) is not stale: there is nothing left to do.
	if t.Plan != nil && pl.LiveHash != t.Plan.Proposed.Hash {
		if err := t.Plan.CheckFresh(pl.LiveHash); err != nil {
			pl.staleErr = err
			before := &policy.Document{Name: noPolicyName}
			if t.Plan.Live.HasPolicy {
				before = policy.Parse("in force when planned", []byte(t.Plan.Live.Established), policy.Options{MaxBytes: -1})
			}
			d := diff.Compute(*before, *pl.LiveDoc)
			pl.StaleDiff = &d
		}
	}

	findings, err := p.engine.Lint(ctx, pl.Doc, &lint.Target{Account: t.Account, Name: t.Name, Alias: live.Alias})
	if err != nil {
		return nil, fmt.Errorf("lint %s: %w", t.File, err)
	}
	pl.Findings = p.cfg.Suppress(findings, p.e.Now())
	lint.SortFindings(pl.Findings, map[string]int{t.File: 0})
	accept := p.accept
	if t.Plan != nil && len(t.Plan.Accepted) > 0 {
		accept = withRules(accept, t.Plan.Accepted)
	}
	for _, f := range pl.Findings {
		switch {
		case p.failOn == lint.SeverityNone || f.Severity < p.failOn:
		case accept[f.Rule]:
			pl.Accepted = append(pl.Accepted, f)
			if !slices.Contains(pl.AcceptedRules, f.Rule) {
				pl.AcceptedRules = append(pl.AcceptedRules, f.Rule)
			}
		default:
			pl.Failing = append(pl.Failing, f)
		}
	}
	slices.Sort(pl.AcceptedRules)

	if !pl.Doc.HasErrors() {
		d := diff.Compute(*pl.LiveDoc, *pl.Doc)
		pl.Diff = &d
		for _, s := range pl.Doc.Policy.Statements {
			if public, why := policy.PublicToAWS(s); public {
				pl.Public = append(pl.Public, statementLabel(s)+": "+why)
			}
		}
	}
	pl.Changes = pl.Hash != pl.LiveHash
	pl.Token = apply.Token(t.Account, t.Name, pl.LiveHash, pl.Hash, 0)
	return pl, nil
}

func withRules(m map[string]bool, more []string) map[string]bool {
	out := make(map[string]bool, len(m)+len(more))
	for k, v := range m {
		out[k] = v
	}
	for _, r := range more {
		out[r] = true
	}
	return out
}

func statementLabel(s policy.Statement) string {
	if s.Sid != "" {
		return fmt.Sprintf("statement %q", s.Sid)
	}
	return fmt.Sprintf("statement %d", s.Index+1)
}

// blocker is the first reason apply must not put this plan, or nil.
func (p *Pipeline) blocker(pl *Planned) *apply.RefusedError {
	if bs := p.blockers(pl); len(bs) > 0 {
		return bs[0]
	}
	return nil
}

// blockers are every reason apply must not put this plan, most
// fundamental first: a refusal whose remedy would not help while an
// earlier one stands comes later (accepting a finding does not make AWS
// take a public policy).
func (p *Pipeline) blockers(pl *Planned) []*apply.RefusedError {
	t := pl.Target
	var out []*apply.RefusedError
	var stale *apply.RefusedError
	if errors.As(pl.staleErr, &stale) {
		out = append(out, stale)
	}
	if pl.Doc.HasErrors() {
		pr := pl.Doc.Problems[0]
		out = append(out, apply.Refusef("fix the file; mrapguard lint "+t.File+" lists every problem",
			"%s cannot be applied: %s at line %d, column %d: %s", t.File, pr.Rule, pr.Pos.Line, pr.Pos.Column, pr.Message))
	}
	if pl.Changes && pl.publicBlocked() {
		out = append(out, apply.Refusef("narrow the statement to known callers (a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, …) or name the principals; an MRAP's Block Public Access settings are fixed when it is created",
			"%s grants public access (%s) and %s blocks public policies: AWS would refuse it", t.File, pl.Public[0], t.Label()))
	}
	if len(pl.Failing) > 0 {
		rules := ruleIDs(pl.Failing)
		accept := ""
		for _, r := range rules {
			accept += " --accept " + r
		}
		out = append(out, apply.Refusef("fix the policy, or accept these findings by naming their rules:"+accept,
			"%s has %s at or above --fail-on %s (%s)", t.File, countFindings(len(pl.Failing)), p.failOn, strings.Join(rules, ", ")))
	}
	if pl.InFlight {
		out = append(out, apply.Refusef("wait for it and plan again: rerun with --wait-for-pending",
			"another change to %s is in flight: AWS reports a Proposed policy (%s) that is not yet in force (%s)",
			t.Label(), apply.ShortHash(pl.PendingHash), apply.ShortHash(pl.LiveHash)))
	}
	return out
}

func ruleIDs(fs []lint.Finding) []string {
	var ids []string
	for _, f := range fs {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	slices.Sort(ids)
	return ids
}

func countFindings(n int) string {
	if n == 1 {
		return "1 finding"
	}
	return fmt.Sprintf("%d findings", n)
}

// planCode is a planned target's exit code for plan: 1 when the policy has
// failing findings or does not parse, 4 when AWS would refuse it, 2 for a
// change with --detailed-exitcode, else 0.
func (p *Pipeline) planCode(pl *Planned, detailed bool) int {
	code := ExitOK
	if pl.Changes && detailed {
		code = ExitChanges
	}
	if pl.Doc.HasErrors() || len(pl.Failing) > 0 {
		code = Worse(code, ExitFindings)
	}
	if pl.Changes && pl.publicBlocked() {
		code = Worse(code, ExitRefused)
	}
	return code
}

// severity orders exit codes for a run over many targets: the overall code
// is the most severe one. Interrupted beats everything (the run did not
// finish); a refusal means something unsafe was attempted; an AWS failure
// may have left a change half done; a usage or input error is a target
// that could not be planned; findings, changes pending and success follow.
func severity(code int) int {
	switch code {
	case ExitOK:
		return 0
	case ExitChanges:
		return 1
	case ExitFindings:
		return 2
	case ExitUsage:
		return 3
	case ExitAWS:
		return 4
	case ExitRefused:
		return 5
	case ExitInterrupted:
		return 6
	}
	return 3 // an unknown code counts as an error
}

func Worse(a, b int) int {
	if severity(b) > severity(a) {
		return b
	}
	return a
}

// lintReport is the report of one planned target, for lint's formatters.
func (p *Pipeline) lintReport(pl *Planned) *lint.Report {
	return &lint.Report{Files: []string{pl.Target.File}, Rules: p.engine.Rules(), Findings: pl.Findings}
}

// findingsJSON renders findings with lint's json format (its public
// contract), for the plan file and plan --format json.
func (p *Pipeline) findingsJSON(pl *Planned) ([]byte, error) {
	f, err := lint.NewFormatter("json", lint.FormatOptions{FailOn: p.failOn})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Format(&b, p.lintReport(pl)); err != nil {
		return nil, fmt.Errorf("render findings: %w", err)
	}
	return b.Bytes(), nil
}

func diffJSON(d *diff.Diff) ([]byte, error) {
	if d == nil {
		return []byte("null"), nil
	}
	r, err := diff.NewRenderer("json", diff.RenderOptions{})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := r.Render(&b, *d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// savedPlan is the plan file for a planned target.
func (p *Pipeline) savedPlan(pl *Planned) (*apply.Plan, error) {
	fj, err := p.findingsJSON(pl)
	if err != nil {
		return nil, err
	}
	dj, err := diffJSON(pl.Diff)
	if err != nil {
		return nil, err
	}
	aj, err := jsonOf(pl.Accepted)
	if err != nil {
		return nil, err
	}
	return &apply.Plan{
		ToolVersion: buildVersion(),
		CreatedAt:   p.e.Now().UTC(),
		Target:      apply.PlanTarget{Account: pl.Target.Account, Name: pl.Target.Name, Alias: pl.Live.Alias},
		Live: apply.PlanLive{
			HasPolicy: pl.Live.HasPolicy, EstablishedHash: pl.LiveHash, Established: pl.Live.Established,
			IsPublic: pl.Live.IsPublic, BlockPublicPolicy: pl.Live.PublicAccessBlock.BlockPublicPolicy,
		},
		Proposed: apply.PlanProposed{File: pl.Target.File, FileSHA256: apply.FileDigest(pl.Doc.Bytes), Hash: pl.Hash, Policy: string(pl.Doc.Bytes)},
		Changes:  pl.Changes,
		Access:   string(pl.Access()),
		Token:    pl.Token,
		Findings: fj, Diff: dj,
		Accepted: append([]string{}, pl.AcceptedRules...), AcceptedFindings: aj,
	}, nil
}
