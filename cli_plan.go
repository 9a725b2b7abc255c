package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/policy"
)

// Defaults of the AWS flags.
const (
	defaultTimeout  = 15 * time.Minute
	defaultPoll     = time.Second
	defaultParallel = 4
)

// clientFlags name the MRAP and configure the S3 Control client.
func clientFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "account", Usage: "the MRAP's AWS account `ID` (12 digits)"},
		&cli.StringFlag{Name: "name", Usage: "the MRAP's `NAME`"},
		&cli.StringFlag{Name: "profile", Usage: "use the shared-config `PROFILE` (default: AWS_PROFILE or the default chain)"},
		&cli.StringFlag{Name: "endpoint-url", Usage: "send S3 Control calls to `URL` (e.g. the emulator; also AWS_ENDPOINT_URL_S3_CONTROL)"},
		&cli.BoolFlag{Name: "debug", Usage: "log every AWS call on stderr (never credentials or signatures)"},
	}
}

// awsFlags are the flags of every command that talks to AWS and waits.
func awsFlags() []cli.Flag {
	return append(clientFlags(),
		&cli.DurationFlag{Name: "timeout", Value: defaultTimeout, Usage: "give up waiting after `DURATION` (the operation goes on; resume with mrapguard wait)"},
		&cli.DurationFlag{Name: "poll-interval", Value: defaultPoll, Usage: "first delay between status polls, doubling up to 15s (`DURATION`)"},
	)
}

// runDiffLive is diff's live form: the policy in force on the MRAP against
// a policy file.
func runDiffLive(c *cli.Context, e *env) error {
	account, name := c.String("account"), c.String("name")
	if account == "" || name == "" || c.NArg() != 1 {
		return usageErrorf("diff: the live form wants --account, --name and one policy file (mrapguard diff --account ID --name NAME POLICY.json)")
	}
	r, err := diff.NewRenderer(c.String("format"), diff.RenderOptions{Color: e.ColorOut})
	if err != nil {
		return InputError{err}
	}
	after, err := loadPolicy(e, c.Args().First())
	if err != nil {
		return err
	}
	cl, err := newClient(c, e)
	if err != nil {
		return err
	}
	live, err := cl.Fetch(c.Context, account, name)
	if err != nil {
		return err
	}
	t := Target{Account: account, Name: name}
	before := &policy.Document{Name: noPolicyName}
	if live.HasPolicy {
		before = policy.Parse(liveName(t), []byte(live.Established), policy.Options{MaxBytes: -1})
	}
	if busy, pending, _ := apply.InFlight(live, hashPolicy); busy {
		fmt.Fprintf(e.Stderr, "mrapguard: another change to %s is in flight (Proposed %s is not yet in force); the diff is against the policy in force\n", t.Label(), apply.ShortHash(pending))
	}
	d := diff.Compute(*before, *after)
	if err := r.Render(e.Stdout, d); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	if before.Hash() != after.Hash() && !d.Changed {
		fmt.Fprintf(e.Stderr, "mrapguard: the texts differ: apply would replace the policy in force with an equivalent one\n")
	}
	if c.Bool("exit-code") && d.Changed {
		return ExitError{Code: ExitChanges}
	}
	return nil
}

// newClient builds the S3 Control client from the AWS flags.
func newClient(c *cli.Context, e *env) (*apply.Client, error) {
	opts := apply.ClientOptions{Profile: c.String("profile"), EndpointURL: c.String("endpoint-url"), Now: e.Now}
	if c.Bool("debug") {
		opts.Debug = e.Stderr
	}
	cl, err := apply.NewClient(c.Context, opts)
	if err != nil {
		return nil, InputError{err}
	}
	return cl, nil
}

// resumeFlags repeats the client flags the user gave, for the resume
// command (a wait must reach the same endpoint with the same profile).
func resumeFlags(c *cli.Context) string {
	s := ""
	if v := c.String("profile"); v != "" {
		s += " --profile " + shellQuote(v)
	}
	if v := c.String("endpoint-url"); v != "" {
		s += " --endpoint-url " + shellQuote(v)
	}
	return s
}

