package cli

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/pipeline"
)

func diffCommand(e *Env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "show what changed between two policy files and whether anyone gains access",
		ArgsUsage: "OLD.json NEW.json",
		Description: "Compares two IAM policy documents offline, statement by statement, and says\n" +
			"for each change whether access broadens, narrows, stays the same (neutral) or\n" +
			"cannot be decided (unknown), with the reason. Reordering and reformatting are\n" +
			"not changes; \"*\" equals {\"AWS\": \"*\"}; an account ID equals its root ARN.\n" +
			"Statements match by Sid, else by content. \"-\" reads one of the files from\n" +
			"standard input. docs/diff.md describes the JSON output and the model's limits.\n\n" +
			"With --account and --name, OLD is the policy in force on that MRAP (live form:\n" +
			"mrapguard diff --account ID --name NAME POLICY.json); exit 3 when an AWS call fails.\n\n" +
			"Examples:\n" +
			"  mrapguard diff policy.json proposed.json\n" +
			"  mrapguard diff --account 111122223333 --name demo policy.json\n" +
			"  mrapguard diff --format markdown main.json pr.json > comment.md\n" +
			"  git show HEAD~1:policy.json | mrapguard diff --exit-code - policy.json\n\n" +
			"Each file must be within lint's size limit (--max-bytes, default 20480 bytes; -1\n" +
			"lifts it up to the hard cap of 4 MiB). A file with a duplicate key makes the diff\n" +
			"say it cannot be trusted (access unknown), since parsers disagree on which value wins.\n\n" +
			"Exit codes: 0 done (with --exit-code: no changes), 2 the policies differ (only\n" +
			"with --exit-code), 3 an AWS call failed (live form), 64 usage error, unreadable\n" +
			"file, a file that is not a policy, or no such MRAP, 130 interrupted.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + joinNames(diff.Formats)},
			&cli.BoolFlag{Name: "exit-code", Usage: "exit 2 when the policies differ and 0 when they are equivalent, like git diff --exit-code"},
			maxBytesFlag(),
		}, clientFlags()...),
		Action: func(c *cli.Context) error {
			if err := checkTargetFlags(c); err != nil {
				return err
			}
			if c.IsSet("account") || c.IsSet("name") {
				return runDiffLive(c, e)
			}
			if c.NArg() != 2 {
				return usageErrorf("diff: want two files, OLD.json NEW.json; got %d (try: mrapguard diff old.json new.json)", c.NArg())
			}
			oldName, newName := c.Args().Get(0), c.Args().Get(1)
			if oldName == "-" && newName == "-" {
				return usageErrorf("diff: only one of the files can be standard input (-)")
			}
			r, err := diff.NewRenderer(c.String("format"), diff.RenderOptions{Color: e.ColorOut})
			if err != nil {
				return pipeline.InputError{Err: err}
			}
			parse, err := parseOptions(c)
			if err != nil {
				return err
			}
			before, err := pipeline.LoadPolicy(c.Context, e.Stdin, oldName, parse)
			if err != nil {
				return err
			}
			after, err := pipeline.LoadPolicy(c.Context, e.Stdin, newName, parse)
			if err != nil {
				return err
			}
			d, err := diff.Options{}.ComputeContext(c.Context, *before, *after)
			if err != nil {
				return err
			}
			if err := r.Render(e.Stdout, d); err != nil {
				return fmt.Errorf("write diff: %w", err)
			}
			if c.Bool("exit-code") && d.Changed {
				return pipeline.ExitError{Code: pipeline.ExitChanges}
			}
			return nil
		},
	}
}

// runDiffLive is diff's live form: the policy in force on the MRAP against
// a policy file.
func runDiffLive(c *cli.Context, e *Env) error {
	account, name := c.String("account"), c.String("name")
	if account == "" || name == "" || c.NArg() != 1 {
		return usageErrorf("diff: the live form wants --account, --name and one policy file (mrapguard diff --account ID --name NAME POLICY.json)")
	}
	r, err := diff.NewRenderer(c.String("format"), diff.RenderOptions{Color: e.ColorOut})
	if err != nil {
		return pipeline.InputError{Err: err}
	}
	parse, err := parseOptions(c)
	if err != nil {
		return err
	}
	after, err := pipeline.LoadPolicy(c.Context, e.Stdin, c.Args().First(), parse)
	if err != nil {
		return err
	}
	cl, err := newClient(c, e)
	if err != nil {
		return err
	}
	ld, err := pipeline.DiffLive(c.Context, cl, account, name, after)
	if err != nil {
		return err
	}
	if ld.InFlight {
		fmt.Fprintf(e.Stderr, "mrapguard: another change to %s/%s is in flight (Proposed %s is not yet in force); the diff is against the policy in force\n", account, name, apply.ShortHash(ld.PendingHash))
	}
	d := ld.Diff
	if err := r.Render(e.Stdout, d); err != nil {
		return fmt.Errorf("write diff: %w", err)
	}
	if ld.Equivalent {
		fmt.Fprintf(e.Stderr, "mrapguard: the texts differ: apply would replace the policy in force with an equivalent one\n")
	}
	if c.Bool("exit-code") && d.Changed {
		return pipeline.ExitError{Code: pipeline.ExitChanges}
	}
	return nil
}
