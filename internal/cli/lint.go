package cli

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/pipeline"
)

func lintCommand(e *Env) *cli.Command {
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
				return pipeline.InputError{Err: err}
			}
			files, err := lint.ExpandPaths(c.Args().Slice())
			if err != nil {
				return pipeline.InputError{Err: err}
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
				return pipeline.ExitError{Code: pipeline.ExitFindings}
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
