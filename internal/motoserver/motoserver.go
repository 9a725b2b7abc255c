// Package motoserver starts and stops moto_server (the Python AWS mock,
// pip install 'moto[server]') on a free loopback port, for interop tests
// against a second, independent S3 Control server. It owns the process: its
// own process group, killed as a group, and on Linux killed with its parent.
package motoserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"sync"
	"time"
)

// RequireEnv names the environment variable that makes a missing
// moto_server a test failure instead of a skip (CI sets it).
const RequireEnv = "MRAPGUARD_REQUIRE_MOTO"

// Required reports whether RequireEnv is set.
func Required(getenv func(string) string) bool { return getenv(RequireEnv) != "" }

// ErrNotInstalled: moto_server is not on PATH.
var ErrNotInstalled = errors.New("moto_server not on PATH (pip install 'moto[server]')")

// Server is a running moto_server.
type Server struct {
	// URL is its endpoint, http://127.0.0.1:PORT.
	URL string
	cmd *exec.Cmd
	log syncBuffer
}

// Start launches moto_server on a free 127.0.0.1 port and waits up to
// timeout for it to answer. A missing moto_server wraps ErrNotInstalled.
func Start(ctx context.Context, timeout time.Duration) (*Server, error) {
	path, err := exec.LookPath("moto_server")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotInstalled, err)
	}
	// The port is free when we close the listener; moto binds it a moment
	// later. A clash is possible but rare, and reported by the readiness
	// check with moto's log.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("find a free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port)}
	s.cmd = exec.Command(path, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	s.cmd.SysProcAttr = procAttr()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start moto_server: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/moto-api/", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return s, nil
		}
		select {
		case <-ctx.Done():
			s.Stop()
			return nil, fmt.Errorf("moto_server did not answer within %s: %w\n%s", timeout, ctx.Err(), s.Log())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Stop kills moto_server and whatever it spawned, and waits for it.
func (s *Server) Stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	kill(s.cmd)
	s.cmd.Wait()
}

// Log is what moto_server printed so far.
func (s *Server) Log() string { return s.log.String() }

// SkipMessage explains a skipped moto test.
func SkipMessage() string {
	return "moto_server not on PATH: tests against moto skipped (pip install 'moto[server]'; CI sets " + RequireEnv + "=1 to require them)"
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
