package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/config"
	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/internal/safefile"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/pipeline"
	"github.com/mrapguard/mrapguard/policy"
)

// The flags several commands share, and what they build: the lint engine
// and config, the S3 Control client, the wait options.

// Defaults of the AWS flags.
const (
	defaultTimeout  = pipeline.DefaultTimeout
	defaultPoll     = time.Second
	defaultParallel = 4
)

// clientFlags name the MRAP and configure the S3 Control client.
func clientFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "account", Usage: "the MRAP's AWS account `ID` (12 digits)"},
		&cli.StringFlag{Name: "name", Usage: "the MRAP's `NAME`"},
		&cli.StringFlag{Name: "profile", Usage: "use the shared-config `PROFILE` (default: AWS_PROFILE or the default chain)"},
		&cli.StringFlag{Name: "endpoint-url", Usage: "send S3 Control calls to `URL` (e.g. the emulator; also AWS_ENDPOINT_URL_S3_CONTROL)"},
		&cli.BoolFlag{Name: "debug", Usage: "log every AWS call on stderr (never credentials or signatures)"},
	}
}

// awsFlags are the flags of every command that talks to AWS and waits.
func awsFlags() []cli.Flag {
	return append(clientFlags(), waitFlags()...)
}

// waitFlags bound and pace a wait for an operation.
func waitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.DurationFlag{Name: "timeout", Value: defaultTimeout, Usage: "give up waiting after `DURATION` (the operation goes on; resume with mrapguard wait)"},
		&cli.DurationFlag{Name: "poll-interval", Value: defaultPoll, Usage: "first delay between status polls, doubling up to 15s (`DURATION`)"},
	}
}

// pipelineFlags are the flags plan and apply share. Only apply waits, so
// the wait flags are apply's (awsFlags).
func pipelineFlags() []cli.Flag {
	flags := append(clientFlags(), ruleFlags()...)
	return append(flags,
		failOnFlag(),
		&cli.StringSliceFlag{Name: "accept", Usage: "accept the failing findings of `RULE` (repeatable); they are listed in the output and the plan file"},
		&cli.IntFlag{Name: "parallel", Value: defaultParallel, Usage: "handle up to `N` targets of mrapguard.yaml at once"},
	)
}

// ruleFlags select and configure rules and the policy size limit; lint,
// plan and apply share them.
func ruleFlags() []cli.Flag {
	return append(ruleSetFlags(), maxBytesFlag())
}

// ruleSetFlags select and configure rules: what rules list, show and doc
// describe (they read no policy, so no size limit).
func ruleSetFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "rules", Usage: fmt.Sprintf("add the Rego rules in `DIR` (recursive; repeatable; %s per file, %s in all)", safefile.Size(lint.MaxRuleFileBytes), safefile.Size(lint.MaxRuleBytes))},
		dataFlag(),
		&cli.BoolFlag{Name: "no-builtin", Usage: "run only the rules given with --rules"},
		configFlag(),
	}
}

// dataFlag is --data with its limits.
func dataFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "data", Usage: fmt.Sprintf("merge the JSON or YAML `FILE` into the rules' data, data.* (repeatable; %s per file, %s in all)", safefile.Size(lint.MaxDataFileBytes), safefile.Size(lint.MaxDataBytes))}
}

// maxBytesFlag is the policy size limit; lint, plan, apply and diff share
// it.
func maxBytesFlag() cli.Flag {
	return &cli.IntFlag{Name: "max-bytes", Value: policy.DefaultMaxBytes,
		Usage: fmt.Sprintf("policy size limit in `BYTES` for policy/size (-1: no limit up to the hard cap of %d bytes, 4 MiB)", policy.HardMaxBytes)}
}

func configFlag() cli.Flag {
	return &cli.StringFlag{Name: "config", Usage: "read settings from `FILE` (default: " + config.FileName + " in this directory or a parent, up to the repository root; at most " + safefile.Size(config.MaxBytes) + ")"}
}

func failOnFlag() cli.Flag {
	return &cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when a finding is at or above `SEVERITY`: error, warning, info or none"}
}

// loadConfig reads --config, or the nearest mrapguard.yaml upward from the
// working directory up to the repository root. No file is fine: the result
// is an empty config. The file used is named on standard error, so a
// reader of the output knows which settings (ignores, disabled rules)
// applied.
func loadConfig(c *cli.Context) (*config.Config, error) {
	file := c.String("config")
	if file == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, pipeline.InputError{Err: err}
		}
		found, err := config.Find(wd)
		if err != nil {
			return nil, pipeline.InputError{Err: err}
		}
		if found == "" {
			return &config.Config{}, nil
		}
		if rel, err := filepath.Rel(wd, found); err == nil {
			found = rel
		}
		file = found
	}
	cfg, err := config.Load(file)
	if err != nil {
		return nil, pipeline.InputError{Err: err}
	}
	if cfg.Path != "" {
		fmt.Fprintf(c.App.ErrWriter, "mrapguard: settings from %s\n", escapeTerm(cfg.Path))
	}
	return cfg, nil
}

