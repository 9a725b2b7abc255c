package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"
)

// TestHelp: every command and subcommand's --help has examples of itself
// (issue 15 item 21; the README promises them), and lists only options
// the command uses: no --max-bytes where no policy is read, no wait
// options where nothing waits (item 18).
func TestHelp(t *testing.T) {
	unwanted := map[string][]string{
		"rules list": {"--max-bytes"},
		"rules show": {"--max-bytes"},
		"rules doc":  {"--max-bytes"},
		"plan":       {"--timeout", "--poll-interval", "--wait-for-pending", "--auto-approve"},
		"diff":       {"--timeout", "--poll-interval"},
	}
	var walk func(prefix string, cmds []*cli.Command)
	seen := 0
	walk = func(prefix string, cmds []*cli.Command) {
		for _, c := range cmds {
			name := strings.TrimSpace(prefix + " " + c.Name)
			if len(c.Subcommands) > 0 {
				walk(name, c.Subcommands)
			}
			seen++
			var out, errs bytes.Buffer
			e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, Now: time.Now}
			if code := Run(context.Background(), append(append([]string{"mrapguard"}, strings.Fields(name)...), "--help"), e); code != 0 {
				t.Errorf("%s --help: exit %d: %s", name, code, errs.String())
				continue
			}
			help := out.String()
			if !strings.Contains(help, "Examples:\n") || !strings.Contains(help, "  mrapguard "+name) {
				t.Errorf("%s --help has no example of %q:\n%s", name, "mrapguard "+name, help)
			}
			// A command that talks to AWS says so in its exit codes (item
			// 5: diff's live form exits 3, and its help did not say so).
			_, codes, _ := strings.Cut(help, "Exit codes:")
			talksToAWS := false
			for _, f := range c.Flags {
				talksToAWS = talksToAWS || f.Names()[0] == "endpoint-url"
			}
			if talksToAWS && !regexp.MustCompile(`\b3 [^,]*AWS call failed|an AWS call failed`).MatchString(codes) {
				t.Errorf("%s --help: its exit codes do not say 3 is an AWS call that failed:\n%s", name, codes)
			}
			for _, opt := range unwanted[name] {
				if strings.Contains(help, opt+" ") {
					t.Errorf("%s --help lists %s, which it does not use:\n%s", name, opt, help)
				}
			}
		}
	}
	walk("", commands(&Env{}))
	if seen != 12 {
		t.Errorf("checked %d commands, want 12 (8 commands, rules with 4 subcommands)", seen)
	}
}
