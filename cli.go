package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/internal/escape"
	"golang.org/x/term"
)

// Exit codes are part of the public contract (README "Exit codes"). They are
// decided here and nowhere else: packages return typed errors and exitCode
// maps them.
const (
	ExitOK          = 0
	ExitFindings    = 1  // findings at or above --fail-on
	ExitChanges     = 2  // changes pending (plan --detailed-exitcode, diff --exit-code)
	ExitAWS         = 3  // an AWS call or an async operation failed
	ExitRefused     = 4  // refused for safety
	ExitUsage       = 64 // usage or input error
	ExitInterrupted = 130
)

// version is set with -ldflags "-X main.version=v1.2.3"; otherwise it comes
// from the module build info (go install …@vX.Y.Z) or the VCS revision.
var version = ""

// env carries everything the commands touch outside the process, so tests can
// run the whole CLI in-process with their own streams, clock and terminal.
type env struct {
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
}

func newEnv() *env {
	noColor := os.Getenv("NO_COLOR") != ""
	isTTY := func(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
	return &env{
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

// run is the whole program: it never calls os.Exit and returns the exit code.
func run(ctx context.Context, args []string, e *env) int {
	app := newApp(e)
	var unknown string
	app.CommandNotFound = func(_ *cli.Context, name string) { unknown = name }
	err := app.RunContext(ctx, args)
	if err == nil && unknown != "" {
		err = usageErrorf("unknown command %q (see mrapguard --help)", unknown)
	}
	code := ExitCode(err)
	if err != nil && !errors.As(err, new(ExitError)) {
		fmt.Fprintf(e.Stderr, "mrapguard: %s\n", escape.LogLine(escape.Terminal(err.Error())))
		// A refusal always says what to do next.
		var r *apply.RefusedError
		if errors.As(err, &r) && r.Next != "" {
			fmt.Fprintf(e.Stderr, "mrapguard: next: %s\n", escape.LogLine(escape.Terminal(r.Next)))
		}
	}
	return code
}

func newApp(e *env) *cli.App {
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
		Version:         buildVersion(),
		Reader:          e.Stdin,
		Writer:          e.Stdout,
		ErrWriter:       e.Stderr,
		HideHelpCommand: true,
		Suggest:         true,
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
func commands(e *env) []*cli.Command {
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

func versionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version of mrapguard and of the libraries that decide its results",
		Action: func(c *cli.Context) error {
			fmt.Fprintf(e.Stdout, "mrapguard %s\n", buildVersion())
			if bi, ok := debug.ReadBuildInfo(); ok {
				fmt.Fprintf(e.Stdout, "go %s\n", strings.TrimPrefix(bi.GoVersion, "go"))
				for _, d := range bi.Deps {
					switch d.Path {
					case "github.com/open-policy-agent/opa", "github.com/aws/aws-sdk-go-v2/service/s3control":
						fmt.Fprintf(e.Stdout, "%s %s\n", d.Path, d.Version)
					}
				}
			}
			return nil
		},
	}
}

func buildVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "devel"
	}
	return "devel-" + rev + dirty
}

// InputError is a usage or input error: exit 64.
type InputError struct{ Err error }

func (e InputError) Error() string { return e.Err.Error() }
func (e InputError) Unwrap() error { return e.Err }

func usageErrorf(format string, args ...any) error {
	return InputError{fmt.Errorf(format, args...)}
}

// ExitError carries an exit code for an outcome the command has already
// reported on its streams (for example "findings at or above --fail-on").
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ExitCode maps an error to the documented exit codes. Errors nobody typed are
// treated as input errors.
func ExitCode(err error) int {
	var silent ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &silent):
		return silent.Code
	case errors.As(err, new(*apply.RefusedError)):
		return ExitRefused
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, new(InputError)):
		return ExitUsage
	// A missing MRAP or an invalid account, name or token ARN is the user's
	// input, not an AWS failure.
	case errors.Is(err, apply.ErrNoSuchMRAP), errors.Is(err, apply.ErrInvalidInput):
		return ExitUsage
	// AWS calls and async operations that failed, and waits that ran out
	// of time (the operation may still finish: the error carries its ARN).
	case errors.As(err, new(*apply.CallError)), errors.As(err, new(*apply.OperationError)),
		errors.As(err, new(*apply.VerifyError)), errors.Is(err, context.DeadlineExceeded):
		return ExitAWS
	default:
		return ExitUsage
	}
}
