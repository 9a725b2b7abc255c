package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/pipeline"
	"github.com/mrapguard/mrapguard/policy"
)

// setup parses the flags plan and apply share into the pipeline's options,
// and the arguments into its targets: a policy file for --account and
// --name, a saved plan (apply), or the targets of mrapguard.yaml.
func setup(c *cli.Context, e *Env, cmd string) (pipeline.Options, []pipeline.Target, error) {
	var none pipeline.Options
	if err := checkTargetFlags(c); err != nil {
		return none, nil, err
	}
	failOn, err := parseFailOn(c)
	if err != nil {
		return none, nil, err
	}
	if c.Int("parallel") < 1 {
		return none, nil, usageErrorf("--parallel must be at least 1")
	}
	wo, timeout, err := waitOptions(c, e)
	if err != nil {
		return none, nil, err
	}
	eng, cfg, err := engineFromFlags(c)
	if err != nil {
		return none, nil, err
	}
	known := map[string]bool{}
	for _, r := range eng.AllRules() {
		known[r.ID] = true
	}
	for _, r := range c.StringSlice("accept") {
		if !known[r] {
			return none, nil, usageErrorf("--accept %s: no such rule (see mrapguard rules list)", r)
		}
	}
	opts := pipeline.Options{
		Engine: eng, Config: cfg, FailOn: failOn, Accept: c.StringSlice("accept"),
		Parse:    policy.Options{MaxBytes: c.Int("max-bytes")},
		Parallel: c.Int("parallel"),
		Wait:     wo, Timeout: timeout,
		Now: e.Now, ToolVersion: buildVersion(e.Version), ResumeFlags: resumeFlags(c),
		Command: nextCommand(c, e),
	}

	account, name := c.String("account"), c.String("name")
	var targets []pipeline.Target
	switch {
	case c.NArg() == 0 && account == "" && name == "":
		if len(cfg.Targets) == 0 {
			where := "no mrapguard.yaml was found"
			if cfg.Path != "" {
				where = cfg.Path + " has no targets"
			}
			return none, nil, usageErrorf("%s: give --account, --name and a policy file, or list targets in mrapguard.yaml (%s)", cmd, where)
		}
		wd, _ := os.Getwd()
		for _, t := range cfg.Targets {
			targets = append(targets, pipeline.Target{Account: t.Account, Name: t.Name, File: displayPath(wd, cfg.ResolvePolicy(t))})
		}
	case c.NArg() != 1:
		what := "one policy file"
		if cmd == "apply" {
			what += " or plan file"
		}
		return none, nil, usageErrorf("%s: want %s, got %d arguments (mrapguard %s --account ID --name NAME POLICY.json)", cmd, what, c.NArg(), cmd)
	default:
		file := c.Args().First()
		data, err := pipeline.ReadFile(file, "policy or plan file", apply.MaxPlanBytes)
		if err != nil {
			return none, nil, err
		}
		if apply.IsPlan(data) {
			if cmd != "apply" {
				return none, nil, usageErrorf("%s: %s is a saved plan; apply it with mrapguard apply %s", cmd, file, file)
			}
			pln, err := apply.ReadPlan(bytes.NewReader(data), file)
			if err != nil {
				if errors.Is(err, apply.ErrPlanFile) {
					return none, nil, pipeline.InputError{Err: err}
				}
				// A new plan for the target the damaged one names.
				var r *apply.RefusedError
				if errors.As(err, &r) && r.Rerun != nil {
					if pt, pf := apply.PeekPlan(data); pt.Account != "" && pt.Name != "" && pf != "" {
						r.SetCommand(opts.Command(r.Rerun[0], pipeline.Target{Account: pt.Account, Name: pt.Name, File: pf}, r.Rerun[1:]))
					}
				}
				return none, nil, err
			}
			if err := pln.CheckTarget(account, name); err != nil {
				var r *apply.RefusedError
				if errors.As(err, &r) && r.Rerun != nil {
					r.SetCommand(opts.Command(r.Rerun[0], pipeline.Target{PlanFile: file}, r.Rerun[1:]))
				}
				return none, nil, err
			}
			targets = []pipeline.Target{{Account: pln.Target.Account, Name: pln.Target.Name, File: pln.Proposed.File, Plan: pln, PlanFile: file}}
			break
		}
		if account == "" || name == "" {
			return none, nil, usageErrorf("%s: --account and --name name the MRAP the policy is for", cmd)
		}
		targets = []pipeline.Target{{Account: account, Name: name, File: file}}
	}
	cl, err := newClient(c, e)
	if err != nil {
		return none, nil, err
	}
	opts.Client = cl
	return opts, targets, nil
}

// displayPath shows a target's policy file relative to the working
// directory when it is below it, as the user would type it.
func displayPath(wd, p string) string {
	if wd == "" || !filepath.IsAbs(p) {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return p
}
