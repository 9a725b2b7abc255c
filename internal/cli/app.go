// Package cli is the mrapguard command line: urfave/cli/v2 wiring, one
// file per command. A command parses its flags into the options of the
// package that does the work (pipeline for diff, plan, apply and wait;
// lint; emulator), calls it and renders the result. Run maps every error to
// its exit code through pipeline.ExitCode, the one place that decides them.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/pipeline"
)

// Env carries everything the commands touch outside the process, so tests
// can run the whole CLI in-process with their own streams, clock and
// terminal.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Interactive reports whether stdin and stdout are both a terminal
	// (confirmation prompts, progress display).
	Interactive bool
	// ColorOut / ColorErr: may ANSI colour be written to stdout / stderr.
	ColorOut bool
	ColorErr bool
	Now      func() time.Time
	Sleep    func(ctx context.Context, d time.Duration) error
	// Version is the version to report; "" for the one in the build info.
	Version string
}

// NewEnv is the environment of this process: its standard streams and
// terminal, and the real clock.
func NewEnv() *Env {
	noColor := os.Getenv("NO_COLOR") != ""
	isTTY := func(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
	return &Env{
		Stdin:       os.Stdin,
		Stdout:      os.Stdout,
		Stderr:      os.Stderr,
		Getenv:      os.Getenv,
		Interactive: isTTY(os.Stdin) && isTTY(os.Stdout),
		ColorOut:    !noColor && isTTY(os.Stdout) && os.Getenv("TERM") != "dumb",
		ColorErr:    !noColor && isTTY(os.Stderr) && os.Getenv("TERM") != "dumb",
		Now:         time.Now,
		Sleep:       apply.SleepContext,
	}
}

// Run is the whole program: it never calls os.Exit and returns the exit
// code.
func Run(ctx context.Context, args []string, e *Env) int {
	app := newApp(e)
	var unknown string
	app.CommandNotFound = func(_ *cli.Context, name string) { unknown = name }
	args, err := normalizeArgs(app.Commands, args)
	if err == nil {
		err = app.RunContext(ctx, args)
	}
	if err == nil && unknown != "" {
		err = usageErrorf("unknown command %q (see mrapguard --help)", unknown)
	}
	code := pipeline.ExitCode(err)
	if err != nil && !errors.As(err, new(pipeline.ExitError)) {
		fmt.Fprintf(e.Stderr, "mrapguard: %s\n", escape.LogLine(escape.Terminal(err.Error())))
		// A refusal always says what to do next.
		var r *apply.RefusedError
		if errors.As(err, &r) && r.Next != "" {
			fmt.Fprintf(e.Stderr, "mrapguard: next: %s\n", escape.LogLine(escape.Terminal(r.Next)))
		}
	}
	return code
}

func newApp(e *Env) *cli.App {
	app := &cli.App{
		Name:  "mrapguard",
		Usage: "lint and safely apply S3 Multi-Region Access Point policies",
		Description: "mrapguard checks MRAP resource policies (IAM JSON) offline with Rego rules,\n" +
			"shows what a change does to access, and applies it with guard rails.\n\n" +
			"Start with:  mrapguard lint policies/        (offline, no credentials)\n" +
			"Then:        mrapguard plan --account ID --name NAME policy.json\n" +
			"Every command has --help with examples.\n\n" +
			"Exit codes: 0 ok, 1 findings at or above --fail-on, 2 changes pending,\n" +
			"3 AWS call or operation failed, 4 refused for safety, 64 usage or input error,\n" +
			"130 interrupted.",
		Version:   buildVersion(e.Version),
		Reader:    e.Stdin,
		Writer:    e.Stdout,
		ErrWriter: e.Stderr,
		// "help COMMAND" and did-you-mean hints are normalizeArgs's: the
		// library's own print on standard output.
		HideHelpCommand: true,
		// Errors are reported and mapped to exit codes by run, never by the library.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageErrorf("%v", err)
		},
		Commands: commands(e),
	}
	for _, c := range app.Commands {
		setUsageErrorHandler(c)
	}
	return app
}

// commands lists every subcommand, in the order --help shows them.
func commands(e *Env) []*cli.Command {
	return []*cli.Command{
		// In pipeline order: offline checks, then the AWS stages, then tools.
		lintCommand(e),
		diffCommand(e),
		planCommand(e),
		applyCommand(e),
		waitCommand(e),
		rulesCommand(e),
		emulatorCommand(e),
		versionCommand(e),
	}
}

func setUsageErrorHandler(c *cli.Command) {
	c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
		return usageErrorf("%s: %v", c.Name, err)
	}
	for _, sub := range c.Subcommands {
		setUsageErrorHandler(sub)
	}
}

// usageErrorf is a usage or input error: exit 64.
func usageErrorf(format string, args ...any) error {
	return pipeline.InputError{Err: fmt.Errorf(format, args...)}
}