func waitOptions(c *cli.Context, e *env) (apply.WaitOptions, time.Duration, error) {
	timeout, poll := c.Duration("timeout"), c.Duration("poll-interval")
	if timeout <= 0 {
		return apply.WaitOptions{}, 0, usageErrorf("--timeout must be positive")
	}
	if poll <= 0 {
		return apply.WaitOptions{}, 0, usageErrorf("--poll-interval must be positive")
	}
	return apply.WaitOptions{Now: e.Now, Sleep: e.Sleep, MinInterval: poll}, timeout, nil
}

// pipelineFlags are the flags plan and apply share.
func pipelineFlags() []cli.Flag {
	flags := append(awsFlags(), ruleFlags()...)
	return append(flags,
		failOnFlag(),
		&cli.StringSliceFlag{Name: "accept", Usage: "accept the failing findings of `RULE` (repeatable); they are listed in the output and the plan file"},
		&cli.IntFlag{Name: "parallel", Value: defaultParallel, Usage: "handle up to `N` targets of mrapguard.yaml at once"},
	)
}

// setup builds the pipeline and the targets of a plan or apply run.
func setup(c *cli.Context, e *env, cmd string) (*Pipeline, []Target, error) {
	if err := flagsAfterArgs(c.Args().Slice()); err != nil {
		return nil, nil, err
	}
	failOn, err := parseFailOn(c)
	if err != nil {
		return nil, nil, err
	}
	if c.Int("parallel") < 1 {
		return nil, nil, usageErrorf("--parallel must be at least 1")
	}
	wo, timeout, err := waitOptions(c, e)
	if err != nil {
		return nil, nil, err
	}
	eng, cfg, err := engineFromFlags(c)
	if err != nil {
		return nil, nil, err
	}
	accept := map[string]bool{}
	known := map[string]bool{}
	for _, r := range eng.AllRules() {
		known[r.ID] = true
	}
	for _, r := range c.StringSlice("accept") {
		if !known[r] {
			return nil, nil, usageErrorf("--accept %s: no such rule (see mrapguard rules list)", r)
		}
		accept[r] = true
	}
	p := &Pipeline{
		e: e, engine: eng, cfg: cfg, failOn: failOn, accept: accept,
		parse: policy.Options{MaxBytes: c.Int("max-bytes")},
		wait:  wo, timeout: timeout, resumeFlags: resumeFlags(c),
	}

	account, name := c.String("account"), c.String("name")
	var targets []Target
	switch {
	case c.NArg() == 0 && account == "" && name == "":
		if len(cfg.Targets) == 0 {
			where := "no mrapguard.yaml was found"
			if cfg.Path != "" {
				where = cfg.Path + " has no targets"
			}
			return nil, nil, usageErrorf("%s: give --account, --name and a policy file, or list targets in mrapguard.yaml (%s)", cmd, where)
		}
		wd, _ := os.Getwd()
		for _, t := range cfg.Targets {
			targets = append(targets, Target{Account: t.Account, Name: t.Name, File: displayPath(wd, cfg.ResolvePolicy(t))})
		}
	case c.NArg() != 1:
		what := "one policy file"
		if cmd == "apply" {
			what += " or plan file"
		}
		return nil, nil, usageErrorf("%s: want %s, got %d arguments (mrapguard %s --account ID --name NAME POLICY.json)", cmd, what, c.NArg(), cmd)
	default:
		file := c.Args().First()
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, InputError{fmt.Errorf("read %s: %w", file, unwrapPathError(err))}
		}
		if apply.IsPlan(data) {
			if cmd != "apply" {
				return nil, nil, usageErrorf("%s: %s is a saved plan; apply it with mrapguard apply %s", cmd, file, file)
			}
			pln, err := apply.ReadPlan(bytes.NewReader(data), file)
			if err != nil {
				if errors.Is(err, apply.ErrPlanFile) {
					return nil, nil, InputError{err}
				}
				return nil, nil, err
			}
			if err := pln.CheckTarget(account, name); err != nil {
				return nil, nil, err
			}
			targets = []Target{{Account: pln.Target.Account, Name: pln.Target.Name, File: pln.Proposed.File, Plan: pln, PlanFile: file}}
			break
		}
		if account == "" || name == "" {
			return nil, nil, usageErrorf("%s: --account and --name name the MRAP the policy is for", cmd)
		}
		targets = []Target{{Account: account, Name: name, File: file}}
	}
	cl, err := newClient(c, e)
	if err != nil {
		return nil, nil, err
	}
	p.client = cl
	return p, targets, nil
}