// parseOptions reads --max-bytes: 0 and more than the hard cap are usage
// errors. A command without it (rules list, show, doc) reads no policy and
// gets the default.
func parseOptions(c *cli.Context) (policy.Options, error) {
	if !hasFlag(c, "max-bytes") {
		return policy.Options{MaxBytes: policy.DefaultMaxBytes}, nil
	}
	o := policy.Options{MaxBytes: c.Int("max-bytes")}
	if o.MaxBytes == 0 {
		return o, usageErrorf("--max-bytes 0: give a positive limit, or -1 for none (up to the hard cap of %d bytes)", policy.HardMaxBytes)
	}
	if err := o.Check(); err != nil {
		return o, usageErrorf("--max-bytes %d: %v", o.MaxBytes, err)
	}
	return o, nil
}

// engineFromFlags builds the lint engine from the shared rule flags and the
// config file.
func engineFromFlags(c *cli.Context) (*lint.Engine, *config.Config, error) {
	cfg, err := loadConfig(c)
	if err != nil {
		return nil, nil, err
	}
	parse, err := parseOptions(c)
	if err != nil {
		return nil, nil, err
	}
	opts := lint.Options{
		RuleDirs:  c.StringSlice("rules"),
		DataFiles: c.StringSlice("data"),
		NoBuiltin: c.Bool("no-builtin"),
		Parse:     parse,
		Rules:     cfg.RuleSettings(),
		Data:      cfg.Data(),
	}
	e, err := lint.New(c.Context, opts)
	if err != nil {
		if cfg.Path != "" {
			err = fmt.Errorf("%w (settings from %s)", err, cfg.Path)
		}
		return nil, nil, pipeline.InputError{Err: err}
	}
	if err := cfg.CheckRules(e.AllRules()); err != nil {
		return nil, nil, pipeline.InputError{Err: err}
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

// newClient builds the S3 Control client from the AWS flags.
func newClient(c *cli.Context, e *Env) (*apply.Client, error) {
	opts := apply.ClientOptions{Profile: c.String("profile"), EndpointURL: c.String("endpoint-url"), Now: e.Now}
	if c.Bool("debug") {
		opts.Debug = e.Stderr
	}
	cl, err := apply.NewClient(c.Context, opts)
	if err != nil {
		return nil, pipeline.InputError{Err: err}
	}
	return cl, nil
}

// resumeFlags repeats the client flags the user gave, for the resume
// command (a wait must reach the same endpoint with the same profile).
func resumeFlags(c *cli.Context) string {
	s := ""
	if v := c.String("profile"); v != "" {
		s += " --profile " + escape.Shell(v)
	}
	if v := c.String("endpoint-url"); v != "" {
		s += " --endpoint-url " + escape.Shell(v)
	}
	return s
}

// waitOptions are the wait flags' options; a command without them (plan)
// gets the defaults.
func waitOptions(c *cli.Context, e *Env) (apply.WaitOptions, time.Duration, error) {
	if !hasFlag(c, "timeout") {
		return apply.WaitOptions{Now: e.Now, Sleep: e.Sleep, MinInterval: defaultPoll}, defaultTimeout, nil
	}
	timeout, poll := c.Duration("timeout"), c.Duration("poll-interval")
	if timeout <= 0 {
		return apply.WaitOptions{}, 0, usageErrorf("--timeout must be positive")
	}
	if poll <= 0 {
		return apply.WaitOptions{}, 0, usageErrorf("--poll-interval must be positive")
	}
	return apply.WaitOptions{Now: e.Now, Sleep: e.Sleep, MinInterval: poll}, timeout, nil
}

// checkTargetFlags rejects an --account, --name or --alias that no MRAP can
// have, the same way for every command, before anything is read or sent.
func checkTargetFlags(c *cli.Context) error {
	t := &lint.Target{}
	for name, field := range map[string]*string{"account": &t.Account, "name": &t.Name, "alias": &t.Alias} {
		if hasFlag(c, name) {
			*field = c.String(name)
		}
	}
	var te *lint.TargetError
	if err := t.Check(); errors.As(err, &te) {
		return usageErrorf("%s: --%s %q: %s", c.Command.FullName(), te.Field, te.Value, te.Want)
	}
	return nil
}

// hasFlag reports whether the running command defines the flag.
func hasFlag(c *cli.Context, name string) bool {
	for _, f := range c.Command.Flags {
		if slices.Contains(f.Names(), name) {
			return true
		}
	}
	return false
}
