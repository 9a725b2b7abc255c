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
	"github.com/mrapguard/mrapguard/iam"
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

// pipeline holds what every target of one command shares.
type pipeline struct {
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

// target is one MRAP and the policy file meant for it, or a saved plan.
type target struct {
	Account, Name string
	File          string      // policy file as named by the user (or the config)
	Plan          *apply.Plan // a saved plan being applied
	PlanFile      string
}

func (t target) label() string { return t.Account + "/" + t.Name }

// planned is one target after load, fetch, lint and diff.
type planned struct {
	t        target
	live     *apply.Live
	liveDoc  *policy.Document
	doc      *policy.Document
	liveHash string // apply.NoLivePolicy when there is none
	hash     string // canonical hash of doc
	// findings are every finding after the config's suppressions; failing
	// those at or above --fail-on that no --accept covers; accepted those
	// at or above --fail-on that one does.
	findings []lint.Finding
	failing  []lint.Finding
	accepted []lint.Finding
	// acceptRules are the rules accepted for this target (--accept, and
	// those recorded in a saved plan).
	acceptRules []string
	diff        *diff.Diff // nil when doc does not parse
	// changes: the hashes differ, so apply would put. A change the diff
	// calls equivalent (reformatted) still changes the text in force.
	changes bool
	// inFlight: AWS reports a Proposed policy (pendingHash) that is not the
	// one in force.
	inFlight    bool
	pendingHash string
	waited      bool // --wait-for-pending waited for a change in flight
	// public are the statements AWS would consider public (iam.PublicToAWS),
	// one line each.
	public []string
	token  string
	// staleErr is the refusal of a saved plan whose live policy moved;
	// staleDiff shows the move.
	staleErr  error
	staleDiff *diff.Diff
}

// publicBlocked: AWS would refuse the put because the MRAP blocks public
// policies and this one grants public access.
func (pl *planned) publicBlocked() bool {
	return len(pl.public) > 0 && pl.live.PublicAccessBlock.BlockPublicPolicy
}

// access is the diff's verdict, or "" when there is no diff.
func (pl *planned) access() diff.Access {
	if pl.diff == nil {
		return ""
	}
	return pl.diff.Access
}

// hashPolicy is the canonical hash apply and verification compare. Text
// that is not JSON hashes as its bytes, so it never equals a real policy.
func hashPolicy(s string) (string, error) {
	return policy.Parse("", []byte(s), policy.Options{MaxBytes: -1}).Hash(), nil
}

// noPolicyName names the "before" side of a first apply.
const noPolicyName = "(no policy in force)"

// liveName names the policy in force in diffs.
func liveName(t target) string { return "in force on " + t.label() }

// readPolicyFile reads a policy file up to what Parse looks at.
func readPolicyFile(name string, opts policy.Options) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, usageError{fmt.Errorf("read policy %s: %w", name, unwrapPathError(err))}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(opts.ReadLimit())+1))
	if err != nil {
		return nil, usageError{fmt.Errorf("read policy %s: %w", name, err)}
	}
	return data, nil
}