// planAll plans every target, up to --parallel at once, and returns the
// results in target order. A target's failure never hides the others.
func (p *Pipeline) planAll(ctx context.Context, targets []Target, parallel int, progFor func(int) *TextProgress) ([]*Planned, []error) {
	pls := make([]*Planned, len(targets))
	errs := make([]error, len(targets))
	all := make([]int, len(targets))
	for i := range all {
		all[i] = i
	}
	forEachBounded(ctx, parallel, all,
		func(i int) { pls[i], errs[i] = p.plan(ctx, targets[i], progFor(i)) },
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

// errorOutcome is a target that could not be planned or applied.
func errorOutcome(t Target, pl *Planned, err error) Outcome {
	o := Outcome{Target: t, Planned: pl, Err: err, Code: ExitCode(err), Reason: err.Error(), Result: "error"}
	var r *apply.RefusedError
	switch {
	case errors.As(err, &r):
		o.Result, o.Reason = "refused", r.Reason
	case o.Code == ExitInterrupted:
		o.Result, o.Reason = "interrupted", "interrupted"
	}
	return o
}

// reportError prints a target's error on stderr, with the next step for a
// refusal. With one target the label is left out.
func reportError(e *env, o Outcome, multi bool) {
	if o.Err == nil {
		return
	}
	label := ""
	if multi {
		label = o.Target.Label() + ": "
	}
	if o.Code == ExitInterrupted {
		fmt.Fprintf(e.Stderr, "mrapguard: %sinterrupted: nothing was put\n", label)
		return
	}
	fmt.Fprintf(e.Stderr, "mrapguard: %s%s\n", label, escapeTerm(o.Err.Error()))
	var r *apply.RefusedError
	if errors.As(o.Err, &r) && r.Next != "" {
		fmt.Fprintf(e.Stderr, "mrapguard: %snext: %s\n", label, escapeTerm(r.Next))
	}
}

func planCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "show what apply would do: live policy, findings, diff and access verdict",
		ArgsUsage: "[POLICY.json]",
		Description: "Fetches the MRAP and its policy (Established and Proposed) and policy status,\n" +
			"lints POLICY.json with the MRAP's account, name and alias known (so rules that\n" +
			"compare ARNs run), and diffs the policy in force against it with the access\n" +
			"verdict: broadens, narrows, neutral or unknown. --out saves a plan file that\n" +
			"apply can apply later, refused if the policy in force or the file changed since.\n" +
			"Without --account, --name and a file, plans every target in mrapguard.yaml.\n\n" +
			"Examples:\n" +
			"  mrapguard plan --account 111122223333 --name demo policy.json\n" +
			"  mrapguard plan --account 111122223333 --name demo --out demo.plan policy.json\n" +
			"  mrapguard plan --format markdown --output markdown=plan.md   # every target\n\n" +
			"Exit codes: 0 no changes (or changes without --detailed-exitcode), 1 findings at\n" +
			"or above --fail-on (or a file that does not parse), 2 changes pending (with\n" +
			"--detailed-exitcode), 3 AWS call failed, 4 AWS would refuse the policy (public\n" +
			"policy on an MRAP that blocks them), 64 usage or input error (no such MRAP).\n" +
			"With several targets: the most severe, in the order 130, 4, 3, 64, 1, 2, 0.",
		Flags: append(pipelineFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + joinNames(Formats)},
			&cli.StringFlag{Name: "out", Usage: "save the plan to `FILE` for mrapguard apply FILE (one target)"},
			&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 2 when there are changes to apply"},
			outputFlag(Formats, "markdown=plan.md", "plan"),
		),
		Action: func(c *cli.Context) error { return runPlan(c, e) },
	}
}

