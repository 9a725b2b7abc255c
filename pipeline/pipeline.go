package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/config"
	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/policy"
)

// DefaultTimeout bounds a wait when Options.Timeout is not set.
const DefaultTimeout = 15 * time.Minute

// Options are what every target of one run shares.
type Options struct {
	Client *apply.Client
	Engine *lint.Engine
	// Config holds the suppressions (ignore) applied to findings; nil for none.
	Config *config.Config
	// FailOn: findings at or above it fail a target (lint.SeverityNone: none do).
	FailOn lint.Severity
	// Accept names rules whose failing findings are accepted: they are
	// reported but do not refuse the apply.
	Accept []string
	// Parse configures the policy parser (size limit).
	Parse policy.Options
	// Parallel is how many targets are handled at once (at least 1).
	Parallel int
	// Wait configures polling (clock, sleep, first interval); its Progress
	// is set per target from Progress.
	Wait apply.WaitOptions
	// Timeout bounds each wait (a change in flight, an operation, the
	// verification); the operation goes on at AWS after it.
	Timeout time.Duration
	// WaitForPending: when another change is in flight, wait for it to
	// settle and plan against the result instead of refusing.
	WaitForPending bool
	// DetailedExitCode: a planned target with changes ends with ExitChanges.
	DetailedExitCode bool
	// Progress gives each target its progress reporter; nil reports nothing.
	Progress func(Target) Progress
	// Now is the clock for suppression expiry, saved plans and durations
	// (nil: time.Now).
	Now func() time.Time
	// ToolVersion is recorded in saved plans.
	ToolVersion string
	// ResumeFlags are the client flags the resume command printed after an
	// interrupted wait must repeat (" --profile P --endpoint-url U"),
	// already quoted for a shell.
	ResumeFlags string
	// Command renders the command line of a refusal's next step: the
	// mrapguard command cmd for target t, with the extra options and the
	// options of this run that cmd takes, quoted for a shell. nil renders
	// the command, the extra options, TargetArgs and ResumeFlags.
	Command func(cmd string, t Target, extra []string) string
}

// Pipeline runs the stages for targets that share Options. It is safe for
// one run at a time.
type Pipeline struct {
	client         *apply.Client
	engine         *lint.Engine
	cfg            *config.Config
	failOn         lint.Severity
	accept         map[string]bool
	parse          policy.Options
	parallel       int
	wait           apply.WaitOptions
	timeout        time.Duration
	waitForPending bool
	detailed       bool
	progress       func(Target) Progress
	now            func() time.Time
	toolVersion    string
	resumeFlags    string
	command        func(cmd string, t Target, extra []string) string
}

// New returns a pipeline for o.
func New(o Options) *Pipeline {
	p := &Pipeline{
		client: o.Client, engine: o.Engine, cfg: o.Config, failOn: o.FailOn,
		accept: map[string]bool{}, parse: o.Parse, parallel: max(1, o.Parallel),
		wait: o.Wait, timeout: o.Timeout, waitForPending: o.WaitForPending, detailed: o.DetailedExitCode,
		progress: o.Progress, now: o.Now, toolVersion: o.ToolVersion, resumeFlags: o.ResumeFlags,
		command: o.Command,
	}
	for _, r := range o.Accept {
		p.accept[r] = true
	}
	if p.cfg == nil {
		p.cfg = &config.Config{}
	}
	if p.timeout <= 0 {
		p.timeout = DefaultTimeout
	}
	if p.now == nil {
		p.now = time.Now
	}
	return p
}

// progressFor is t's progress reporter, never nil.
func (p *Pipeline) progressFor(t Target) Progress {
	if p.progress == nil {
		return noProgress{}
	}
	if pr := p.progress(t); pr != nil {
		return pr
	}
	return noProgress{}
}

// Target is one MRAP and the policy file meant for it, or a saved plan.
type Target struct {
	Account, Name string
	File          string      // policy file as named by the user (or the config)
	Plan          *apply.Plan // a saved plan being applied
	PlanFile      string
}

// Label is "ACCOUNT/NAME".
func (t Target) Label() string { return t.Account + "/" + t.Name }

