//go:build unix

package emulator

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockState takes the lock of a state file: an exclusive flock on
// "<dir>/.<name>.lock", so a second emulator on the same file is refused
// instead of overwriting the first one's changes and forgetting its
// idempotency tokens. The lock dies with the process (even with kill -9).
func lockState(path string) (*stateLock, error) {
	name := lockPath(path)
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("lock state file %s: %w", path, err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, fmt.Errorf("state file %s is in use by another emulator; stop that one or give another --state", path)
			}
			return nil, fmt.Errorf("lock state file %s: %w", path, err)
		}
		// A previous holder removes the lock file when it stops; if it did
		// so after we opened it, we hold a lock on a file no one else
		// sees: start again.
		held, err1 := f.Stat()
		named, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return &stateLock{f: f, name: name}, nil
		}
		f.Close()
	}
}

type stateLock struct {
	f    *os.File
	name string
}

// release removes the lock file while still holding the lock, then drops
// it (see lockState for why the order is safe).
func (l *stateLock) release() error {
	if l == nil {
		return nil
	}
	rerr := os.Remove(l.name)
	cerr := l.f.Close()
	return errors.Join(rerr, cerr)
}
