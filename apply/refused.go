package apply

import "fmt"

// RefusedError is a guard refusing to go on for safety: nothing was put.
// Reason says what is wrong, Next what the user can do about it; both are
// shown to the user (escaped by the printer: they may quote server text).
type RefusedError struct {
	Reason string
	Next   string
	// Rerun is the mrapguard command that carries Next out, when there is
	// one: a command name and the options it needs, such as
	// {"apply", "--auto-approve"}. Only the caller knows the target and the
	// options of the run, so it renders the command line and appends it
	// to Next with SetCommand; every next step printed then ends with a
	// command that runs as printed.
	Rerun []string
}

func (e *RefusedError) Error() string { return safe("refused: " + e.Reason) }

// WithRerun sets Rerun and returns e.
func (e *RefusedError) WithRerun(command string, options ...string) *RefusedError {
	e.Rerun = append([]string{command}, options...)
	return e
}

// SetCommand appends the command line that carries out Next (Rerun,
// rendered by the caller) and clears Rerun, so it is done once.
func (e *RefusedError) SetCommand(cmdline string) {
	if e.Rerun == nil {
		return
	}
	e.Next += ": " + cmdline
	e.Rerun = nil
}

// Refusef builds a RefusedError with a formatted reason.
func Refusef(next, format string, args ...any) *RefusedError {
	return &RefusedError{Reason: fmt.Sprintf(format, args...), Next: next}
}
