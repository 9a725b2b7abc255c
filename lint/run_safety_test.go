package lint

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// rawRule is the attack of issue 10: a rule that prints the whole input.
const rawRule = `package team.leak

deny contains {"msg": sprintf("style: %v", [input.raw])} if { not input.raw.Statement }
`

// runBounded runs e.Run and fails the test, instead of hanging, if it does
// not return within a minute.
func runBounded(t *testing.T, e *Engine, files []Input, opts RunOptions) (*Report, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	type result struct {
		rep *Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := e.Run(ctx, files, opts)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		return r.rep, r.err
	case <-time.After(2 * time.Minute):
		t.Fatal("Run did not return within two minutes")
		return nil, nil
	}
}

// TestRunReadsOnlySafeFiles: a pull request's symbolic links to the runner's
// files, FIFOs, dangling links and links to directories are findings on
// those files; the other files are linted; nothing outside is printed.
func TestRunReadsOnlySafeInputs(t *testing.T) {
	top := t.TempDir()
	secret := filepath.Join(top, "docker-config.json")
	if err := os.WriteFile(secret, []byte(`{"auths": {"ghcr.io": {"auth": "U0VDUkVUVE9LRU4="}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(top, "repo")
	for _, d := range []string{".git", "policies/sub", "other"} {
		if err := os.MkdirAll(filepath.Join(repo, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(repo, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".git/config", `{"token": "U0VDUkVUVE9LRU4="}`)
	write("policies/a.json", `{"Version": "2012-10-17"}`)
	write("other/o.json", `{"Version": "2012-10-17"}`)
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(repo, name)); err != nil {
			t.Fatal(err)
		}
	}
	link(secret, "policies/zz-notes.json")
	link("../.git/config", "policies/git.json")
	link("../other/o.json", "policies/other.json")
	link("a.json", "policies/same.json")
	link("nowhere.json", "policies/dangling.json")
	link("sub", "policies/dir.json")
	if err := syscall.Mkfifo(filepath.Join(repo, "policies/fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)

	e := newTestEngine(t, Options{NoBuiltin: true, RuleDirs: []string{writeRules(t, map[string]string{"leak.rego": rawRule})}})
	files, err := ExpandPaths([]string{"policies"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := runBounded(t, e, files, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.File+" "+f.Rule+": "+f.Message)
	}
	want := []string{
		`policies/a.json team.leak/deny: style: {"Version": "2012-10-17"}`,
		"policies/dangling.json file/not-read: this file is a symbolic link to nothing (dangling); point it at a policy file in the repository or delete it",
		"policies/dir.json file/not-read: this file is a symbolic link to a directory; only regular files are read",
		"policies/fifo.json file/not-read: this file is a FIFO (named pipe), not a regular file; only regular files are read",
		"policies/git.json file/not-read: this file is a symbolic link that leads outside the directory being read (policies); it was not read (only files inside it are)",
		"policies/other.json file/not-read: this file is a symbolic link that leads outside the directory being read (policies); it was not read (only files inside it are)",
		`policies/same.json team.leak/deny: style: {"Version": "2012-10-17"}`,
		"policies/zz-notes.json file/not-read: this file is a symbolic link that leads outside the directory being read (policies); it was not read (only files inside it are)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	var out bytes.Buffer
	f, _ := NewFormatter("github", FormatOptions{})
	if err := f.Format(&out, rep); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "U0VDUkVUVE9LRU4") {
		t.Errorf("the runner's secret reached the output:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "title=file/not-read") {
		t.Errorf("no annotation for the files not read:\n%s", out.String())
	}
	if i := slicesIndex(rep.Rules, RuleFileNotRead); i < 0 {
		t.Errorf("the report's rules do not describe %s", RuleFileNotRead)
	}

	// Named directly: the repository is the bound.
	rep, err = runBounded(t, e, Inputs("policies/zz-notes.json", "policies/other.json", "policies/fifo.json", "policies/git.json"), RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, f := range rep.Findings {
		got = append(got, f.File+" "+f.Rule+": "+f.Message)
	}
	want = []string{
		"policies/zz-notes.json file/not-read: this file is a symbolic link that leads outside the repository; it was not read (only files inside it are)",
		`policies/other.json team.leak/deny: style: {"Version": "2012-10-17"}`,
		"policies/fifo.json file/not-read: this file is a FIFO (named pipe), not a regular file; only regular files are read",
		"policies/git.json file/not-read: this file is a symbolic link that leads into a .git directory, which holds the repository's credentials; it was not read",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("named directly: findings (-want +got):\n%s", diff)
	}

	// A dangling link named on the command line is listed, for the finding.
	if files, err := ExpandPaths([]string{"policies/dangling.json"}); err != nil || len(files) != 1 {
		t.Errorf("ExpandPaths(dangling link) = %v, %v", files, err)
	}
	if _, err := ExpandPaths([]string{"policies/missing.json"}); err == nil {
		t.Errorf("ExpandPaths(missing file) must be an error")
	}
}

func slicesIndex(rules []RuleInfo, id string) int {
	for i, r := range rules {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// TestRunStopsWhileReadingStdin: standard input that never ends (a terminal,
// a pipe nobody closes) does not keep lint from stopping on Ctrl-C.
func TestRunStopsWhileReadingStdin(t *testing.T) {
	e := newTestEngine(t, Options{})
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := e.Run(ctx, Inputs("-"), RunOptions{Stdin: r})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop while reading standard input")
	}
}
