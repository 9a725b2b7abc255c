package main

import (
	"context"
	"errors"
	"os"
	"strings"

	"github.com/mrapguard/mrapguard/internal/escape"
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
	return InputError{err}
}

// flagsAfterArgs catches "lint policy.json --format json": the flag library
// stops at the first argument, so the flag would be taken for a file name.
func flagsAfterArgs(args []string) error {
	for _, a := range args {
		if len(a) > 1 && a[0] == '-' {
			if _, err := os.Stat(a); err != nil {
				return usageErrorf("%q looks like an option after the file arguments: put options first (mrapguard COMMAND [options] FILE...)", a)
			}
		}
	}
	return nil
}
