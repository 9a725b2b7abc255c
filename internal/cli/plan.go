package cli

import (
	"fmt"
	"io"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/pipeline"
)

func planCommand(e *Env) *cli.Command {
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
			"--detailed-exitcode), 3 AWS call failed, 4 AWS would refuse the policy (public to\n" +
			"AWS, and the MRAP blocks public policies), 64 usage or input error (no such MRAP).\n" +
			"With several targets: the most severe, in the order 130, 4, 3, 64, 1, 2, 0.",
		Flags: append(pipelineFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + joinNames(pipeline.Formats)},
			&cli.StringFlag{Name: "out", Usage: "save the plan to `FILE` for mrapguard apply FILE (one target)"},
			&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 2 when there are changes to apply"},
			outputFlag(pipeline.Formats, "markdown=plan.md", "plan"),
		),
		Action: func(c *cli.Context) error { return runPlan(c, e) },
	}
}

func runPlan(c *cli.Context, e *Env) error {
	if _, err := pipeline.NewFormatter(c.String("format"), pipeline.FormatOptions{}); err != nil {
		return pipeline.InputError{Err: err}
	}
	opts, targets, err := setup(c, e, "plan")
	if err != nil {
		return err
	}
	out := c.String("out")
	if out != "" && len(targets) != 1 {
		return usageErrorf("plan: --out saves the plan of one target; give --account, --name and a policy file")
	}
	lintOpts := formatOptions(c, e, opts.FailOn)
	var mu sync.Mutex
	opts.Progress = func(pipeline.Target) pipeline.Progress { return pipeline.NewTextProgress(&mu, e.Stderr, false, "") }
	opts.DetailedExitCode = c.Bool("detailed-exitcode")
	p := pipeline.New(opts)

	outs, code := p.Plan(c.Context, targets)
	multi := len(targets) > 1
	for _, o := range outs {
		pipeline.WriteError(e.Stderr, o, multi)
	}
	stdoutOpts := lintOpts
	stdoutOpts.Color = e.ColorOut
	r, _ := pipeline.NewFormatter(c.String("format"), pipeline.FormatOptions{Color: e.ColorOut, Lint: stdoutOpts})
	if err := r.Format(e.Stdout, outs, code); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	for _, s := range outputsFromFlags(c) {
		fr, _ := pipeline.NewFormatter(s.format, pipeline.FormatOptions{Lint: lintOpts})
		if err := writeFileAtomic(s.path, func(w io.Writer) error { return fr.Format(w, outs, code) }); err != nil {
			return fmt.Errorf("write --output %s=%s: %w", s.format, s.path, err)
		}
	}
	if out != "" {
		if err := writePlanFile(e, p, out, outs[0]); err != nil {
			return err
		}
	}
	if code != pipeline.ExitOK {
		return pipeline.ExitError{Code: code}
	}
	return nil
}

// writePlanFile saves a plan that apply could carry out; a plan with
// failing findings or one AWS would refuse is not saved.
func writePlanFile(e *Env, p *pipeline.Pipeline, path string, o pipeline.Outcome) error {
	pl := o.Planned
	if pl == nil {
		fmt.Fprintf(e.Stderr, "mrapguard: plan not saved to %s: %s could not be planned\n", escapeTerm(path), o.Target.Label())
		return nil
	}
	if len(pl.Refusals) > 0 {
		fmt.Fprintf(e.Stderr, "mrapguard: plan not saved to %s: apply would refuse it\n", escapeTerm(path))
		return nil
	}
	sp, err := p.SavedPlan(pl)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, func(w io.Writer) error { return apply.WritePlan(w, sp) }); err != nil {
		return fmt.Errorf("write plan %s: %w", path, err)
	}
	fmt.Fprintf(e.Stdout, "\nSaved the plan to %s. Apply it with: mrapguard apply %s\n", escapeTerm(path), escape.Shell(path))
	return nil
}
