package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOutputList(t *testing.T) {
	l := outputList{formats: []string{"json", "markdown", "sarif"}, example: "sarif=x.sarif"}
	for _, v := range []string{"sarif=out/a.sarif", "markdown=summary.md"} {
		if err := l.Set(v); err != nil {
			t.Fatalf("Set(%q): %v", v, err)
		}
	}
	if diff := cmp.Diff([]outputSpec{{"sarif", "out/a.sarif"}, {"markdown", "summary.md"}}, l.specs, cmp.AllowUnexported(outputSpec{})); diff != "" {
		t.Errorf("specs (-want +got):\n%s", diff)
	}
	for v, want := range map[string]string{
		"sarif":             "want FORMAT=PATH",
		"=x":                "want FORMAT=PATH",
		"sarif=":            "want FORMAT=PATH",
		"yaml=x":            `unknown format "yaml"`,
		"json=-":            "standard output takes --format",
		"json=./summary.md": "summary.md is given twice",
	} {
		if err := l.Set(v); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Set(%q) = %v, want an error containing %q", v, err, want)
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "report.sarif")
	if err := writeFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, "first"); return err }); err != nil {
		t.Fatal(err)
	}
	// A failed write leaves the old report whole and no temporary file.
	boom := errors.New("boom")
	err := writeFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	got, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(filepath.Dir(path))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if string(got) != "first" || len(names) != 1 {
		t.Errorf("after a failed write: content %q, files %v", got, names)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, %v; want 0644", fi.Mode().Perm(), err)
	}
}

func TestCILinkBase(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, ""},
		{map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com/", "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "abc"}, "https://github.com/o/r/blob/abc/"},
		{map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "o/r"}, ""},
		{map[string]string{"GITLAB_CI": "true", "CI_PROJECT_URL": "https://gitlab.example/g/p", "CI_COMMIT_SHA": "def"}, "https://gitlab.example/g/p/-/blob/def/"},
	}
	for _, tt := range tests {
		if got := ciLinkBase(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("ciLinkBase(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestRepoRoot(t *testing.T) {
	dir := t.TempDir()
	deep := filepath.Join(dir, "repo", "infra", "mrap")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := repoRoot(deep); got != deep {
		t.Errorf("without .git: repoRoot = %q, want the directory itself", got)
	}
	// A worktree or submodule has a .git file, not a directory.
	if err := os.WriteFile(filepath.Join(dir, "repo", ".git"), []byte("gitdir: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := repoRoot(deep), filepath.Join(dir, "repo"); got != want {
		t.Errorf("repoRoot = %q, want %q", got, want)
	}
}

// Several --output flags, with the long name and the alias mixed, write
// exactly their files (issue 15 item 1: urfave/cli copied the joined list
// to the alias, which wrote "a.sarif, markdown=b.md" as one more report).
func TestOutputFlagsWriteOnlyTheirFiles(t *testing.T) {
	dir := t.TempDir()
	policyFile := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(policyFile, []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/x"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	reports := filepath.Join(dir, "r")
	for _, args := range [][]string{
		{"--output", "sarif=" + reports + "/a.sarif", "--output", "markdown=" + reports + "/b.md"},
		{"-o", "sarif=" + reports + "/a.sarif", "--output", "markdown=" + reports + "/b.md", "-o", "json=" + reports + "/c.json"},
	} {
		os.RemoveAll(reports)
		var out, errs strings.Builder
		e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, Now: time.Now}
		full := append(append([]string{"mrapguard", "lint", "--config", os.DevNull}, args...), policyFile)
		if code := Run(context.Background(), full, e); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs.String())
		}
		entries, err := os.ReadDir(reports)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		for i := 1; i < len(args); i += 2 {
			want = append(want, filepath.Base(args[i]))
		}
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%v: files written (-want +got):\n%s", args, diff)
		}
	}
}

func TestOutputListSerialize(t *testing.T) {
	l := outputList{formats: []string{"json", "sarif"}}
	l.Set("sarif=a, b.sarif")
	l.Set("json=c=d.json")
	if err := l.Set(l.Serialize()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]outputSpec{{"sarif", "a, b.sarif"}, {"json", "c=d.json"}}, l.specs, cmp.AllowUnexported(outputSpec{})); diff != "" {
		t.Errorf("after Set(Serialize()) (-want +got):\n%s", diff)
	}
}
