package cli

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/iac"
	"github.com/mrapguard/mrapguard/internal/safefile"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/pipeline"
)

func lintCommand(e *Env) *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check policies offline, in policy files, templates and plans, with the built-in and your Rego rules",
		ArgsUsage: "FILE|DIR|- ...",
		Description: "Lints IAM policy documents meant for S3 Multi-Region Access Points, as policy\n" +
			"files or where they live: CloudFormation templates (YAML or JSON, SAM, CDK output),\n" +
			"Terraform source (.tf) and Terraform plans (terraform show -json). Findings point\n" +
			"at the line and column in the template. Needs no AWS credentials and no network.\n" +
			"Directories are searched recursively for *.json, *.yaml, *.yml, *.template and *.tf\n" +
			"(not hidden directories or node_modules); files there that are neither policies\n" +
			"nor templates (package.json, workflows) are skipped and counted. \"-\" reads\n" +
			"standard input (see --input-format).\n\n" +
			"A value a template decides only at deploy time (a parameter without Default, a\n" +
			"Terraform variable, an MRAP's alias) is not guessed: rules that need it skip it, and\n" +
			"an iac/unresolved finding (info) says what was not checked. --account, --region and\n" +
			"--parameter give such values.\n\n" +
			"Findings print as file:line:column: severity rule: message. Parse failures\n" +
			"(json/syntax, policy/structure, policy/size) are findings too, so one broken\n" +
			"file never hides the others. So is a file that is not safe to read (not a\n" +
			"regular file, or a symbolic link out of the linted directory or the\n" +
			"repository: file/not-read), and a rule that runs over its budget on a file\n" +
			fmt.Sprintf("(%s for all rules on one file, %s of memory: rule/over-budget).\n\n", lint.DefaultEvalTimeout, safefile.Size(lint.DefaultEvalMemory)) +
			"Examples:\n" +
			"  mrapguard lint policies/\n" +
			"  mrapguard lint --format json --fail-on warning policy.json\n" +
			"  mrapguard lint --account 111122223333 --alias mfzwi23gnjvgw.mrap policy.json\n" +
			"  mrapguard lint --rules ./team-rules --data team.yaml policies/\n" +
			"  mrapguard lint --format github --output sarif=mrapguard.sarif --output markdown=summary.md policies/\n" +
			"  mrapguard lint template.yaml main.tf plan.json\n" +
			"  mrapguard lint --account 111122223333 --region us-east-1 --parameter Stage=prod template.yaml\n" +
			"  terraform show -json plan.out | mrapguard lint --input-format plan -\n\n" +
			"Exit codes: 0 no finding at or above --fail-on, 1 findings, 64 usage or unreadable input.",
		Flags: append(append(ruleFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: " + joinNames(lint.FormatNames())},
			failOnFlag(),
			&cli.StringFlag{Name: "account", Usage: "the target MRAP's account `ID` (enables account checks)"},
			&cli.StringFlag{Name: "name", Usage: "the target MRAP's `NAME`"},
			&cli.StringFlag{Name: "alias", Usage: "the target MRAP's `ALIAS` (e.g. mfzwi23gnjvgw.mrap; enables alias checks)"},
			&cli.StringFlag{Name: "region", Usage: "the `REGION` templates deploy to: AWS::Region, data.aws_region (e.g. --region us-east-1); --account gives AWS::AccountId"},
			&cli.StringSliceFlag{Name: "parameter", Usage: "a CloudFormation parameter's value, `NAME=VALUE` (repeatable; e.g. --parameter Stage=prod); a parameter without one takes its Default"},
			&cli.BoolFlag{Name: "skip-unrecognized", Usage: "skip named files that are neither policies nor templates, as a directory walk does, and exit 0 when nothing is left (for hooks that pass every staged file: mrapguard lint --skip-unrecognized package.json main.tf)"},
			&cli.StringFlag{Name: "input-format", Value: "auto", Usage: "what standard input holds, `FORMAT`: " + joinNames(iac.FormatNames()) + " (e.g. terraform show -json plan.out | mrapguard lint --input-format plan -); files are recognised by name and content"},
		), outputFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usageErrorf("lint: no files given (try: mrapguard lint policies/)")
			}
			var target *lint.Target
			if c.IsSet("account") || c.IsSet("name") || c.IsSet("alias") {
				target = &lint.Target{Account: c.String("account"), Name: c.String("name"), Alias: c.String("alias")}
			}
			// A value the rules cannot match would switch their checks off
			// without a word.
			if err := checkTargetFlags(c); err != nil {
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
				return usageErrorf("lint: no policies or templates in %s (directories are searched for %s; name a file to lint it whatever its name)", strings.Join(c.Args().Slice(), ", "), searchedPhrase)
			}
			eng, cfg, err := engineFromFlags(c)
			if err != nil {
				return err
			}
			iacOpts, err := iacOptions(c)
			if err != nil {
				return err
			}
			rep, err := eng.Run(c.Context, files, lint.RunOptions{
				Target:           target,
				IaC:              iacOpts,
				SkipUnrecognized: c.Bool("skip-unrecognized"),
				Stdin:            e.Stdin,
				Filter:           func(f []lint.Finding) ([]lint.Finding, []lint.Finding) { return cfg.Suppress(f, e.Now()) },
			})
			if err != nil {
				return inputError(err)
			}
			if len(rep.Files) == 0 && !c.Bool("skip-unrecognized") {
				return usageErrorf("lint: no policies or templates in %s (skipped %s)",
					strings.Join(c.Args().Slice(), ", "), skippedPhrase(rep.Skipped))
			}
			if err := fmtr.Format(e.Stdout, rep); err != nil {
				return fmt.Errorf("write report: %w", err)
			}
			outs := outputsFromFlags(c)
			if err := writeOutputs(outs, opts, rep); err != nil {
				return err
			}
			sarif := c.String("format") == "sarif"
			for _, o := range outs {
				sarif = sarif || o.format == "sarif"
			}
			if sarif && len(rep.Findings) > lint.MaxSARIFResults {
				fmt.Fprintf(e.Stderr, "mrapguard: the SARIF report holds the %d most severe of %d findings: GitHub code scanning keeps at most 5,000 per run (see --format json for all)\n", lint.MaxSARIFResults, len(rep.Findings))
			}
			if rep.Failed(failOn) {
				return pipeline.ExitError{Code: pipeline.ExitFindings}
			}
			return nil
		},
	}
}

// searchedPhrase names the files a directory walk looks at.
const searchedPhrase = "*.json, *.yaml, *.yml, *.template and *.tf"

func skippedPhrase(n int) string {
	if n == 1 {
		return "1 file that is neither a policy nor a template"
	}
	return fmt.Sprintf("%d files that are neither policies nor templates", n)
}

// Compiled on first use (package init is start-up time for every command).
var regionPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`) })

// iacOptions are the values lint gives what templates leave open.
func iacOptions(c *cli.Context) (iac.Options, error) {
	var o iac.Options
	f, err := iac.ParseFormat(c.String("input-format"))
	if err != nil {
		return o, usageErrorf("--input-format: %v", err)
	}
	o.Format, o.Account, o.Region = f, c.String("account"), c.String("region")
	if o.Region != "" && !regionPattern().MatchString(o.Region) {
		return o, usageErrorf("--region %q is not a Region name such as us-east-1", o.Region)
	}
	for _, kv := range c.StringSlice("parameter") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return o, usageErrorf("--parameter %q: want NAME=VALUE, e.g. --parameter Stage=prod", kv)
		}
		if o.Parameters == nil {
			o.Parameters = map[string]string{}
		}
		o.Parameters[k] = v
	}
	return o, nil
}
