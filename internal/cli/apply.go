package cli

import (
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/pipeline"
)

func applyCommand(e *Env) *cli.Command {
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
			"public to AWS (S3 Block Public Access's notion) and the MRAP blocks public\n" +
			"policies; there is no terminal to confirm on and no --auto-approve; the\n" +
			"confirmation is not given. Access that broadens (or that cannot be judged) must\n" +
			"be confirmed by typing the MRAP's name.\n\n" +
			"Ctrl-C or --timeout while waiting prints the command that resumes the wait\n" +
			"(mrapguard wait ARN --account ID); the operation goes on and nothing is put again.\n\n" +
			"Examples:\n" +
			"  mrapguard apply --account 111122223333 --name demo policy.json\n" +
			"  mrapguard apply demo.plan\n" +
			"  mrapguard apply --auto-approve --wait-for-pending   # every target, in a pipeline\n\n" +
			"Exit codes: 0 applied or no changes, 3 an AWS call failed, the operation FAILED,\n" +
			"verification failed or --timeout ran out, 4 refused, 64 usage or input error,\n" +
			"130 interrupted. With several targets: the most severe (130, 4, 3, 64, 1, 2, 0).",
		Flags: append(append(pipelineFlags(), waitFlags()...),
			&cli.BoolFlag{Name: "auto-approve", Usage: "apply without asking (pipelines; the guards still apply)"},
			&cli.BoolFlag{Name: "wait-for-pending", Usage: "when another change is in flight, wait for it (within --timeout) and plan again"},
		),
		Action: func(c *cli.Context) error { return runApply(c, e) },
	}
}

func runApply(c *cli.Context, e *Env) error {
	opts, targets, err := setup(c, e, "apply")
	if err != nil {
		return err
	}
	opts.WaitForPending = c.Bool("wait-for-pending")
	multi := len(targets) > 1
	var mu sync.Mutex
	opts.Progress = func(t pipeline.Target) pipeline.Progress {
		label := ""
		if multi {
			label = t.Label() + ": "
		}
		return pipeline.NewTextProgress(&mu, e.Stderr, e.Interactive && !multi, label)
	}
	lintOpts := formatOptions(c, e, opts.FailOn)
	lintOpts.Color = e.ColorOut
	var confirm pipeline.Confirmer = pipeline.NoTerminal{}
	switch {
	case c.Bool("auto-approve"):
		confirm = pipeline.AutoApprove{}
	case e.Interactive:
		confirm = pipeline.NewPrompt(e.Stdin, e.Stdout)
	}

	_, code, err := pipeline.New(opts).Apply(c.Context, targets, pipeline.ApplyOptions{
		Confirm: confirm,
		Out:     e.Stdout,
		Errors:  e.Stderr,
		Format:  pipeline.FormatOptions{Color: e.ColorOut, Lint: lintOpts},
	})
	if err != nil {
		return err
	}
	if code != pipeline.ExitOK {
		return pipeline.ExitError{Code: code}
	}
	return nil
}
