package cli

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/emulator"
	"github.com/mrapguard/mrapguard/pipeline"
)

// In-process tests of plan, apply and wait: run() with its own streams and
// terminal flag, the real SDK client over HTTP on 127.0.0.1, the emulator
// in this process. They cover what the testscript suite cannot: a
// terminal (confirmation prompts, progress drawn in place) and exit codes
// of interrupted runs.

const demoAlias = "md38enr9uo6x3.mrap" // the emulator's alias for 111122223333/demo

// rulesDir holds one trivial rule, so these tests do not depend on the
// built-in catalog.
func rulesDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	rule := "# METADATA\n# title: No NotPrincipal\n# custom:\n#   id: team/no-notprincipal\n#   severity: error\n" +
		"package team.nnp\n\nimport rego.v1\n\ndeny contains {\"msg\": \"NotPrincipal\"} if {\n\tsome s in input.policy.Statement\n\ts.NotPrincipal\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "rule.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

type cliRig struct {
	t     *testing.T
	emu   *emulator.Server
	url   string
	rules string
	dir   string
}

func newRig(t *testing.T, propagation time.Duration) *cliRig {
	t.Helper()
	// The SDK reads the environment; keep the host's AWS setup out.
	t.Setenv("AWS_ACCESS_KEY_ID", "x")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "x")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_ENDPOINT_URL_S3_CONTROL", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	srv, err := emulator.New(emulator.Options{Propagation: propagation})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Seed(acct, "demo", true); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &cliRig{t: t, emu: srv, url: hs.URL, rules: rulesDir(t), dir: t.TempDir()}
}

// policy writes a policy granting GetObject to principals and returns its
// path.
func (r *cliRig) policy(name string, principals ...string) string {
	r.t.Helper()
	quoted := make([]string, len(principals))
	for i, p := range principals {
		quoted[i] = `"` + p + `"`
	}
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":[` + strings.Join(quoted, ",") +
		`]},"Action":"s3:GetObject","Resource":"arn:aws:s3::` + acct + `:accesspoint/` + demoAlias + `/object/*"}]}`
	path := filepath.Join(r.dir, name)
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return path
}

