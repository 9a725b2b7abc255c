package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/pipeline"
)

func joinNames(names []string) string { return strings.Join(names, ", ") }

// escapeTerm makes untrusted text safe to print on a terminal or in a CI
// log (no control bytes, no workflow command).
func escapeTerm(s string) string { return escape.LogLine(escape.Terminal(s)) }

// inputError marks an error as an input error (exit 64) unless it is a
// cancellation, which keeps its own exit code.
func inputError(err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return pipeline.InputError{Err: err}
}
