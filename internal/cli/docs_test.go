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
