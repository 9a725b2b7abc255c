package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/policy"
)

func diffCommand(e *env) *cli.Command {
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
			"Exit codes: 0 done (with --exit-code: no changes), 2 the policies differ (only\n" +
			"with --exit-code), 64 usage error, unreadable file or a file that is not a policy.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + joinNames(diff.Formats)},
			&cli.BoolFlag{Name: "exit-code", Usage: "exit 2 when the policies differ and 0 when they are equivalent, like git diff --exit-code"},
		}, clientFlags()...),
		Action: func(c *cli.Context) error {
			if err := flagsAfterArgs(c.Args().Slice()); err != nil {
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
				return InputError{err}
			}
			before, err := loadPolicy(e, oldName)
			if err != nil {
				return err
			}
			after, err := loadPolicy(e, newName)
			if err != nil {
				return err
			}
			d := diff.Compute(*before, *after)
			if err := r.Render(e.Stdout, d); err != nil {
				return fmt.Errorf("write diff: %w", err)
			}
			if c.Bool("exit-code") && d.Changed {
				return ExitError{Code: ExitChanges}
			}
			return nil
		},
	}
}

// loadPolicy reads and parses one policy file ("-" is standard input). A
// file that is not valid JSON or not shaped like a policy is an input error
// naming the first problem's position; lesser problems (duplicate keys,
// size) are lint's business and do not stop a diff.
func loadPolicy(e *env, name string) (*policy.Document, error) {
	opts := policy.Options{}
	limit := int64(opts.ReadLimit()) + 1
	var data []byte
	var err error
	display := name
	if name == "-" {
		display = "<stdin>"
		data, err = io.ReadAll(io.LimitReader(e.Stdin, limit))
	} else {
		var f *os.File
		f, err = os.Open(name)
		if err == nil {
			data, err = io.ReadAll(io.LimitReader(f, limit))
			f.Close()
		}
	}
	if err != nil {
		return nil, inputError(fmt.Errorf("read %s: %w", name, unwrapPathError(err)))
	}
	doc := policy.Parse(display, data, opts)
	var bad []policy.Problem
	for _, p := range doc.Problems {
		if p.Rule == policy.RuleSyntax || p.Rule == policy.RuleStructure {
			bad = append(bad, p)
		}
	}
	if doc.Root == nil && len(bad) == 0 {
		bad = doc.Problems // not parsed at all (too large)
	}
	if len(bad) > 0 {
		p := bad[0]
		more := ""
		if len(bad) > 1 {
			more = fmt.Sprintf(" (and %d more problems; see mrapguard lint %s)", len(bad)-1, name)
		}
		return nil, usageErrorf("%s:%d:%d: %s: %s%s", display, p.Pos.Line, p.Pos.Column, p.Rule, p.Message, more)
	}
	return doc, nil
}

// unwrapPathError drops the *os.PathError wrapper, whose text repeats the
// file name already in the message.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
