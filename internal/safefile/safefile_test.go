package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// layout builds a repository in a temporary directory, with a secret next
// to it, and makes it the working directory.
//
//	secret.json            outside the repository
//	repo/.git/config       the job's token lives here
//	repo/policies/ok.json
//	repo/shared/s.json     in the repository, outside policies/
func layout(t *testing.T) (top string) {
	t.Helper()
	top = t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(top, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("secret.json", `{"auths":{"registry":{"auth":"c2VjcmV0"}}}`)
	write("repo/.git/config", "[http] extraheader = AUTHORIZATION: basic c2VjcmV0")
	write("repo/policies/ok.json", `{}`)
	write("repo/shared/s.json", `{}`)
	t.Chdir(filepath.Join(top, "repo"))
	return top
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

func TestOpen(t *testing.T) {
	top := layout(t)
	symlink(t, filepath.Join(top, "secret.json"), "policies/zz-notes.json")
	symlink(t, "../.git/config", "policies/git.json")
	symlink(t, "../shared/s.json", "policies/shared.json")
	symlink(t, "ok.json", "policies/alias.json")
	symlink(t, "missing.json", "policies/dangling.json")
	symlink(t, "../shared", "policies/dir.json")
	symlink(t, top, "escape")
	if err := syscall.Mkfifo("policies/fifo.json", 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, tree string
		want       error // nil: opens
		reason     string
	}{
		{"policies/ok.json", "policies", nil, ""},
		{"policies/ok.json", "", nil, ""},
		{"policies/alias.json", "policies", nil, ""},
		{"policies/shared.json", "", nil, ""}, // named directly: the repository is the bound
		{"policies/shared.json", "policies", ErrOutside, "leads outside the directory being read (policies)"},
		{"policies/zz-notes.json", "policies", ErrOutside, "leads outside the directory being read"},
		{"policies/zz-notes.json", "", ErrOutside, "leads outside the repository"},
		{"escape/secret.json", "", ErrOutside, "leads outside the repository"},
		{"policies/git.json", "", ErrOutside, "leads into a .git directory"},
		{".git/config", ".", ErrOutside, "leads into a .git directory"},
		{"policies/dangling.json", "policies", ErrNotRegular, "is a symbolic link to nothing"},
		{"policies/dir.json", "", ErrNotRegular, "is a symbolic link to a directory"},
		{"policies/fifo.json", "policies", ErrNotRegular, "is a FIFO (named pipe), not a regular file"},
		{"policies", "", ErrNotRegular, "is a directory"},
		{filepath.Join(top, "secret.json"), "", nil, ""}, // named directly, outside the repository
		{"/dev/zero", "", ErrNotRegular, "is a device"},
	}
	for _, tt := range tests {
		done := make(chan struct{})
		var f *os.File
		var err error
		go func() {
			defer close(done)
			f, err = Open(tt.name, tt.tree)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Open(%q, %q) blocked", tt.name, tt.tree)
		}
		if f != nil {
			f.Close()
		}
		switch {
		case tt.want == nil && err != nil:
			t.Errorf("Open(%q, %q) = %v, want it opened", tt.name, tt.tree, err)
		case tt.want != nil && !errors.Is(err, tt.want):
			t.Errorf("Open(%q, %q) = %v, want %v", tt.name, tt.tree, err, tt.want)
		case tt.want != nil && !strings.Contains(err.Error(), tt.reason):
			t.Errorf("Open(%q, %q) = %q, want it to say %q", tt.name, tt.tree, err, tt.reason)
		}
		if err != nil && strings.Contains(err.Error(), "c2VjcmV0") {
			t.Errorf("Open(%q): the error shows the secret: %v", tt.name, err)
		}
	}
	if _, err := Open("policies/nope.json", ""); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v, want not exist", err)
	}
}

func TestReadFile(t *testing.T) {
	layout(t)
	if err := os.WriteFile("big.yaml", make([]byte, 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile("big.yaml", "", "data file", 2048); err != nil || len(b) != 2048 {
		t.Errorf("at the limit: %d bytes, %v", len(b), err)
	}
	_, err := ReadFile("big.yaml", "", "data file", 1024)
	if !errors.Is(err, ErrTooLarge) || err.Error() != "big.yaml is larger than 1 KiB, the limit for a data file" {
		t.Errorf("over the limit: %v", err)
	}
	if b, err := ReadFile("big.yaml", "", "data file", -1); err != nil || len(b) != 2048 {
		t.Errorf("no limit: %d bytes, %v", len(b), err)
	}
}

func TestRepoRoot(t *testing.T) {
	top := layout(t)
	if got, want := RepoRoot(filepath.Join(top, "repo", "policies")), filepath.Join(top, "repo"); got != want {
		t.Errorf("RepoRoot = %q, want %q", got, want)
	}
	if got := RepoRoot(top); got != "" && !strings.HasPrefix(top, got) {
		t.Errorf("RepoRoot(%q) = %q", top, got)
	}
}