type result struct {
	code           int
	stdout, stderr string
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// run runs mrapguard CMD with the rig's endpoint, rules and fast polling.
func (r *cliRig) run(ctx context.Context, e *Env, cmd string, args ...string) result {
	r.t.Helper()
	var stdout, stderr lockedBuffer
	if e == nil {
		e = &Env{Stdin: strings.NewReader("")}
	}
	e.Stdout, e.Stderr = &stdout, &stderr
	e.Getenv = func(string) string { return "" }
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Sleep == nil {
		e.Sleep = apply.SleepContext
	}
	argv := []string{"mrapguard", cmd, "--endpoint-url", r.url, "--poll-interval", "10ms"}
	if cmd != "wait" {
		argv = append(argv, "--no-builtin", "--rules", r.rules)
	}
	code := Run(ctx, append(argv, args...), e)
	return result{code, stdout.String(), stderr.String()}
}

func (r *cliRig) puts() int {
	n := 0
	for _, op := range r.emu.Operations(acct) {
		if op.Kind == emulator.OpPutPolicy {
			n++
		}
	}
	return n
}

func TestApplyConfirmation(t *testing.T) {
	const app, batch = "arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:role/batch"
	tests := []struct {
		name        string
		start       []string // principals in force before, nil for none
		next        []string
		interactive bool
		input       string
		wantCode    int
		wantPrompt  string // "" when no prompt is expected
		wantStderr  string
		wantPuts    int // puts made by the apply under test
	}{
		{name: "first policy broadens: the name typed", next: []string{app}, interactive: true, input: "demo\n",
			wantCode: pipeline.ExitOK, wantPrompt: "Access broadens. To apply, type the name of the MRAP (demo): ", wantPuts: 1},
		{name: "broadens: yes is not enough", next: []string{app}, interactive: true, input: "yes\n",
			wantCode: pipeline.ExitRefused, wantPrompt: "type the name of the MRAP (demo)", wantStderr: `refused: not confirmed: the answer was "yes", not "demo": nothing was put`},
		{name: "broadens: another name", start: []string{app}, next: []string{app, batch}, interactive: true, input: "prod\n",
			wantCode: pipeline.ExitRefused, wantPrompt: "type the name of the MRAP (demo)", wantStderr: "not confirmed"},
		{name: "narrows: yes", start: []string{app, batch}, next: []string{app}, interactive: true, input: "yes\n",
			wantCode: pipeline.ExitOK, wantPrompt: `Apply this change to 111122223333/demo? Only "yes" applies it: `, wantPuts: 1},
		{name: "narrows: y is not yes", start: []string{app, batch}, next: []string{app}, interactive: true, input: "y\n",
			wantCode: pipeline.ExitRefused, wantPrompt: `Only "yes" applies it`, wantStderr: "not confirmed"},
		{name: "no answer at all", next: []string{app}, interactive: true, input: "",
			wantCode: pipeline.ExitRefused, wantPrompt: "type the name", wantStderr: "no answer to confirm 111122223333/demo"},
		{name: "no terminal", next: []string{app}, input: "demo\n",
			wantCode: pipeline.ExitRefused, wantStderr: "no terminal to confirm 111122223333/demo on and no --auto-approve"},
		{name: "no change: nothing to confirm", start: []string{app}, next: []string{app}, interactive: true, input: "",
			wantCode: pipeline.ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, 30*time.Millisecond)
			ctx := context.Background()
			if tt.start != nil {
				if res := r.run(ctx, nil, "apply", "--auto-approve", "--account", acct, "--name", "demo", r.policy("start.json", tt.start...)); res.code != pipeline.ExitOK {
					t.Fatalf("setting up: exit %d\n%s", res.code, res.stderr)
				}
			}
			before := r.puts()
			res := r.run(ctx, &Env{Interactive: tt.interactive, Stdin: strings.NewReader(tt.input)}, "apply", "--account", acct, "--name", "demo", r.policy("next.json", tt.next...))
			if res.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tt.wantCode, res.stdout, res.stderr)
			}
			if got := r.puts() - before; got != tt.wantPuts {
				t.Errorf("%d puts, want %d", got, tt.wantPuts)
			}
			if tt.wantPrompt != "" && !strings.Contains(res.stdout, tt.wantPrompt) {
				t.Errorf("stdout lacks the prompt %q:\n%s", tt.wantPrompt, res.stdout)
			}
			if tt.wantPrompt == "" && strings.Contains(res.stdout, "apply") && strings.Contains(res.stdout, "?") {
				t.Errorf("unexpected prompt:\n%s", res.stdout)
			}
			if !strings.Contains(res.stderr, tt.wantStderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantStderr, res.stderr)
			}
			if tt.wantCode == pipeline.ExitRefused && !strings.Contains(res.stderr, "mrapguard: next: ") {
				t.Errorf("a refusal without a next step:\n%s", res.stderr)
			}
		})
	}
}

// TestApplyTerminalProgress: on a terminal the wait is one line redrawn in
// place; the result follows on a line of its own.
func TestApplyTerminalProgress(t *testing.T) {
	r := newRig(t, 50*time.Millisecond)
	res := r.run(context.Background(), &Env{Interactive: true, Stdin: strings.NewReader("demo\n")}, "apply", "--account", acct, "--name", "demo", r.policy("p.json", "arn:aws:iam::111122223333:role/app"))
	if res.code != pipeline.ExitOK {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stderr, "\r\x1b[Kwaiting ") || strings.Contains(res.stderr, "mrapguard: waiting:") {
		t.Errorf("stderr has no in-place progress line, or has log lines:\n%q", res.stderr)
	}
	last := res.stderr[strings.LastIndex(res.stderr, "\r\x1b[K"):]
	if !strings.Contains(last, "SUCCEEDED (us-east-1 SUCCEEDED, eu-west-1 SUCCEEDED)\n") {
		t.Errorf("last progress line %q: want the final status, ended by a newline", last)
	}
}

