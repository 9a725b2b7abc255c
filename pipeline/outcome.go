package pipeline

import (
	"context"
	"errors"
	"fmt"

	"github.com/mrapguard/mrapguard/apply"
)

// Exit codes are part of the public contract (README "Exit codes"). They
// are decided by ExitCode and nowhere else: packages return typed errors,
// and ExitCode maps them, for each target's Outcome and for the command.
const (
	ExitOK          = 0
	ExitFindings    = 1  // findings at or above --fail-on
	ExitChanges     = 2  // changes pending (plan --detailed-exitcode, diff --exit-code)
	ExitAWS         = 3  // an AWS call or an async operation failed
	ExitRefused     = 4  // refused for safety
	ExitUsage       = 64 // usage or input error
	ExitInterrupted = 130
)

// InputError is a usage or input error: exit 64.
type InputError struct{ Err error }

func (e InputError) Error() string { return e.Err.Error() }
func (e InputError) Unwrap() error { return e.Err }

// ExitError carries an exit code for an outcome that has already been
// reported on the run's streams (for example "findings at or above
// --fail-on", or a wait that stopped and printed how to resume).
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ExitCode maps an error to the documented exit codes. Errors nobody typed
// are treated as input errors.
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
	// A missing MRAP or operation, or an invalid account, name or token
	// ARN is the user's input, not an AWS failure.
	case errors.Is(err, apply.ErrNoSuchMRAP), errors.Is(err, apply.ErrNoSuchOperation), errors.Is(err, apply.ErrInvalidInput):
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

// severity orders exit codes for a run over many targets: the overall code
// is the most severe one. Interrupted beats everything (the run did not
// finish); a refusal means something unsafe was attempted; an AWS failure
// may have left a change half done; a usage or input error is a target
// that could not be planned; findings, changes pending and success follow.
func severity(code int) int {
	switch code {
	case ExitOK:
		return 0
	case ExitChanges:
		return 1
	case ExitFindings:
		return 2
	case ExitUsage:
		return 3
	case ExitAWS:
		return 4
	case ExitRefused:
		return 5
	case ExitInterrupted:
		return 6
	}
	return 3 // an unknown code counts as an error
}

// Worse is the more severe of two exit codes: 130, 4, 3, 64, 1, 2, 0.
func Worse(a, b int) int {
	if severity(b) > severity(a) {
		return b
	}
	return a
}

// Outcome is how one target ended, for the exit code and the summary table.
type Outcome struct {
	Target  Target
	Planned *Planned // nil when planning failed
	Result  string   // one or two words: "no changes", "applied", "refused", …
	Reason  string   // one line, untrusted text escaped by the printer
	Code    int
	Err     error
	// Operation is the ARN of the put's asynchronous operation, once AWS
	// accepted one: Wait resumes it.
	Operation string
}

func (o Outcome) verdict() string {
	if o.Planned == nil || o.Planned.Diff == nil {
		return "-"
	}
	if !o.Planned.Changes {
		return "none"
	}
	return string(o.Planned.Diff.Access)
}

// errorOutcome is a target that could not be planned or applied.
func errorOutcome(t Target, pl *Planned, err error) Outcome {
	o := Outcome{Target: t, Planned: pl, Err: err, Code: ExitCode(err), Reason: err.Error(), Result: "error"}
	var r *apply.RefusedError
	switch {
	case errors.As(err, &r):
		o.Result, o.Reason = "refused", r.Reason
	case o.Code == ExitInterrupted:
		o.Result, o.Reason = "interrupted", "interrupted"
	}
	return o
}
