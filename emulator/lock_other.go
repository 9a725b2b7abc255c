//go:build !unix

package emulator

// lockState does not lock where flock is not available.
func lockState(string) (*stateLock, error) { return nil, nil }

type stateLock struct{}

func (*stateLock) release() error { return nil }
