package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/pipeline"
	"github.com/mrapguard/mrapguard/policy"
)

func diffCommand(e *Env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "show what changed between two policy files and whether anyone gains access",
		ArgsUsage: "OLD.json NEW.json | PLAN.json",
		Description: "Compares two IAM policy documents offline, statement by statement, and says\n" +
			"for each change whether access broadens, narrows, stays the same (neutral) or\n" +
			"cannot be decided (unknown), with the reason. Reordering and reformatting are\n" +
			"not changes; \"*\" equals {\"AWS\": \"*\"}; an account ID equals its root ARN.\n" +
			"Statements match by Sid, else by content. \"-\" reads one of the files from\n" +
			"standard input. docs/diff.md describes the JSON output and the model's limits.\n\n" +
			"With --account and --name, OLD is the policy in force on that MRAP (live form:\n" +
			"mrapguard diff --account ID --name NAME POLICY.json); exit 3 when an AWS call fails.\n\n" +
			"With one file, a Terraform plan in JSON (terraform show -json PLANFILE > plan.json),\n" +
			"each MRAP policy the plan changes is compared before and after, offline: a pull\n" +
			"request gets the access verdict without AWS credentials. A policy known only after\n" +
			"apply is reported as not compared.\n\n" +
			"Examples:\n" +
			"  mrapguard diff policy.json proposed.json\n" +
			"  mrapguard diff --account 111122223333 --name demo policy.json\n" +
			"  mrapguard diff --format markdown main.json pr.json > comment.md\n" +
			"  git show HEAD~1:policy.json | mrapguard diff --exit-code - policy.json\n" +
			"  terraform show -json plan.out > plan.json && mrapguard diff plan.json\n\n" +
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
			if c.NArg() == 1 {
				return runDiffPlan(c, e)
			}
			if c.NArg() != 2 {
				return usageErrorf("diff: want two files, OLD.json NEW.json, or a Terraform plan; got %d (try: mrapguard diff old.json new.json)", c.NArg())
			}
			oldName, newName := c.Args().Get(0), c.Args().Get(1)
			if oldName == "-" && newName == "-" {
				return usageErrorf("diff: only one of the files can be standard input (-)")
			}
			r, parse, err := diffSetup(c, e)
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

// diffSetup reads the flags every form of diff takes: the output format
// and the policy size limit.
func diffSetup(c *cli.Context, e *Env) (diff.Renderer, policy.Options, error) {
	r, err := diff.NewRenderer(c.String("format"), diff.RenderOptions{Color: e.ColorOut})
	if err != nil {
		return nil, policy.Options{}, pipeline.InputError{Err: err}
	}
	parse, err := parseOptions(c)
	return r, parse, err
}

// runDiffLive is diff's live form: the policy in force on the MRAP against
// a policy file.
func runDiffLive(c *cli.Context, e *Env) error {
	account, name := c.String("account"), c.String("name")
	if account == "" || name == "" || c.NArg() != 1 {
		return usageErrorf("diff: the live form wants --account, --name and one policy file (mrapguard diff --account ID --name NAME POLICY.json)")
	}
	r, parse, err := diffSetup(c, e)
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

// runDiffPlan diffs the MRAP policy changes of a Terraform plan.
func runDiffPlan(c *cli.Context, e *Env) error {
	format := c.String("format")
	r, parse, err := diffSetup(c, e)
	if err != nil {
		return err
	}
	diffs, err := pipeline.DiffPlan(c.Context, e.Stdin, c.Args().First(), parse)
	if err != nil {
		return usageErrorf("diff: want two files, OLD.json NEW.json, or one Terraform plan in JSON (terraform show -json PLANFILE > plan.json): %v", err)
	}
	if len(diffs) == 0 {
		fmt.Fprintf(e.Stderr, "mrapguard: the plan changes no Multi-Region Access Point policy\n")
	}
	changed := false
	for _, pd := range diffs {
		changed = changed || pd.Diff == nil || pd.Diff.Changed
	}
	if format == "json" {
		if err := writePlanDiffsJSON(e.Stdout, diffs); err != nil {
			return fmt.Errorf("write diff: %w", err)
		}
	} else {
		for i, pd := range diffs {
			if i > 0 {
				fmt.Fprintln(e.Stdout)
			}
			if pd.Diff != nil {
				if err := r.Render(e.Stdout, *pd.Diff); err != nil {
					return fmt.Errorf("write diff: %w", err)
				}
				continue
			}
			actions := strings.Join(pd.Actions, ", ")
			if format == "markdown" {
				fmt.Fprintf(e.Stdout, "### mrapguard diff: %s (%s) not compared\n\n%s\n", escape.MarkdownCode(pd.Address), escape.MarkdownText(actions), escape.MarkdownText(pd.Unknown))
			} else {
				fmt.Fprintf(e.Stdout, "%s (%s): not compared: %s\n", escape.Terminal(pd.Address), escape.Terminal(actions), pd.Unknown)
			}
		}
	}
	if c.Bool("exit-code") && changed {
		return pipeline.ExitError{Code: pipeline.ExitChanges}
	}
	return nil
}

// writePlanDiffsJSON writes {"changes": [{address, actions, diff | not_compared}]}.
func writePlanDiffsJSON(w io.Writer, diffs []pipeline.PlanDiff) error {
	type change struct {
		Address     string     `json:"address"`
		Actions     []string   `json:"actions"`
		Diff        *diff.Diff `json:"diff,omitempty"`
		NotCompared string     `json:"not_compared,omitempty"`
	}
	out := struct {
		Changes []change `json:"changes"`
	}{Changes: []change{}}
	for _, pd := range diffs {
		out.Changes = append(out.Changes, change{Address: pd.Address, Actions: pd.Actions, Diff: pd.Diff, NotCompared: pd.Unknown})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(escape.LogSafeJSON(append(b, '\n')))
	return err
}