// TargetArgs are the arguments that name t to the mrapguard command cmd:
// a saved plan's file for apply, the policy file for lint, otherwise
// --account, --name and the policy file.
func TargetArgs(cmd string, t Target) []string {
	switch {
	case cmd == "apply" && t.PlanFile != "":
		return []string{t.PlanFile}
	case cmd == "lint":
		return []string{t.File}
	}
	return []string{"--account", t.Account, "--name", t.Name, t.File}
}

// withNext completes a refusal's next step with the command line that
// carries it out (rerun, when given, replaces the refusal's own Rerun), so
// every next step printed runs as printed. Other errors pass unchanged.
func (p *Pipeline) withNext(t Target, err error, rerun ...string) error {
	var r *apply.RefusedError
	if !errors.As(err, &r) {
		return err
	}
	if len(rerun) > 0 {
		r.Rerun = rerun
	}
	if r.Rerun != nil {
		r.SetCommand(p.commandLine(r.Rerun[0], t, r.Rerun[1:]))
	}
	return err
}

// commandLine is the command line that runs the mrapguard command cmd for
// t with the extra options (Options.Command renders it).
func (p *Pipeline) commandLine(cmd string, t Target, extra []string) string {
	if p.command != nil {
		return p.command(cmd, t, extra)
	}
	words := append(append([]string{"mrapguard", cmd}, extra...), TargetArgs(cmd, t)...)
	for i, w := range words {
		words[i] = escape.Shell(w)
	}
	return strings.Join(words, " ") + p.resumeFlags
}

// Planned is one target after load, fetch, lint, diff and the guards.
type Planned struct {
	Target   Target
	Live     *apply.Live
	LiveDoc  *policy.Document
	Doc      *policy.Document
	LiveHash string // apply.NoLivePolicy when there is none
	Hash     string // canonical hash of Doc
	// Findings are every finding after the config's suppressions; Failing
	// those at or above FailOn that no accepted rule covers; Accepted those
	// at or above FailOn that one does.
	Findings []lint.Finding
	Failing  []lint.Finding
	Accepted []lint.Finding
	// Suppressed are the findings an ignore of the config covers.
	Suppressed []lint.Finding
	// AcceptedRules are the rules accepted for this target (Options.Accept,
	// and those recorded in a saved plan).
	AcceptedRules []string
	Diff          *diff.Diff // nil when Doc does not parse
	// Changes: the hashes differ, so apply would put. A change the diff
	// calls equivalent (reformatted) still changes the text in force.
	Changes bool
	// InFlight: AWS reports a Proposed policy (PendingHash) that is not the
	// one in force.
	InFlight    bool
	PendingHash string
	Waited      bool // Options.WaitForPending waited for a change in flight
	// Public are the statements public to AWS (iam.PublicToAWS: what S3
	// Block Public Access calls public), one line each: the apply guard's
	// prediction. Open are the statements open (iam.Open: callers the owner
	// does not control get in; what principal/public reports). Every
	// statement in Public is in Open.
	Public []string
	Open   []string
	Token  string
	// StaleDiff shows how the policy in force moved since a saved plan was
	// made, when it did.
	StaleDiff *diff.Diff
	// Refusals are every reason apply must not put this plan (the guards),
	// most fundamental first; none when it may.
	Refusals []*apply.RefusedError

	staleErr error           // the refusal of a saved plan whose live policy moved
	failOn   lint.Severity   // for the findings report
	rules    []lint.RuleInfo // the rules that ran, for the findings report
}

// publicBlocked: AWS would refuse the put because the MRAP blocks public
// policies and this one is public to AWS.
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

// lintReport is the findings report of pl, for lint's formatters.
func (pl *Planned) lintReport() *lint.Report {
	rules := lint.WithEngineRules(slices.Clone(pl.rules), slices.Concat(pl.Findings, pl.Suppressed))
	return &lint.Report{Files: []string{pl.Target.File}, Rules: rules, Findings: pl.Findings, Suppressed: pl.Suppressed}
}