// TestInterrupted: Ctrl-C at the prompt puts nothing; Ctrl-C while waiting
// leaves the operation running, prints how to resume, and exits 130.
func TestInterrupted(t *testing.T) {
	t.Run("at the prompt", func(t *testing.T) {
		r := newRig(t, time.Hour)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		// apply reads stdin only once the prompt is shown: Ctrl-C then.
		stdin := &hookReader{r: blockingReader{ctx}, before: cancel}
		res := r.run(ctx, &Env{Interactive: true, Stdin: stdin}, "apply", "--account", acct, "--name", "demo", r.policy("p.json", "arn:aws:iam::111122223333:role/app"))
		if res.code != pipeline.ExitInterrupted || r.puts() != 0 || !strings.Contains(res.stdout, "type the name of the MRAP") || !strings.Contains(res.stderr, "mrapguard: interrupted: nothing was put\n") {
			t.Errorf("exit %d with %d puts, want 130 at the prompt and none\nstdout:\n%s\nstderr:\n%s", res.code, r.puts(), res.stdout, res.stderr)
		}
	})
	t.Run("while waiting", func(t *testing.T) {
		r := newRig(t, time.Hour)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		polls := 0
		sleep := func(ctx context.Context, d time.Duration) error {
			if polls++; polls == 2 {
				cancel()
			}
			return apply.SleepContext(ctx, d)
		}
		res := r.run(ctx, &Env{Stdin: strings.NewReader(""), Sleep: sleep}, "apply", "--auto-approve", "--account", acct, "--name", "demo", r.policy("p.json", "arn:aws:iam::111122223333:role/app"))
		ops := r.emu.Operations(acct)
		if res.code != pipeline.ExitInterrupted || len(ops) != 1 || ops[0].Status != emulator.StatusInProgress {
			t.Fatalf("exit %d, operations %+v; want 130 and one operation in progress\nstderr:\n%s", res.code, ops, res.stderr)
		}
		want := "mrapguard:     mrapguard wait " + ops[0].TokenARN + " --account " + acct + " --endpoint-url " + r.url + "\n"
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks the resume command %q:\n%s", want, res.stderr)
		}
		if strings.Contains(res.stderr, "mrapguard: context canceled") {
			t.Errorf("the interruption is reported as an error:\n%s", res.stderr)
		}
	})
}

func TestDisplayPath(t *testing.T) {
	tests := []struct{ wd, p, want string }{
		{"/repo/team", "/repo/team/policies/a.json", "policies/a.json"},
		{"/repo/team", "/repo/other/a.json", "/repo/other/a.json"},
		{"/repo", "rel/a.json", "rel/a.json"},
		{"", "/x/a.json", "/x/a.json"},
	}
	for _, tt := range tests {
		if got := displayPath(tt.wd, tt.p); got != filepath.FromSlash(tt.want) {
			t.Errorf("displayPath(%q, %q) = %q, want %q", tt.wd, tt.p, got, tt.want)
		}
	}
}

// TestApplyStaleAfterConfirm: the policy in force changes while the user
// reads the plan; the put is refused.
func TestApplyStaleAfterConfirm(t *testing.T) {
	r := newRig(t, 0)
	other := r.policy("other.json", "arn:aws:iam::111122223333:role/other")
	otherDoc, _ := os.ReadFile(other)
	stdin := &hookReader{r: strings.NewReader("demo\n"), before: func() {
		// Someone else applies while the prompt waits.
		c := emulatorClient(t, r.url)
		arn, err := c.Put(context.Background(), acct, "demo", string(otherDoc), "someone-else")
		if err != nil {
			t.Error(err)
			return
		}
		if _, err := c.Wait(context.Background(), arn, apply.WaitOptions{MinInterval: time.Millisecond}); err != nil {
			t.Error(err)
		}
	}}
	res := r.run(context.Background(), &Env{Interactive: true, Stdin: stdin}, "apply", "--account", acct, "--name", "demo", r.policy("p.json", "arn:aws:iam::111122223333:role/app"))
	if res.code != pipeline.ExitRefused || r.puts() != 1 {
		t.Errorf("exit %d with %d puts; want 4 and only the other put\nstderr:\n%s", res.code, r.puts(), res.stderr)
	}
	if !strings.Contains(res.stderr, "changed while the plan was being confirmed") {
		t.Errorf("stderr:\n%s", res.stderr)
	}
}

// hookReader runs before on the first read.
type hookReader struct {
	r      io.Reader
	before func()
	once   sync.Once
}

func (h *hookReader) Read(p []byte) (int, error) {
	h.once.Do(h.before)
	return h.r.Read(p)
}

func TestWaitCommandErrors(t *testing.T) {
	r := newRig(t, 0)
	res := r.run(context.Background(), nil, "wait")
	if res.code != pipeline.ExitUsage || !strings.Contains(res.stderr, "give the request token ARN") {
		t.Errorf("wait without ARN: exit %d, %s", res.code, res.stderr)
	}
}

// blockingReader blocks until ctx ends, like a terminal nobody types on.
type blockingReader struct{ ctx context.Context }

func (b blockingReader) Read([]byte) (int, error) {
	<-b.ctx.Done()
	return 0, io.EOF
}