// plan runs load, fetch, lint and diff for one target. With
// --wait-for-pending, a change in flight is waited for first (progress goes
// to prog), so the plan is made against the settled policy.
func (p *pipeline) plan(ctx context.Context, t target, prog *progress) (*planned, error) {
	data, err := readPolicyFile(t.File, p.parse)
	if err != nil {
		return nil, err
	}
	if t.Plan != nil {
		if err := t.Plan.CheckFile(data); err != nil {
			return nil, err
		}
	}
	pl := &planned{t: t, doc: policy.Parse(t.File, data, p.parse)}
	pl.hash = pl.doc.Hash()

	live, err := p.client.Fetch(ctx, t.Account, t.Name)
	if err != nil {
		return nil, err
	}
	busy, pending, err := apply.InFlight(live, hashPolicy)
	if err != nil {
		return nil, err
	}
	if busy && p.waitForPending {
		prog.note("another change to %s is in flight (Proposed %s is not yet in force); waiting for it (--wait-for-pending)", t.label(), apply.ShortHash(pending))
		wctx, cancel := context.WithTimeout(ctx, p.timeout)
		wo := p.wait
		wo.Progress = prog.update
		live, err = p.client.WaitPending(wctx, t.Account, t.Name, apply.VerifyOptions{Hash: hashPolicy, Wait: wo})
		cancel()
		prog.done()
		if err != nil {
			if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return nil, apply.Refusef("try again later, or raise --timeout", "the change in flight on %s did not settle within --timeout %s", t.label(), p.timeout)
			}
			return nil, err
		}
		prog.note("the change in flight on %s has settled; planning against the policy now in force", t.label())
		pl.waited = true
		busy, pending = false, ""
	}
	pl.live, pl.inFlight, pl.pendingHash = live, busy, pending

	pl.liveHash = apply.NoLivePolicy
	pl.liveDoc = &policy.Document{Name: noPolicyName}
	if live.HasPolicy {
		pl.liveDoc = policy.Parse(liveName(t), []byte(live.Established), policy.Options{MaxBytes: -1})
		pl.liveHash = pl.liveDoc.Hash()
	}
	// A saved plan whose change is already in force (applied, then the
	// apply rerun) is not stale: there is nothing left to do.
	if t.Plan != nil && pl.liveHash != t.Plan.Proposed.Hash {
		if err := t.Plan.CheckFresh(pl.liveHash); err != nil {
			pl.staleErr = err
			before := &policy.Document{Name: noPolicyName}
			if t.Plan.Live.HasPolicy {
				before = policy.Parse("in force when planned", []byte(t.Plan.Live.Established), policy.Options{MaxBytes: -1})
			}
			d := diff.Compute(*before, *pl.liveDoc)
			pl.staleDiff = &d
		}
	}

	findings, err := p.engine.Lint(ctx, pl.doc, &lint.Target{Account: t.Account, Name: t.Name, Alias: live.Alias})
	if err != nil {
		return nil, fmt.Errorf("lint %s: %w", t.File, err)
	}
	pl.findings = p.cfg.Suppress(findings, p.e.Now())
	lint.SortFindings(pl.findings, map[string]int{t.File: 0})
	accept := p.accept
	if t.Plan != nil && len(t.Plan.Accepted) > 0 {
		accept = withRules(accept, t.Plan.Accepted)
	}
	for _, f := range pl.findings {
		switch {
		case p.failOn == lint.SeverityNone || f.Severity < p.failOn:
		case accept[f.Rule]:
			pl.accepted = append(pl.accepted, f)
			if !slices.Contains(pl.acceptRules, f.Rule) {
				pl.acceptRules = append(pl.acceptRules, f.Rule)
			}
		default:
			pl.failing = append(pl.failing, f)
		}
	}
	slices.Sort(pl.acceptRules)

	if !pl.doc.HasErrors() {
		d := diff.Compute(*pl.liveDoc, *pl.doc)
		pl.diff = &d
		for _, s := range pl.doc.Policy.Statements {
			if public, why := iam.PublicToAWS(s); public {
				pl.public = append(pl.public, statementLabel(s)+": "+why)
			}
		}
	}
	pl.changes = pl.hash != pl.liveHash
	pl.token = apply.Token(t.Account, t.Name, pl.liveHash, pl.hash, 0)
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
func (p *pipeline) blocker(pl *planned) *apply.RefusedError {
	if bs := p.blockers(pl); len(bs) > 0 {
		return bs[0]
	}
	return nil
}

