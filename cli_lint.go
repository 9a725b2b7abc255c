package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/policy"
)

// ruleFlags select and configure rules; lint, plan and apply share them.
func ruleFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "rules", Usage: "add the Rego rules in `DIR` (recursive; repeatable)"},
		&cli.StringSliceFlag{Name: "data", Usage: "merge the JSON or YAML `FILE` into data. for the rules (repeatable)"},
		&cli.BoolFlag{Name: "no-builtin", Usage: "run only the rules given with --rules"},
		&cli.IntFlag{Name: "max-bytes", Value: policy.DefaultMaxBytes, Usage: "policy size limit in `BYTES` for policy/size (negative: no limit)"},
	}
}

func failOnFlag() cli.Flag {
	return &cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when a finding is at or above `SEVERITY`: error, warning, info or none"}
}

// engineFromFlags builds the lint engine from the shared rule flags.
func engineFromFlags(c *cli.Context) (*lint.Engine, error) {
	opts := lint.Options{
		RuleDirs:  c.StringSlice("rules"),
		DataFiles: c.StringSlice("data"),
		NoBuiltin: c.Bool("no-builtin"),
		Parse:     policy.Options{MaxBytes: c.Int("max-bytes")},
	}
	if opts.Parse.MaxBytes == 0 {
		return nil, usageErrorf("--max-bytes 0: give a positive limit, or a negative one to disable the check")
	}
	e, err := lint.New(c.Context, opts)
	if err != nil {
		return nil, usageError{err}
	}
	return e, nil
}

func parseFailOn(c *cli.Context) (lint.Severity, error) {
	s, err := lint.ParseSeverity(c.String("fail-on"))
	if err != nil {
		return 0, usageErrorf("--fail-on: %v", err)
	}
	return s, nil
}

func lintCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check policy files offline with the built-in and your Rego rules",
		ArgsUsage: "FILE|DIR|- ...",
		Description: "Lints IAM policy documents meant for S3 Multi-Region Access Points. Needs no AWS\n" +
			"credentials and no network. Directories are searched recursively for *.json;\n" +
			"\"-\" reads standard input.\n\n" +
			"Findings print as file:line:column: severity rule: message. Parse failures\n" +
			"(json/syntax, policy/structure, policy/size) are findings too, so one broken\n" +
			"file never hides the others.\n\n" +
			"Examples:\n" +
			"  mrapguard lint policies/\n" +
			"  mrapguard lint --format json --fail-on warning policy.json\n" +
			"  mrapguard lint --account 111122223333 --alias mfzwi23gnjvgw.mrap policy.json\n" +
			"  mrapguard lint --rules ./team-rules --data team.yaml policies/\n" +
			"  mrapguard lint --format github --output sarif=mrapguard.sarif --output markdown=summary.md policies/\n\n" +
			"Exit codes: 0 no finding at or above --fail-on, 1 findings, 64 usage or unreadable input.",
		Flags: append(append(ruleFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + joinNames(lint.FormatNames())},
			failOnFlag(),
			&cli.StringFlag{Name: "account", Usage: "the target MRAP's account `ID` (enables account checks)"},
			&cli.StringFlag{Name: "name", Usage: "the target MRAP's `NAME`"},
			&cli.StringFlag{Name: "alias", Usage: "the target MRAP's `ALIAS` (e.g. mfzwi23gnjvgw.mrap; enables alias checks)"},
		), outputFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageErrorf("lint: no files given (try: mrapguard lint policies/)")
			}
			if err := flagsAfterArgs(c.Args().Slice()); err != nil {
				return err
			}
			failOn, err := parseFailOn(c)
			if err != nil {
				return err
			}
			opts := formatOptions(c, e, failOn)
			stdoutOpts := opts
			stdoutOpts.Color = e.ColorOut
			fmtr, err := lint.NewFormatter(c.String("format"), stdoutOpts)
			if err != nil {
				return usageError{err}
			}
			files, err := lint.ExpandPaths(c.Args().Slice())
			if err != nil {
				return usageError{err}
			}
			if len(files) == 0 {
				return usageErrorf("lint: no *.json files in %v", c.Args().Slice())
			}
			eng, err := engineFromFlags(c)
			if err != nil {
				return err
			}
			var target *lint.Target
			if c.IsSet("account") || c.IsSet("name") || c.IsSet("alias") {
				target = &lint.Target{Account: c.String("account"), Name: c.String("name"), Alias: c.String("alias")}
			}
			rep, err := eng.Run(c.Context, files, lint.RunOptions{Target: target, Stdin: e.Stdin})
			if err != nil {
				return inputError(err)
			}
			if err := fmtr.Format(e.Stdout, rep); err != nil {
				return fmt.Errorf("write report: %w", err)
			}
			if err := writeOutputs(outputsFromFlags(c), opts, rep); err != nil {
				return err
			}
			if rep.Failed(failOn) {
				return silentError{code: exitFindings}
			}
			return nil
		},
	}
}

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list, show, document and test rules",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the rules that lint runs: ID, severity and title",
				Flags: ruleFlags(),
				Action: func(c *cli.Context) error {
					eng, err := engineFromFlags(c)
					if err != nil {
						return err
					}
					for _, r := range eng.Rules() {
						fmt.Fprintf(e.Stdout, "%-36s %-8s %s\n", r.ID, r.Severity, escapeTerm(r.Title))
					}
					return nil
				},
			},
		},
	}
}
