package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/internal/suggest"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/pipeline"
)

func rulesCommand(e *Env) *cli.Command {
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
				Description: "Lists the rules lint would run here: the built-in ones and those given with\n" +
					"--rules, with the severities mrapguard.yaml sets, without the ones it disables.\n\n" +
					"Examples:\n" +
					"  mrapguard rules list\n" +
					"  mrapguard rules list --rules ./team-rules",
				Flags: ruleSetFlags(),
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
				Description: "Prints what docs/rules.md says about one rule, built in or given with --rules,\n" +
					"or about a finding mrapguard reports itself (such as file/not-read).\n\n" +
					"Examples:\n" +
					"  mrapguard rules show principal/public\n" +
					"  mrapguard rules show --rules ./team-rules team/sid-required",
				Flags: ruleSetFlags(),
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usageErrorf("rules show: give one rule ID (see mrapguard rules list)")
					}
					eng, _, err := engineFromFlags(c)
					if err != nil {
						return err
					}
					id := c.Args().First()
					var ids []string
					for _, r := range eng.Catalog() {
						if r.ID == id {
							return lint.WriteRuleText(e.Stdout, r)
						}
						ids = append(ids, r.ID)
					}
					mean := ""
					if s := suggest.Closest(id, ids); s != "" {
						mean = fmt.Sprintf("; did you mean %q?", s)
					}
					return usageErrorf("rules show: no rule %q%s (see mrapguard rules list)", id, mean)
				},
			},
			{
				Name:  "doc",
				Usage: "write the Markdown rule catalog (the repository keeps it as docs/rules.md)",
				Description: "Writes every rule (built in, and those given with --rules) with its rationale,\n" +
					"a failing and a passing example and the fix, as Markdown on standard output.\n\n" +
					"Examples:\n" +
					"  mrapguard rules doc > docs/rules.md\n" +
					"  mrapguard rules doc --no-builtin --rules ./team-rules > team-rules.md",
				Flags: ruleSetFlags(),
				Action: func(c *cli.Context) error {
					eng, _, err := engineFromFlags(c)
					if err != nil {
						return err
					}
					return lint.WriteCatalog(e.Stdout, eng.Catalog())
				},
			},
			{
				Name:      "test",
				Usage:     "run Rego tests (test_* rules in *_test.rego) with lint's engine and capabilities",
				ArgsUsage: "DIR ...",
				Description: "Runs your rule tests exactly as lint would run the rules: same OPA version,\n" +
					"same disabled builtins (no http.send, net.*, opa.runtime), built-in rules and\n" +
					"data available. Exit 0 when all pass, 1 when a test fails, 64 on errors.\n\n" +
					"Examples:\n" +
					"  mrapguard rules test ./team-rules\n" +
					"  mrapguard rules test --verbose --run team.sid ./team-rules",
				Flags: []cli.Flag{
					dataFlag(),
					&cli.BoolFlag{Name: "builtin", Usage: "also run the built-in rules' own tests"},
					&cli.StringFlag{Name: "run", Usage: "run only tests whose package.name matches `REGEX`"},
					&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "print every test, not only failures"},
				},
				Action: func(c *cli.Context) error {
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

func reportTests(e *Env, res []lint.TestResult, verbose bool) error {
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
		return pipeline.ExitError{Code: pipeline.ExitFindings}
	}
	return nil
}
