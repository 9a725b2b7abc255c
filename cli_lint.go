package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/config"
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
		configFlag(),
	}
}

func configFlag() cli.Flag {
	return &cli.StringFlag{Name: "config", Usage: "read settings from `FILE` (default: " + config.FileName + " in this directory or the nearest parent)"}
}

// loadConfig reads --config, or the nearest mrapguard.yaml upward from the
// working directory. No file is fine: the result is an empty config.
func loadConfig(c *cli.Context) (*config.Config, error) {
	file := c.String("config")
	if file == "" {
		found, err := config.Find(".")
		if err != nil {
			return nil, usageError{err}
		}
		if found == "" {
			return &config.Config{}, nil
		}
		file = found
	}
	cfg, err := config.Load(file)
	if err != nil {
		return nil, usageError{err}
	}
	return cfg, nil
}

func failOnFlag() cli.Flag {
	return &cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when a finding is at or above `SEVERITY`: error, warning, info or none"}
}

// engineFromFlags builds the lint engine from the shared rule flags and the
// config file.
func engineFromFlags(c *cli.Context) (*lint.Engine, *config.Config, error) {
	cfg, err := loadConfig(c)
	if err != nil {
		return nil, nil, err
	}
	opts := lint.Options{
		RuleDirs:  c.StringSlice("rules"),
		DataFiles: c.StringSlice("data"),
		NoBuiltin: c.Bool("no-builtin"),
		Parse:     policy.Options{MaxBytes: c.Int("max-bytes")},
		Rules:     cfg.RuleSettings(),
		Data:      cfg.Data(),
	}
	if opts.Parse.MaxBytes == 0 {
		return nil, nil, usageErrorf("--max-bytes 0: give a positive limit, or a negative one to disable the check")
	}
	e, err := lint.New(c.Context, opts)
	if err != nil {
		if cfg.Path != "" {
			err = fmt.Errorf("%w (settings from %s)", err, cfg.Path)
		}
		return nil, nil, usageError{err}
	}
	if err := cfg.CheckRules(e.AllRules()); err != nil {
		return nil, nil, usageError{err}
	}
	return e, cfg, nil
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
				return usageErrorf("lint: no policies or templates (*.json, *.yaml, *.yml, *.template, *.tf) in %s", strings.Join(c.Args().Slice(), " "))
			}
			eng, cfg, err := engineFromFlags(c)
			if err != nil {
				return err
			}
			var target *lint.Target
			if c.IsSet("account") || c.IsSet("name") || c.IsSet("alias") {
				target = &lint.Target{Account: c.String("account"), Name: c.String("name"), Alias: c.String("alias")}
			}
			rep, err := eng.Run(c.Context, files, lint.RunOptions{
				Target: target,
				Stdin:  e.Stdin,
				Filter: func(f []lint.Finding) []lint.Finding { return cfg.Suppress(f, e.Now()) },
			})
			if err != nil {
				return inputError(err)
			}
			if len(rep.Files) == 0 {
				return usageErrorf("lint: no policies or templates (*.json, *.yaml, *.yml, *.template, *.tf) in %s (skipped %s)",
					strings.Join(c.Args().Slice(), " "), skippedPhrase(rep.Skipped))
			}
			rep.Rules = append(rep.Rules, cfg.ReportRules(rep.Findings)...)
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