func runPlan(c *cli.Context, e *env) error {
	if _, err := NewFormatter(c.String("format"), nil, false, lint.FormatOptions{}); err != nil {
		return InputError{err}
	}
	p, targets, err := setup(c, e, "plan")
	if err != nil {
		return err
	}
	out := c.String("out")
	if out != "" && len(targets) != 1 {
		return usageErrorf("plan: --out saves the plan of one target; give --account, --name and a policy file")
	}
	lintOpts := formatOptions(c, e, p.failOn)
	var mu sync.Mutex
	pls, errs := p.planAll(c.Context, targets, c.Int("parallel"), func(int) *TextProgress { return NewTextProgress(&mu, e.Stderr, false, "") })

	detailed := c.Bool("detailed-exitcode")
	outs := make([]Outcome, len(targets))
	overall := ExitOK
	for i, t := range targets {
		if errs[i] != nil {
			outs[i] = errorOutcome(t, nil, errs[i])
		} else {
			pl := pls[i]
			o := Outcome{Target: t, Planned: pl, Code: p.planCode(pl, detailed), Result: "no changes", Reason: "already in force"}
			if pl.Changes {
				o.Result, o.Reason = "changes", ""
			}
			switch {
			case pl.Doc.HasErrors() || len(pl.Failing) > 0:
				o.Result = "findings"
				if b := p.blocker(pl); b != nil {
					o.Reason = b.Reason
				}
			case pl.Changes && pl.publicBlocked():
				o.Result, o.Reason = "would be refused", p.blocker(pl).Reason
			case pl.InFlight:
				o.Reason = "another change is in flight"
			}
			outs[i] = o
		}
		overall = Worse(overall, outs[i].Code)
	}
	multi := len(targets) > 1
	for _, o := range outs {
		reportError(e, o, multi)
	}
	stdoutOpts := lintOpts
	stdoutOpts.Color = e.ColorOut
	r, _ := NewFormatter(c.String("format"), p, e.ColorOut, stdoutOpts)
	if err := r.Format(e.Stdout, outs, overall); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	for _, s := range outputsFromFlags(c) {
		fr, _ := NewFormatter(s.format, p, false, lintOpts)
		if err := writeFileAtomic(s.path, func(w io.Writer) error { return fr.Format(w, outs, overall) }); err != nil {
			return fmt.Errorf("write --output %s=%s: %w", s.format, s.path, err)
		}
	}
	if out != "" {
		if err := p.writePlanFile(out, outs[0], e); err != nil {
			return err
		}
	}
	if overall != ExitOK {
		return ExitError{Code: overall}
	}
	return nil
}

// writePlanFile saves a plan that apply could carry out; a plan with
// failing findings or one AWS would refuse is not saved.
func (p *Pipeline) writePlanFile(path string, o Outcome, e *env) error {
	pl := o.Planned
	if pl == nil {
		fmt.Fprintf(e.Stderr, "mrapguard: plan not saved to %s: %s could not be planned\n", escapeTerm(path), o.Target.Label())
		return nil
	}
	if b := p.blocker(pl); b != nil {
		fmt.Fprintf(e.Stderr, "mrapguard: plan not saved to %s: apply would refuse it\n", escapeTerm(path))
		return nil
	}
	sp, err := p.savedPlan(pl)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, func(w io.Writer) error { return apply.WritePlan(w, sp) }); err != nil {
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	fmt.Fprintf(e.Stdout, "\nSaved the plan to %s. Apply it with: mrapguard apply %s\n", escapeTerm(path), shellQuote(path))
	return nil
}

func applyCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "apply",
		Usage:     "plan, confirm, put, wait and verify: apply a policy with guard rails",
		ArgsUsage: "[POLICY.json | PLAN]",
		Description: "Plans like mrapguard plan, shows the plan, asks for confirmation, puts the policy\n" +
			"with an idempotency token derived from the transition, waits for the asynchronous\n" +
			"operation and verifies that the policy in force is the proposed one. Given a plan\n" +
			"file saved by plan --out, applies exactly that plan, or refuses if it is stale.\n" +
			"Without --account, --name and a file, applies every target in mrapguard.yaml.\n\n" +
			"Refuses (exit 4) and says what to do next when: the policy does not parse or has\n" +
			"findings at or above --fail-on that no --accept names; another change is in flight\n" +
			"(unless --wait-for-pending); a saved plan is stale or was edited; the policy is\n" +
			"public and the MRAP blocks public policies; there is no terminal to confirm on and\n" +
			"no --auto-approve; the confirmation is not given. Access that broadens (or that\n" +
			"cannot be judged) must be confirmed by typing the MRAP's name.\n\n" +
			"Ctrl-C or --timeout while waiting prints the command that resumes the wait\n" +
			"(mrapguard wait ARN --account ID); the operation goes on and nothing is put again.\n\n" +
			"Examples:\n" +
			"  mrapguard apply --account 111122223333 --name demo policy.json\n" +
			"  mrapguard apply demo.plan\n" +
			"  mrapguard apply --auto-approve --wait-for-pending   # every target, in a pipeline\n\n" +
			"Exit codes: 0 applied or no changes, 3 an AWS call failed, the operation FAILED,\n" +
			"verification failed or --timeout ran out, 4 refused, 64 usage or input error,\n" +
			"130 interrupted. With several targets: the most severe (130, 4, 3, 64, 1, 2, 0).",
		Flags: append(pipelineFlags(),
			&cli.BoolFlag{Name: "auto-approve", Usage: "apply without asking (pipelines; the guards still apply)"},
			&cli.BoolFlag{Name: "wait-for-pending", Usage: "when another change is in flight, wait for it (within --timeout) and plan again"},
		),
		Action: func(c *cli.Context) error { return runApply(c, e) },
	}
}