// Plan runs load, fetch, lint, diff and the guards for every target, up to
// Options.Parallel at once, and says how each ends: "no changes",
// "changes", "findings", "would be refused" or "error". A target's failure
// never hides the others. code is the most severe exit code (see Worse):
// 1 for failing findings or a file that does not parse, 4 when AWS would
// refuse the policy, 2 for changes with Options.DetailedExitCode.
func (p *Pipeline) Plan(ctx context.Context, targets []Target) (outs []Outcome, code int) {
	pls, errs := p.planAll(ctx, targets)
	outs = make([]Outcome, len(targets))
	code = ExitOK
	for i, t := range targets {
		if errs[i] != nil {
			outs[i] = errorOutcome(t, nil, errs[i])
		} else {
			pl := pls[i]
			o := Outcome{Target: t, Planned: pl, Code: p.planCode(pl), Result: "no changes", Reason: "already in force"}
			if pl.Changes {
				o.Result, o.Reason = "changes", ""
			}
			switch {
			case pl.Doc.HasErrors() || len(pl.Failing) > 0:
				o.Result = "findings"
				if len(pl.Refusals) > 0 {
					o.Reason = pl.Refusals[0].Reason
				}
			case pl.Changes && pl.publicBlocked():
				o.Result, o.Reason = "would be refused", pl.Refusals[0].Reason
			case pl.InFlight:
				o.Reason = "another change is in flight"
			}
			outs[i] = o
		}
		code = Worse(code, outs[i].Code)
	}
	return outs, code
}

// planAll plans every target, up to Options.Parallel at once, and returns
// the results in target order.
func (p *Pipeline) planAll(ctx context.Context, targets []Target) ([]*Planned, []error) {
	pls := make([]*Planned, len(targets))
	errs := make([]error, len(targets))
	all := make([]int, len(targets))
	for i := range all {
		all[i] = i
	}
	forEachBounded(ctx, p.parallel, all,
		func(i int) { pls[i], errs[i] = p.plan(ctx, targets[i], p.progressFor(targets[i])) },
		func(i int) { errs[i] = ctx.Err() })
	return pls, errs
}

// forEachBounded calls run(i) for each index, at most parallel at once. An
// index whose turn comes after ctx is done gets skip(i) instead, so every
// index is accounted for.
func forEachBounded(ctx context.Context, parallel int, indexes []int, run, skip func(i int)) {
	sem := make(chan struct{}, max(1, parallel))
	var wg sync.WaitGroup
	for _, i := range indexes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				skip(i)
				return
			}
			defer func() { <-sem }()
			run(i)
		}()
	}
	wg.Wait()
}

