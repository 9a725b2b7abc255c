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
	// clock is the emulator's; a test advances it to end a long
	// propagation when it chooses.
	clock emulator.Clock
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
	r := &cliRig{t: t, rules: rulesDir(t), dir: t.TempDir()}
	srv, err := emulator.New(emulator.Options{Propagation: propagation, Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Seed(acct, "demo", true); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	r.emu, r.url = srv, hs.URL
	return r
}

// runNext runs the last next step printed on stderr exactly as printed,
// in this process, with e as its environment.
func (r *cliRig) runNext(ctx context.Context, e *Env, stderr string) result {
	r.t.Helper()
	all := nextRe.FindAllStringSubmatch(stderr, -1)
	if all == nil {
		r.t.Fatalf("no next step in:\n%s", stderr)
	}
	words, err := nextStepCommand(all[len(all)-1][1] + all[len(all)-1][2])
	if err != nil {
		r.t.Fatal(err)
	}
	var stdout, errs lockedBuffer
	e.Stdout, e.Stderr, e.Getenv = &stdout, &errs, func(string) string { return "" }
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Sleep == nil {
		e.Sleep = apply.SleepContext
	}
	code := Run(ctx, words, e)
	return result{code, stdout.String(), errs.String()}
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
	argv := []string{"mrapguard", cmd, "--endpoint-url", r.url}
	if cmd == "apply" || cmd == "wait" {
		argv = append(argv, "--poll-interval", "10ms")
	}
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
		// answer is typed when the refusal's next step (wantNext, when
		// given) is run as printed, which then applies.
		answer   string
		wantNext string
	}{
		{name: "first policy broadens: the name typed", next: []string{app}, interactive: true, input: "demo\n",
			wantCode: pipeline.ExitOK, wantPrompt: "Access broadens. To apply, type the name of the MRAP (demo): ", wantPuts: 1},
		{name: "broadens: yes is not enough", next: []string{app}, interactive: true, input: "yes\n",
			wantCode: pipeline.ExitRefused, wantPrompt: "type the name of the MRAP (demo)", wantStderr: `refused: not confirmed: the answer was "yes", not "demo": nothing was put`, answer: "demo\n",
			wantNext: "mrapguard: next: run apply again and type demo to apply, or anything else to stop: mrapguard apply --endpoint-url "},
		{name: "broadens: another name", start: []string{app}, next: []string{app, batch}, interactive: true, input: "prod\n",
			wantCode: pipeline.ExitRefused, wantPrompt: "type the name of the MRAP (demo)", wantStderr: "not confirmed", answer: "demo\n"},
		{name: "narrows: yes", start: []string{app, batch}, next: []string{app}, interactive: true, input: "yes\n",
			wantCode: pipeline.ExitOK, wantPrompt: `Apply this change to 111122223333/demo? Only "yes" applies it: `, wantPuts: 1},
		{name: "narrows: y is not yes", start: []string{app, batch}, next: []string{app}, interactive: true, input: "y\n",
			wantCode: pipeline.ExitRefused, wantPrompt: `Only "yes" applies it`, wantStderr: "not confirmed", answer: "yes\n"},
		{name: "no answer at all", next: []string{app}, interactive: true, input: "",
			wantCode: pipeline.ExitRefused, wantPrompt: "type the name", wantStderr: "no answer to confirm 111122223333/demo", answer: "demo\n",
			wantNext: "mrapguard: next: run apply again and answer the prompt: mrapguard apply --endpoint-url "},
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
			if tt.wantCode != pipeline.ExitRefused {
				return
			}
			if !strings.Contains(res.stderr, tt.wantNext) {
				t.Errorf("stderr lacks the next step %q:\n%s", tt.wantNext, res.stderr)
			}
			// The next step, run as printed (on a terminal when the run
			// had one), applies.
			before = r.puts()
			next := r.runNext(ctx, &Env{Interactive: tt.interactive, Stdin: strings.NewReader(tt.answer)}, res.stderr)
			if next.code != pipeline.ExitOK || r.puts()-before != 1 {
				t.Errorf("next step: exit %d with %d puts, want 0 and 1\nstdout:\n%s\nstderr:\n%s", next.code, r.puts()-before, next.stdout, next.stderr)
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
		want := "\nmrapguard wait " + ops[0].TokenARN + " --account " + acct + " --endpoint-url " + r.url + "\n"
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
	if !strings.Contains(res.stderr, "mrapguard: next: plan again and review the new diff: mrapguard plan --endpoint-url ") {
		t.Errorf("stderr lacks the next step:\n%s", res.stderr)
	}
	next := r.runNext(context.Background(), &Env{Stdin: strings.NewReader("")}, res.stderr)
	if next.code != pipeline.ExitOK || !strings.Contains(next.stdout, "Plan: change the policy of 111122223333/demo; access broadens.") {
		t.Errorf("next step: exit %d, want 0 and the new plan\nstdout:\n%s\nstderr:\n%s", next.code, next.stdout, next.stderr)
	}
}

// TestApplyInFlightAfterConfirm: someone else starts a change while the
// user reads the plan; the put is refused, and the next step as printed
// waits for that change, plans against it and applies.
func TestApplyInFlightAfterConfirm(t *testing.T) {
	r := newRig(t, time.Hour)
	other := r.policy("other.json", "arn:aws:iam::111122223333:role/other")
	otherDoc, _ := os.ReadFile(other)
	stdin := &hookReader{r: strings.NewReader("demo\n"), before: func() {
		if _, err := emulatorClient(t, r.url).Put(context.Background(), acct, "demo", string(otherDoc), "someone-else"); err != nil {
			t.Error(err)
		}
	}}
	res := r.run(context.Background(), &Env{Interactive: true, Stdin: stdin}, "apply", "--account", acct, "--name", "demo", r.policy("p.json", "arn:aws:iam::111122223333:role/app"))
	if res.code != pipeline.ExitRefused || r.puts() != 1 || !strings.Contains(res.stderr, "another change to 111122223333/demo started while the plan was being confirmed") {
		t.Fatalf("exit %d with %d puts; want 4 and only the other put\nstderr:\n%s", res.code, r.puts(), res.stderr)
	}
	if !strings.Contains(res.stderr, "mrapguard: next: wait for it to settle, then plan against the result: mrapguard apply --wait-for-pending --endpoint-url ") {
		t.Errorf("stderr lacks the next step:\n%s", res.stderr)
	}
	// Every wait of the next step finds the hour of propagation over.
	sleep := func(ctx context.Context, d time.Duration) error {
		r.clock.Advance(time.Hour)
		return apply.SleepContext(ctx, d)
	}
	next := r.runNext(context.Background(), &Env{Interactive: true, Stdin: strings.NewReader("demo\n"), Sleep: sleep}, res.stderr)
	if next.code != pipeline.ExitOK || r.puts() != 2 || !strings.Contains(next.stdout, "Waited for a change in flight to settle") {
		t.Errorf("next step: exit %d with %d puts, want 0 and 2\nstdout:\n%s\nstderr:\n%s", next.code, r.puts(), next.stdout, next.stderr)
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

// TestForgedPlan: a plan whose checksum is right but whose token is not
// its transition's, or whose target is not valid, was not written by
// mrapguard plan. The first names the plan to make instead, and that
// next step runs as printed; the second has no target to name.
func TestForgedPlan(t *testing.T) {
	r := newRig(t, 0)
	policyFile := r.policy("p.json", "arn:aws:iam::111122223333:role/app")
	planFile := filepath.Join(r.dir, "p.plan")
	if res := r.run(context.Background(), nil, "plan", "--out", planFile, "--account", acct, "--name", "demo", policyFile); res.code != pipeline.ExitOK {
		t.Fatalf("plan: exit %d\n%s", res.code, res.stderr)
	}
	forge := func(edit func(*apply.Plan)) {
		t.Helper()
		data, err := os.ReadFile(planFile)
		if err != nil {
			t.Fatal(err)
		}
		p, err := apply.ReadPlan(strings.NewReader(string(data)), planFile)
		if err != nil {
			t.Fatal(err)
		}
		edit(p)
		f, err := os.Create(planFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := apply.WritePlan(f, p); err != nil {
			t.Fatal(err)
		}
	}

	forge(func(p *apply.Plan) { p.Token = strings.Repeat("0", 64) })
	res := r.run(context.Background(), nil, "apply", "--auto-approve", planFile)
	if res.code != pipeline.ExitRefused || !strings.Contains(res.stderr, "its token is not the one of its transition") {
		t.Fatalf("forged token: exit %d\n%s", res.code, res.stderr)
	}
	next := r.runNext(context.Background(), &Env{Stdin: strings.NewReader("")}, res.stderr)
	if next.code != pipeline.ExitOK || !strings.Contains(next.stdout, "Saved the plan to "+planFile) {
		t.Errorf("next step: exit %d\nstdout:\n%s\nstderr:\n%s", next.code, next.stdout, next.stderr)
	}

	forge(func(p *apply.Plan) { p.Target.Account = "1111" })
	res = r.run(context.Background(), nil, "apply", "--auto-approve", planFile)
	if res.code != pipeline.ExitRefused || !strings.Contains(res.stderr, "names no valid target") || strings.Contains(res.stderr, "next:") {
		t.Errorf("forged target: exit %d, want 4 and no next step\n%s", res.code, res.stderr)
	}
	if r.puts() != 0 {
		t.Errorf("%d puts, want none", r.puts())
	}
}