func skippedPhrase(n int) string {
	if n == 1 {
		return "1 file that is neither a policy nor a template"
	}
	return fmt.Sprintf("%d files that are neither policies nor templates", n)
}

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list, show, document and test rules",
		Description: "Examples:\n" +
			"  mrapguard rules list\n" +
			"  mrapguard rules show principal/public\n" +
			"  mrapguard rules doc > docs/rules.md\n" +
			"  mrapguard rules test ./team-rules",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the rules that lint runs: ID, severity and title",
				Flags: ruleFlags(),
				Action: func(c *cli.Context) error {
					eng, _, err := engineFromFlags(c)
					if err != nil {
						return err
					}
					for _, r := range eng.Rules() {
						fmt.Fprintf(e.Stdout, "%-36s %-8s %s\n", escapeTerm(r.ID), r.Severity, escapeTerm(r.Title))
					}
					return nil
				},
			},
			{
				Name:      "show",
				Usage:     "explain a rule: why it matters, a bad and a good example, and the fix",
				ArgsUsage: "RULE-ID",
				Flags:     ruleFlags(),
				Action: func(c *cli.Context) error {
					if err := flagsAfterArgs(c.Args().Slice()); err != nil {
						return err
					}
					if c.NArg() != 1 {
						return usageErrorf("rules show: give one rule ID (see mrapguard rules list)")
					}
					eng, _, err := engineFromFlags(c)
					if err != nil {
						return err
					}
					id := c.Args().First()
					for _, r := range eng.AllRules() {
						if r.ID == id {
							return lint.WriteRuleText(e.Stdout, r)
						}
					}
					return usageErrorf("rules show: no rule %q (see mrapguard rules list)", id)
				},
			},
			{
				Name:  "doc",
				Usage: "write the Markdown rule catalog (the repository keeps it as docs/rules.md)",
				Flags: ruleFlags(),
				Action: func(c *cli.Context) error {
					eng, _, err := engineFromFlags(c)
					if err != nil {
						return err
					}
					return lint.WriteCatalog(e.Stdout, eng.AllRules())
				},
			},
			{
				Name:      "test",
				Usage:     "run Rego tests (test_* rules in *_test.rego) with lint's engine and capabilities",
				ArgsUsage: "DIR ...",
				Description: "Runs your rule tests exactly as lint would run the rules: same OPA version,\n" +
					"same disabled builtins (no http.send, net.*, opa.runtime), built-in rules and\n" +
					"data available. Exit 0 when all pass, 1 when a test fails, 64 on errors.",
				Flags: []cli.Flag{
					&cli.StringSliceFlag{Name: "data", Usage: "merge the JSON or YAML `FILE` into data. (repeatable)"},
					&cli.BoolFlag{Name: "builtin", Usage: "also run the built-in rules' own tests"},
					&cli.StringFlag{Name: "run", Usage: "run only tests whose package.name matches `REGEX`"},
					&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "print every test, not only failures"},
				},
				Action: func(c *cli.Context) error {
					if err := flagsAfterArgs(c.Args().Slice()); err != nil {
						return err
					}
					if c.NArg() == 0 && !c.Bool("builtin") {
						return usageErrorf("rules test: give the directories that hold your rules and tests")
					}
					res, err := lint.RunTests(c.Context,
						lint.Options{RuleDirs: c.Args().Slice(), DataFiles: c.StringSlice("data")},
						lint.TestOptions{Builtin: c.Bool("builtin"), Filter: c.String("run")})
					if err != nil {
						return inputError(err)
					}
					return reportTests(e, res, c.Bool("verbose"))
				},
			},
		},
	}
}

func reportTests(e *env, res []lint.TestResult, verbose bool) error {
	pass, fail, skip := 0, 0, 0
	for _, r := range res {
		name := escapeTerm(r.Package + "." + r.Name)
		where := fmt.Sprintf("%s:%d", escapeTerm(r.File), r.Line)
		switch {
		case r.Skip:
			skip++
			if verbose {
				fmt.Fprintf(e.Stdout, "SKIP %s (%s)\n", name, where)
			}
		case r.Err != nil:
			fail++
			fmt.Fprintf(e.Stdout, "ERROR %s (%s): %s\n", name, where, escapeTerm(r.Err.Error()))
		case !r.Pass:
			fail++
			fmt.Fprintf(e.Stdout, "FAIL %s (%s)\n", name, where)
		default:
			pass++
			if verbose {
				fmt.Fprintf(e.Stdout, "PASS %s (%s)\n", name, r.Duration.Round(time.Microsecond))
			}
		}
		if r.Output != "" && (verbose || !r.Pass) {
			for _, line := range strings.Split(strings.TrimRight(r.Output, "\n"), "\n") {
				fmt.Fprintf(e.Stdout, "    %s\n", escapeTerm(line))
			}
		}
	}
	fmt.Fprintf(e.Stdout, "%d passed, %d failed, %d skipped\n", pass, fail, skip)
	if fail > 0 {
		return silentError{code: exitFindings}
	}
	return nil
}