// plan runs load, fetch, lint, diff and the guards for one target. With
// WaitForPending, a change in flight is waited for first (progress goes to
// prog), so the plan is made against the settled policy.
func (p *Pipeline) plan(ctx context.Context, t Target, prog Progress) (*Planned, error) {
	data, err := readPolicyFile(t.File, p.parse)
	if t.Plan != nil && errors.Is(err, fs.ErrNotExist) {
		// The plan was made in another directory (a pipeline's checkout),
		// and it holds the policy text that was reviewed: apply that.
		// Where the file is here, the check below still refuses edits.
		prog.Note(fmt.Sprintf("%s is not in this directory (the plan was made elsewhere); applying the policy text saved in %s", t.File, t.PlanFile))
		data, err = []byte(t.Plan.Proposed.Policy), nil
	}
	if err != nil {
		return nil, err
	}
	if t.Plan != nil {
		if err := t.Plan.CheckFile(data); err != nil {
			return nil, p.withNext(t, err, "plan", "--out", t.PlanFile)
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
		prog.Note(fmt.Sprintf("another change to %s is in flight (Proposed %s is not yet in force); waiting for it (--wait-for-pending)", t.Label(), apply.ShortHash(pending)))
		wctx, cancel := context.WithTimeout(ctx, p.timeout)
		wo := p.wait
		wo.Progress = prog.Update
		live, err = p.client.WaitPending(wctx, t.Account, t.Name, apply.VerifyOptions{Hash: hashPolicy, Wait: wo})
		cancel()
		prog.Done()
		if err != nil {
			if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return nil, p.withNext(t, apply.Refusef("try again later, or with a longer --timeout", "the change in flight on %s did not settle within --timeout %s", t.Label(), p.timeout).
					WithRerun("apply", "--wait-for-pending"))
			}
			return nil, err
		}
		prog.Note(fmt.Sprintf("the change in flight on %s has settled; planning against the policy now in force", t.Label()))
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
			pl.staleErr = p.withNext(t, err, "plan", "--out", t.PlanFile)
			before := &policy.Document{Name: noPolicyName}
			if t.Plan.Live.HasPolicy {
				before = policy.Parse("in force when planned", []byte(t.Plan.Live.Established), policy.Options{MaxBytes: -1})
			}
			d, err := diff.Options{Owner: t.Account}.ComputeContext(ctx, *before, *pl.LiveDoc)
			if err != nil {
				return nil, err
			}
			pl.StaleDiff = &d
		}
	}

	findings, err := p.engine.Lint(ctx, pl.Doc, &lint.Target{Account: t.Account, Name: t.Name, Alias: live.Alias})
	if err != nil {
		return nil, fmt.Errorf("lint %s: %w", t.File, err)
	}
	pl.Findings, pl.Suppressed = p.cfg.Suppress(findings, p.now())
	lint.SortFindings(pl.Findings, map[string]int{t.File: 0})
	lint.SortFindings(pl.Suppressed, map[string]int{t.File: 0})
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
		d, err := diff.Options{Owner: t.Account}.ComputeContext(ctx, *pl.LiveDoc, *pl.Doc)
		if err != nil {
			return nil, err
		}
		pl.Diff = &d
		for _, s := range pl.Doc.Policy.Statements {
			if open, why := iam.Open(s); open {
				pl.Open = append(pl.Open, statementLabel(s)+": "+why)
			}
			if public, why := iam.PublicToAWS(s); public {
				pl.Public = append(pl.Public, statementLabel(s)+": "+why)
			}
		}
	}
	pl.Changes = pl.Hash != pl.LiveHash
	pl.Token = apply.Token(t.Account, t.Name, pl.LiveHash, pl.Hash, 0)
	pl.failOn, pl.rules = p.failOn, p.engine.Rules()
	pl.Refusals = p.blockers(pl)
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
		out = append(out, apply.Refusef("fix the file; this lists every problem",
			"%s cannot be applied: %s at line %d, column %d: %s", t.File, pr.Rule, pr.Pos.Line, pr.Pos.Column, pr.Message).WithRerun("lint"))
	}
	if pl.Changes && pl.publicBlocked() {
		out = append(out, apply.Refusef("narrow the statement to known callers (a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, …) or name the principals, then plan again (an MRAP's Block Public Access settings are fixed when it is created)",
			"%s is public to AWS (%s) and %s blocks public policies (S3 Block Public Access): AWS would refuse it", t.File, pl.Public[0], t.Label()).WithRerun("plan"))
	}
	if len(pl.Failing) > 0 {
		rules := ruleIDs(pl.Failing)
		var accept []string
		for _, r := range rules {
			accept = append(accept, "--accept", r)
		}
		out = append(out, apply.Refusef("fix the policy, or accept these findings by naming their rules",
			"%s has %s at or above --fail-on %s (%s)", t.File, countFindings(len(pl.Failing)), p.failOn, strings.Join(rules, ", ")).WithRerun("apply", accept...))
	}
	if pl.InFlight {
		out = append(out, apply.Refusef("wait for it to settle, then plan against the result",
			"another change to %s is in flight: AWS reports a Proposed policy (%s) that is not yet in force (%s)",
			t.Label(), apply.ShortHash(pl.PendingHash), apply.ShortHash(pl.LiveHash)).WithRerun("apply", "--wait-for-pending"))
	}
	for _, r := range out {
		p.withNext(t, r)
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
// change with DetailedExitCode, else 0.
func (p *Pipeline) planCode(pl *Planned) int {
	code := ExitOK
	if pl.Changes && p.detailed {
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

// findingsJSON renders the findings with lint's json format (its public
// contract), for the plan file and the json plan format.
func (pl *Planned) findingsJSON() ([]byte, error) {
	f, err := lint.NewFormatter("json", lint.FormatOptions{FailOn: pl.failOn})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Format(&b, pl.lintReport()); err != nil {
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

// SavedPlan is the plan file for a planned target (apply.WritePlan writes
// it; Target.Plan applies it). Only a plan without Refusals is worth saving.
func (p *Pipeline) SavedPlan(pl *Planned) (*apply.Plan, error) {
	fj, err := pl.findingsJSON()
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
		ToolVersion: p.toolVersion,
		CreatedAt:   p.now().UTC(),
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
