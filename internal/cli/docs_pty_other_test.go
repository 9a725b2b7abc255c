//go:build !linux

package cli

import (
	"errors"
	"os"
)

// openPTY: the document tests type on a terminal on Linux only.
func openPTY() (master, slave *os.File, err error) {
	return nil, nil, errors.New("pseudo-terminals are set up on Linux only")
}
