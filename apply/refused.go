package apply

import "fmt"

// RefusedError is a guard refusing to go on for safety: nothing was put.
// Reason says what is wrong, Next what the user can do about it; both are
// shown to the user (escaped by the printer: they may quote server text).
type RefusedError struct {
	Reason string
	Next   string
}

func (e *RefusedError) Error() string { return safe("refused: " + e.Reason) }

// Refusef builds a RefusedError with a formatted reason.
func Refusef(next, format string, args ...any) *RefusedError {
	return &RefusedError{Reason: fmt.Sprintf(format, args...), Next: next}
}
