//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNoBlock opens for reading without waiting for a writer, should name
// have become a FIFO since it was looked at.
func openNoBlock(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