// blockers are every reason apply must not put this plan, most
// fundamental first: a refusal whose remedy would not help while an
// earlier one stands comes later (accepting a finding does not make AWS
// take a public policy).
func (p *pipeline) blockers(pl *planned) []*apply.RefusedError {
	t := pl.t
	var out []*apply.RefusedError
	var stale *apply.RefusedError
	if errors.As(pl.staleErr, &stale) {
		out = append(out, stale)
	}
	if pl.doc.HasErrors() {
		pr := pl.doc.Problems[0]
		out = append(out, apply.Refusef("fix the file; mrapguard lint "+t.File+" lists every problem",
			"%s cannot be applied: %s at line %d, column %d: %s", t.File, pr.Rule, pr.Pos.Line, pr.Pos.Column, pr.Message))
	}
	if pl.changes && pl.publicBlocked() {
		out = append(out, apply.Refusef("narrow the statement to known callers (a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, …) or name the principals; an MRAP's Block Public Access settings are fixed when it is created",
			"%s grants public access (%s) and %s blocks public policies: AWS would refuse it", t.File, pl.public[0], t.label()))
	}
	if len(pl.failing) > 0 {
		rules := ruleIDs(pl.failing)
		accept := ""
		for _, r := range rules {
			accept += " --accept " + r
		}
		out = append(out, apply.Refusef("fix the policy, or accept these findings by naming their rules:"+accept,
			"%s has %s at or above --fail-on %s (%s)", t.File, countFindings(len(pl.failing)), p.failOn, strings.Join(rules, ", ")))
	}
	if pl.inFlight {
		out = append(out, apply.Refusef("wait for it and plan again: rerun with --wait-for-pending",
			"another change to %s is in flight: AWS reports a Proposed policy (%s) that is not yet in force (%s)",
			t.label(), apply.ShortHash(pl.pendingHash), apply.ShortHash(pl.liveHash)))
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
func (p *pipeline) planCode(pl *planned, detailed bool) int {
	code := exitOK
	if pl.changes && detailed {
		code = exitChanges
	}
	if pl.doc.HasErrors() || len(pl.failing) > 0 {
		code = worse(code, exitFindings)
	}
	if pl.changes && pl.publicBlocked() {
		code = worse(code, exitRefused)
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
	case exitOK:
		return 0
	case exitChanges:
		return 1
	case exitFindings:
		return 2
	case exitUsage:
		return 3
	case exitAWS:
		return 4
	case exitRefused:
		return 5
	case exitInterrupted:
		return 6
	}
	return 3 // an unknown code counts as an error
}

func worse(a, b int) int {
	if severity(b) > severity(a) {
		return b
	}
	return a
}

// lintReport is the report of one planned target, for lint's formatters.
func (p *pipeline) lintReport(pl *planned) *lint.Report {
	return &lint.Report{Files: []string{pl.t.File}, Rules: p.engine.Rules(), Findings: pl.findings}
}

// findingsJSON renders findings with lint's json format (its public
// contract), for the plan file and plan --format json.
func (p *pipeline) findingsJSON(pl *planned) ([]byte, error) {
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
func (p *pipeline) savedPlan(pl *planned) (*apply.Plan, error) {
	fj, err := p.findingsJSON(pl)
	if err != nil {
		return nil, err
	}
	dj, err := diffJSON(pl.diff)
	if err != nil {
		return nil, err
	}
	aj, err := jsonOf(pl.accepted)
	if err != nil {
		return nil, err
	}
	return &apply.Plan{
		ToolVersion: buildVersion(),
		CreatedAt:   p.e.Now().UTC(),
		Target:      apply.PlanTarget{Account: pl.t.Account, Name: pl.t.Name, Alias: pl.live.Alias},
		Live: apply.PlanLive{
			HasPolicy: pl.live.HasPolicy, EstablishedHash: pl.liveHash, Established: pl.live.Established,
			IsPublic: pl.live.IsPublic, BlockPublicPolicy: pl.live.PublicAccessBlock.BlockPublicPolicy,
		},
		Proposed: apply.PlanProposed{File: pl.t.File, FileSHA256: apply.FileDigest(pl.doc.Bytes), Hash: pl.hash, Policy: string(pl.doc.Bytes)},
		Changes:  pl.changes,
		Access:   string(pl.access()),
		Token:    pl.token,
		Findings: fj, Diff: dj,
		Accepted: append([]string{}, pl.acceptRules...), AcceptedFindings: aj,
	}, nil
}