func runApply(c *cli.Context, e *env) error {
	p, targets, err := setup(c, e, "apply")
	if err != nil {
		return err
	}
	p.autoApprove, p.waitForPending = c.Bool("auto-approve"), c.Bool("wait-for-pending")
	ctx := c.Context
	multi := len(targets) > 1
	parallel := c.Int("parallel")
	var mu sync.Mutex
	progFor := func(i int) *TextProgress {
		label := ""
		if multi {
			label = targets[i].Label() + ": "
		}
		return NewTextProgress(&mu, e.Stderr, e.Interactive && !multi, label)
	}
	lintOpts := formatOptions(c, e, p.failOn)
	lintOpts.Color = e.ColorOut
	text := textPlan{p: p, color: e.ColorOut, lintOpts: lintOpts}

	pls, errs := p.planAll(ctx, targets, parallel, progFor)
	outs := make([]Outcome, len(targets))
	var approved []int
	in := bufio.NewReader(e.Stdin)
	for i, t := range targets {
		if i > 0 {
			fmt.Fprintln(e.Stdout)
		}
		if errs[i] != nil {
			outs[i] = errorOutcome(t, nil, errs[i])
			fmt.Fprintf(e.Stdout, "Target %s: not planned: %s\n", t.Label(), escapeTerm(outs[i].Reason))
			reportError(e, outs[i], multi)
			continue
		}
		pl := pls[i]
		if err := text.target(e.Stdout, pl); err != nil {
			return err
		}
		if b := p.blocker(pl); b != nil {
			outs[i] = errorOutcome(t, pl, b)
			reportError(e, outs[i], multi)
			continue
		}
		if !pl.Changes {
			outs[i] = Outcome{Target: t, Planned: pl, Result: "no changes", Reason: "already in force"}
			continue
		}
		if ctx.Err() != nil {
			outs[i] = errorOutcome(t, pl, ctx.Err())
			continue
		}
		if err := p.confirm(ctx, pl, in); err != nil {
			outs[i] = errorOutcome(t, pl, err)
			reportError(e, outs[i], multi)
			continue
		}
		approved = append(approved, i)
	}

	// Put, wait and verify the confirmed targets, up to --parallel at once.
	results := make([]bytes.Buffer, len(targets))
	forEachBounded(ctx, parallel, approved,
		func(i int) {
			prog := progFor(i)
			if !multi {
				prog.Note("applying %s: put, then wait for the operation (up to --timeout %s)", targets[i].Label(), p.timeout)
			}
			outs[i] = p.execute(ctx, pls[i], &results[i], prog)
		},
		func(i int) { outs[i] = errorOutcome(targets[i], pls[i], ctx.Err()) })
	overall := ExitOK
	for i, o := range outs {
		if results[i].Len() > 0 {
			fmt.Fprintln(e.Stdout)
			if multi {
				fmt.Fprintf(e.Stdout, "%s:\n", targets[i].Label())
			}
			e.Stdout.Write(results[i].Bytes())
		}
		if slices.Contains(approved, i) && o.Err != nil {
			reportError(e, o, multi)
		}
		overall = Worse(overall, o.Code)
	}
	if multi {
		fmt.Fprintln(e.Stdout)
		writeSummaryTable(e.Stdout, outs, overall)
	} else if o := outs[0]; o.Result == "no changes" {
		fmt.Fprintf(e.Stdout, "Nothing to apply.\n")
	}
	if overall != ExitOK {
		return ExitError{Code: overall}
	}
	return nil
}

// displayPath shows a target's policy file relative to the working
// directory when it is below it, as the user would type it.
func displayPath(wd, p string) string {
	if wd == "" || !filepath.IsAbs(p) {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return p
}
