package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRulesDocIsCurrent keeps docs/rules.md equal to what
// "mrapguard rules doc" writes. Refresh it with
// go test ./internal/cli -run RulesDoc -update.
func TestRulesDocIsCurrent(t *testing.T) {
	var out, errs bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, Now: time.Now}
	if code := Run(context.Background(), []string{"mrapguard", "rules", "doc", "--config", os.DevNull}, e); code != 0 {
		t.Fatalf("rules doc exited %d: %s", code, errs.String())
	}
	file := filepath.Join("..", "..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("%s is out of date; run go test ./internal/cli -run RulesDoc -update (-file +generated):\n%s", file, diff)
	}
}

// TestExampleUserRule runs the example rule of the rule-authoring guide
// through rules test and lint, as a user would from the repository's root,
// and checks that the guide quotes the rule and the commands' output as
// they are.
func TestExampleUserRule(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	rule, err := os.ReadFile(filepath.Join("docs", "examples", "rules", "public_write.rego"))
	if err != nil {
		t.Fatal(err)
	}
	guide, err := os.ReadFile(filepath.Join("rules", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(guide, append(append([]byte("```rego\n"), rule...), "```"...)) {
		t.Error("rules/README.md does not quote docs/examples/rules/public_write.rego as it is")
	}

	run := func(args ...string) (int, string) {
		var out, errs bytes.Buffer
		e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, Now: time.Now}
		code := Run(context.Background(), append([]string{"mrapguard"}, args...), e)
		return code, out.String() + errs.String()
	}
	var console strings.Builder
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"rules", "test", "docs/examples/rules"}, 0},
		{[]string{"lint", "--rules", "docs/examples/rules", "docs/examples/policies"}, 1},
	} {
		code, out := run(c.args...)
		if code != c.code {
			t.Errorf("mrapguard %s exited %d, want %d:\n%s", strings.Join(c.args, " "), code, c.code, out)
		}
		console.WriteString("$ mrapguard " + strings.Join(c.args, " ") + "\n" + out)
	}
	if want := "```console\n" + console.String() + "```"; !strings.Contains(string(guide), want) {
		t.Errorf("rules/README.md does not show the example's output as it is; want:\n%s", want)
	}
}
