package apply

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mrapguard/mrapguard/emulator"
)

// End-to-end tests: the real aws-sdk-go-v2 client, over HTTP on 127.0.0.1,
// against the emulator's behaviours that moto does not have (propagation,
// idempotency, validation, faults).

// seeded starts an emulator on a fake clock with one MRAP and returns the
// pieces a test needs.
func seeded(t *testing.T, opts emulator.Options, blockPublicPolicy bool) (backend, *fakeClock, *Client, string, string) {
	t.Helper()
	clock := newFakeClock()
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	b := startEmulator(t, opts)
	name := "demo"
	alias, err := b.emu.Seed(testAccount, name, blockPublicPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return b, clock, testClient(t, b.endpoint), name, alias
}

func TestPropagation(t *testing.T) {
	b, clock, c, name, alias := seeded(t, emulator.Options{Propagation: 10 * time.Second}, true)
	ctx := context.Background()
	doc := privatePolicy(alias)
	arn, err := c.Put(ctx, testAccount, name, doc, Token(testAccount, name, NoLivePolicy, mustHash(t, doc), 0))
	if err != nil {
		t.Fatal(err)
	}

	live, err := c.Fetch(ctx, testAccount, name)
	if err != nil {
		t.Fatal(err)
	}
	type view struct {
		HasPolicy, HasProposed bool
		Established, Proposed  string
	}
	if diff := cmp.Diff(view{HasProposed: true, Proposed: doc}, view{live.HasPolicy, live.HasProposed, live.Established, live.Proposed}); diff != "" {
		t.Errorf("during propagation (-want +got):\n%s", diff)
	}

	var seen []Progress
	wo := clock.waitOptions()
	wo.Progress = func(p Progress) { seen = append(seen, p) }
	op, err := c.Wait(ctx, arn, wo)
	if err != nil {
		t.Fatal(err)
	}
	if op.Status != StatusSucceeded {
		t.Fatalf("status %s", op.Status)
	}
	// 1s interval, jitter 0.5: polls at 0, 0.75s, 2.25s, 5.25s, 11.25s.
	want := []Progress{
		{TokenARN: arn, Status: "IN_PROGRESS", Elapsed: 0, Polls: 1, Regions: []RegionStatus{{"us-east-1", "IN_PROGRESS"}, {"eu-west-1", "IN_PROGRESS"}}},
		{TokenARN: arn, Status: "IN_PROGRESS", Elapsed: 750 * time.Millisecond, Polls: 2, Regions: []RegionStatus{{"us-east-1", "IN_PROGRESS"}, {"eu-west-1", "IN_PROGRESS"}}},
		{TokenARN: arn, Status: "IN_PROGRESS", Elapsed: 2250 * time.Millisecond, Polls: 3, Regions: []RegionStatus{{"us-east-1", "IN_PROGRESS"}, {"eu-west-1", "IN_PROGRESS"}}},
		{TokenARN: arn, Status: "IN_PROGRESS", Elapsed: 5250 * time.Millisecond, Polls: 4, Regions: []RegionStatus{{"us-east-1", "SUCCEEDED"}, {"eu-west-1", "IN_PROGRESS"}}},
		{TokenARN: arn, Status: "SUCCEEDED", Elapsed: 11250 * time.Millisecond, Polls: 5, Regions: []RegionStatus{{"us-east-1", "SUCCEEDED"}, {"eu-west-1", "SUCCEEDED"}}},
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}

	live, err = c.Fetch(ctx, testAccount, name)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(view{true, true, doc, doc}, view{live.HasPolicy, live.HasProposed, live.Established, live.Proposed}); diff != "" {
		t.Errorf("after propagation (-want +got):\n%s", diff)
	}
	if n := len(b.emu.Operations(testAccount)); n != 1 {
		t.Errorf("%d operations, want 1", n)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name   string
		faults emulator.Faults
		// wantErr checks the error of put + wait; nil means success.
		wantErr  func(error) bool
		wantOps  int
		wantLeft emulator.Faults
	}{
		{name: "throttling burst absorbed by retries", faults: emulator.Faults{Throttle: 3}, wantOps: 1},
		{name: "500s absorbed by retries", faults: emulator.Faults{InternalErrors: 3}, wantOps: 1},
		{name: "latency", faults: emulator.Faults{Latency: 20 * time.Millisecond}, wantOps: 1, wantLeft: emulator.Faults{Latency: 20 * time.Millisecond}},
		{
			name:   "throttling beyond the attempts",
			faults: emulator.Faults{Throttle: 10, Ops: []string{emulator.OpPutPolicy}},
			wantErr: func(err error) bool {
				var ce *CallError
				return errors.As(err, &ce) && ce.Code == "SlowDown" && ce.StatusCode == 503 && ce.Attempts == 4 && ce.Throttled()
			},
			wantLeft: emulator.Faults{Throttle: 6, Ops: []string{emulator.OpPutPolicy}},
		},
		{
			name:   "500s beyond the attempts",
			faults: emulator.Faults{InternalErrors: 4},
			wantErr: func(err error) bool {
				var ce *CallError
				return errors.As(err, &ce) && ce.Code == "InternalError" && ce.StatusCode == 500 && !ce.Throttled()
			},
		},
		{
			// The put is applied, its response lost; the SDK retries with
			// the same ClientToken and gets the same operation back.
			name: "connection reset after the put", faults: emulator.Faults{ResetAfterPut: 1}, wantOps: 1,
		},
		{
			name: "reset twice", faults: emulator.Faults{ResetAfterPut: 2}, wantOps: 1,
		},
		{
			name:   "failed operation",
			faults: emulator.Faults{FailPuts: 1},
			wantErr: func(err error) bool {
				var oe *OperationError
				return errors.As(err, &oe) && oe.Code == "InternalError" && oe.Operation.Status == StatusFailed && oe.TokenARN != ""
			},
			wantOps: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, clock, c, name, alias := seeded(t, emulator.Options{}, true)
			b.emu.SetFaults(tt.faults)
			doc := privatePolicy(alias)
			ctx := context.Background()
			arn, err := c.Put(ctx, testAccount, name, doc, Token(testAccount, name, NoLivePolicy, mustHash(t, doc), 0))
			if err == nil {
				_, err = c.Wait(ctx, arn, clock.waitOptions())
			}
			if tt.wantErr == nil && err != nil {
				t.Fatalf("put and wait: %v", err)
			}
			if tt.wantErr != nil && !tt.wantErr(err) {
				t.Fatalf("put and wait error = %#v (%v), not the expected one", err, err)
			}
			ops := b.emu.Operations(testAccount)
			if len(ops) != tt.wantOps {
				t.Errorf("%d operations, want %d: %+v", len(ops), tt.wantOps, ops)
			}
			if err == nil && ops[0].TokenARN != arn {
				t.Errorf("Put returned %s, the emulator's only operation is %s", arn, ops[0].TokenARN)
			}
			if diff := cmp.Diff(tt.wantLeft, b.emu.Faults()); diff != "" {
				t.Errorf("faults left (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidationRefusals(t *testing.T) {
	b, clock, c, name, alias := seeded(t, emulator.Options{}, true)
	ctx := context.Background()

	put := func(doc string) (string, error) {
		return c.Put(ctx, testAccount, name, doc, Token(testAccount, name, NoLivePolicy, doc, 0))
	}
	_, err := put(`{"Statement": [`)
	var ce *CallError
	if !errors.As(err, &ce) || ce.Code != "MalformedPolicy" || ce.StatusCode != 400 {
		t.Errorf("malformed JSON: error = %v, want MalformedPolicy", err)
	}
	_, err = put(policyFor(name, `"*"`)) // the name is not the alias
	if !errors.As(err, &ce) || ce.Code != "MalformedPolicy" || !strings.Contains(ce.Message, "resource") {
		t.Errorf("name in place of alias: error = %v, want MalformedPolicy about the resource", err)
	}

	// Public policy on an MRAP that blocks them: accepted, then FAILED.
	arn, err := put(policyFor(alias, `"*"`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Wait(ctx, arn, clock.waitOptions())
	var oe *OperationError
	if !errors.As(err, &oe) || oe.Code != "AccessDenied" || oe.Resource != "arn:aws:s3::"+testAccount+":accesspoint/"+alias {
		t.Errorf("public policy: error = %#v, want an OperationError AccessDenied on the MRAP", err)
	}
	live, err := c.Fetch(ctx, testAccount, name)
	if err != nil {
		t.Fatal(err)
	}
	if live.HasPolicy || live.HasProposed {
		t.Errorf("after refused put: %+v, want no policy", live)
	}
	if n := len(b.emu.Operations(testAccount)); n != 1 {
		t.Errorf("%d operations, want 1 (the failed one)", n)
	}
}

func TestIdempotency(t *testing.T) {
	b, _, c, name, alias := seeded(t, emulator.Options{}, true)
	ctx := context.Background()
	a := privatePolicy(alias)
	token := Token(testAccount, name, NoLivePolicy, mustHash(t, a), 0)
	arn1, err := c.Put(ctx, testAccount, name, a, token)
	if err != nil {
		t.Fatal(err)
	}
	arn2, err := c.Put(ctx, testAccount, name, a, token)
	if err != nil {
		t.Fatal(err)
	}
	if arn1 != arn2 {
		t.Errorf("same token and request: ARNs %s and %s, want the same", arn1, arn2)
	}
	other := policyFor(alias, `{"AWS":"arn:aws:iam::444455556666:root"}`)
	_, err = c.Put(ctx, testAccount, name, other, token)
	var ce *CallError
	if !errors.As(err, &ce) || ce.Code != "IdempotentParameterMismatch" {
		t.Errorf("same token, other policy: error = %v, want IdempotentParameterMismatch", err)
	}
	if n := len(b.emu.Operations(testAccount)); n != 1 {
		t.Errorf("%d operations, want 1", n)
	}
}

// TestTransitionTokens: A→B→A makes three distinct operations (no replay),
// and going back to an old transition (A→B again) is caught by
// verification, which puts again with a salted token.
func TestTransitionTokens(t *testing.T) {
	b, clock, c, name, alias := seeded(t, emulator.Options{Propagation: 5 * time.Second}, true)
	ctx := context.Background()
	docA := privatePolicy(alias)
	docB := policyFor(alias, `{"AWS":"arn:aws:iam::444455556666:root"}`)
	hA, hB := mustHash(t, docA), mustHash(t, docB)
	opts := VerifyOptions{Hash: testHash, Wait: clock.waitOptions()}

	steps := []struct {
		from, to   string
		doc        string
		wantPuts   int
		wantNewOps int
	}{
		{NoLivePolicy, hA, docA, 1, 1}, // first apply: none→A
		{hA, hB, docB, 1, 1},           // A→B (t1)
		{hB, hA, docA, 1, 1},           // B→A (t2): not a replay of none→A
		{hA, hB, docB, 2, 1},           // A→B again: t1 replays the old operation, salted re-put
	}
	var tokens []string
	for i, s := range steps {
		before := len(b.emu.Operations(testAccount))
		var arns []string
		o := opts
		o.OnPut = func(_ int, arn string) { arns = append(arns, arn) }
		res, err := c.PutAndVerify(ctx, Change{Account: testAccount, Name: name, Policy: s.doc, LiveHash: s.from, ProposedHash: s.to}, o)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if res.Puts != s.wantPuts || res.Live.Established != s.doc {
			t.Errorf("step %d: %d puts, Established %q; want %d puts of %q", i, res.Puts, res.Live.Established, s.wantPuts, s.doc)
		}
		if n := len(b.emu.Operations(testAccount)) - before; n != s.wantNewOps {
			t.Errorf("step %d: %d new operations, want %d", i, n, s.wantNewOps)
		}
		tokens = append(tokens, Token(testAccount, name, s.from, s.to, 0))
		if i == 3 && arns[0] != b.emu.Operations(testAccount)[1].TokenARN {
			t.Errorf("step 3: first put answered %s, want the replayed operation of step 1", arns[0])
		}
	}
	if tokens[1] != tokens[3] || tokens[0] == tokens[2] {
		t.Errorf("tokens %v: want step 1 == step 3 and step 0 != step 2", tokens)
	}
}

func TestPutAndVerifyStopsWhenSomeoneElseChangedIt(t *testing.T) {
	_, clock, c, name, alias := seeded(t, emulator.Options{}, true)
	ctx := context.Background()
	docA := privatePolicy(alias)
	docB := policyFor(alias, `{"AWS":"arn:aws:iam::444455556666:root"}`)
	docC := policyFor(alias, `{"AWS":"arn:aws:iam::777788889999:root"}`)
	opts := VerifyOptions{Hash: testHash, Wait: clock.waitOptions()}
	for _, ch := range []Change{
		{Account: testAccount, Name: name, Policy: docA, LiveHash: NoLivePolicy, ProposedHash: mustHash(t, docA)},
		{Account: testAccount, Name: name, Policy: docB, LiveHash: mustHash(t, docA), ProposedHash: mustHash(t, docB)},
		{Account: testAccount, Name: name, Policy: docC, LiveHash: mustHash(t, docB), ProposedHash: mustHash(t, docC)},
	} {
		if _, err := c.PutAndVerify(ctx, ch, opts); err != nil {
			t.Fatal(err)
		}
	}
	// A stale plan A→B while C is in force: the token of A→B is replayed,
	// nothing changes, and C is neither the start nor the goal.
	_, err := c.PutAndVerify(ctx, Change{Account: testAccount, Name: name, Policy: docB, LiveHash: mustHash(t, docA), ProposedHash: mustHash(t, docB)}, opts)
	var ve *VerifyError
	if !errors.As(err, &ve) || !ve.Moved || ve.EstablishedHash != mustHash(t, docC) {
		t.Fatalf("error = %#v, want a VerifyError with Moved", err)
	}
}

func TestCancel(t *testing.T) {
	t.Run("during wait", func(t *testing.T) {
		_, clock, c, name, alias := seeded(t, emulator.Options{Propagation: time.Hour}, true)
		doc := privatePolicy(alias)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		arn, err := c.Put(ctx, testAccount, name, doc, Token(testAccount, name, NoLivePolicy, mustHash(t, doc), 0))
		if err != nil {
			t.Fatal(err)
		}
		wo := clock.waitOptions()
		wo.Progress = func(p Progress) {
			if p.Polls == 3 {
				cancel()
			}
		}
		_, err = c.Wait(ctx, arn, wo)
		var we *WaitError
		if !errors.As(err, &we) || we.TokenARN != arn || we.LastStatus != "IN_PROGRESS" || !errors.Is(err, context.Canceled) {
			t.Errorf("error = %#v, want a WaitError with the ARN wrapping context.Canceled", err)
		}
	})
	t.Run("during a slow call", func(t *testing.T) {
		b, _, c, name, _ := seeded(t, emulator.Options{}, true)
		b.emu.SetFaults(emulator.Faults{Latency: time.Minute})
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			time.Sleep(20 * time.Millisecond)
			cancel()
		}()
		_, err := c.Fetch(ctx, testAccount, name)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
	})
	t.Run("call deadline", func(t *testing.T) {
		b, _, _, name, _ := seeded(t, emulator.Options{}, true)
		b.emu.SetFaults(emulator.Faults{Latency: time.Minute})
		c := testClient(t, b.endpoint, func(o *ClientOptions) { o.CallTimeout = 50 * time.Millisecond })
		_, err := c.Fetch(context.Background(), testAccount, name)
		var ce *CallError
		if !errors.As(err, &ce) || !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error = %v, want a CallError wrapping context.DeadlineExceeded", err)
		}
	})
}

func TestDebugLogHasNoSecrets(t *testing.T) {
	b, clock, _, name, alias := seeded(t, emulator.Options{}, true)
	b.emu.SetFaults(emulator.Faults{Throttle: 1, ResetAfterPut: 1})
	var log bytes.Buffer
	c := testClient(t, b.endpoint, func(o *ClientOptions) { o.Debug = &log })
	ctx := context.Background()
	doc := privatePolicy(alias)
	token := Token(testAccount, name, NoLivePolicy, mustHash(t, doc), 0)
	arn, err := c.Put(ctx, testAccount, name, doc, token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Wait(ctx, arn, clock.waitOptions()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Fetch(ctx, testAccount, name); err != nil {
		t.Fatal(err)
	}
	out := log.String()
	for _, secret := range []string{testAccessKey, testSecretKey, testSessionToken, token, "Signature=", "Credential=", "Authorization"} {
		if strings.Contains(out, secret) {
			t.Errorf("debug log contains %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{
		"s3control endpoint " + b.endpoint + " (no account-id host prefix), region us-west-2",
		"POST /v20180820/async-requests/mrap/put-policy -> 503",
		"POST /v20180820/async-requests/mrap/put-policy -> error",
		"POST /v20180820/async-requests/mrap/put-policy -> 200",
		"GET /v20180820/mrap/instances/demo/policystatus -> 200",
		"client token " + token[:8] + "… (64 chars)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "debug: ") {
			t.Errorf("line %q lacks the debug prefix", line)
		}
	}
}

// recordingDoer answers every request with a 404 and remembers its URL.
type recordingDoer struct{ hosts []string }

func (r *recordingDoer) Do(req *http.Request) (*http.Response, error) {
	r.hosts = append(r.hosts, req.URL.Host)
	return &http.Response{StatusCode: 404, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

func TestEndpointHostPrefix(t *testing.T) {
	tests := []struct {
		endpoint string
		wantHost string
	}{
		{"http://127.0.0.1:9000", "127.0.0.1:9000"},
		{"http://[::1]:9000", "[::1]:9000"},
		{"http://localhost:9000", "localhost:9000"},
		{"https://10.1.2.3", "10.1.2.3"},
		// DNS names keep the account prefix AWS expects.
		{"https://s3-control.example.test", testAccount + ".s3-control.example.test"},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			rec := &recordingDoer{}
			c := testClient(t, tt.endpoint, func(o *ClientOptions) { o.HTTPClient = rec; o.MaxAttempts = 1 })
			c.Fetch(context.Background(), testAccount, "demo")
			if diff := cmp.Diff([]string{tt.wantHost}, rec.hosts); diff != "" {
				t.Errorf("hosts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEndpointFromEnvironment(t *testing.T) {
	b, _, _, name, _ := seeded(t, emulator.Options{}, true)
	t.Setenv("AWS_ENDPOINT_URL_S3_CONTROL", b.endpoint)
	t.Setenv("AWS_REGION", "eu-central-1")
	var log bytes.Buffer
	c := testClient(t, "", func(o *ClientOptions) { o.Debug = &log })
	if _, err := c.Fetch(context.Background(), testAccount, name); err != nil {
		t.Fatal(err)
	}
	if want := "region us-west-2; configured region eu-central-1 is used for credentials only"; !strings.Contains(log.String(), want) {
		t.Errorf("debug log lacks %q:\n%s", want, log.String())
	}
}

// TestPutAndVerifyRetriesReplayedFailure: a transition whose put FAILED once
// (a transient failure) gets that old FAILED operation back for its token
// later; PutAndVerify recognises it by age and puts with a salted token.
func TestPutAndVerifyRetriesReplayedFailure(t *testing.T) {
	b, clock, c, name, alias := seeded(t, emulator.Options{Propagation: time.Second}, true)
	b.emu.SetFaults(emulator.Faults{FailPuts: 1})
	ctx := context.Background()
	doc := privatePolicy(alias)
	ch := Change{Account: testAccount, Name: name, Policy: doc, LiveHash: NoLivePolicy, ProposedHash: mustHash(t, doc)}
	opts := VerifyOptions{Hash: testHash, Wait: clock.waitOptions()}

	_, err := c.PutAndVerify(ctx, ch, opts)
	var oe *OperationError
	if !errors.As(err, &oe) || oe.Code != "InternalError" {
		t.Fatalf("first apply: error = %v, want the fresh OperationError", err)
	}
	clock.Advance(time.Hour)
	res, err := c.PutAndVerify(ctx, ch, opts)
	if err != nil {
		t.Fatalf("second apply: %v", err)
	}
	if res.Puts != 2 || res.Live.Established != doc {
		t.Errorf("second apply: %d puts, Established %q; want 2 puts of %q", res.Puts, res.Live.Established, doc)
	}
	ops := b.emu.Operations(testAccount)
	if len(ops) != 2 || ops[0].Status != "FAILED" || ops[1].Status != "SUCCEEDED" {
		t.Errorf("operations %+v, want one FAILED then one SUCCEEDED", ops)
	}
}

func TestProfile(t *testing.T) {
	b, _, _, name, _ := seeded(t, emulator.Options{}, true)
	dir := t.TempDir()
	cfgFile := dir + "/config"
	if err := os.WriteFile(cfgFile, []byte("[profile staging]\nregion = ap-south-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", dir+"/credentials")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")

	var log bytes.Buffer
	c := testClient(t, b.endpoint, func(o *ClientOptions) { o.Profile = "staging"; o.Debug = &log })
	if _, err := c.Fetch(context.Background(), testAccount, name); err != nil {
		t.Fatal(err)
	}
	if want := "configured region ap-south-1 is used for credentials only, MRAP control calls are served only in us-west-2"; !strings.Contains(log.String(), want) {
		t.Errorf("debug log lacks %q:\n%s", want, log.String())
	}
	if strings.Count(log.String(), "configured region") != 1 {
		t.Errorf("the region note should appear once:\n%s", log.String())
	}

	_, err := NewClient(context.Background(), ClientOptions{Profile: "nope", EndpointURL: b.endpoint})
	if err == nil || !strings.Contains(err.Error(), `AWS profile "nope" (--profile) is not in the shared config or credentials file`) {
		t.Errorf("unknown profile: error = %v", err)
	}
}

// TestPutAndVerifyRerunsAfterRepeatedFailures: every rerun of a transition
// meets the failures of the runs before it first; replays do not use up the
// puts of a run, so a transition that failed many times can still be
// applied.
func TestPutAndVerifyRerunsAfterRepeatedFailures(t *testing.T) {
	b, clock, c, name, alias := seeded(t, emulator.Options{Propagation: time.Second}, true)
	b.emu.SetFaults(emulator.Faults{FailPuts: 4})
	ctx := context.Background()
	doc := privatePolicy(alias)
	ch := Change{Account: testAccount, Name: name, Policy: doc, LiveHash: NoLivePolicy, ProposedHash: mustHash(t, doc)}
	opts := VerifyOptions{Hash: testHash, Wait: clock.waitOptions(), MaxPuts: 1}
	for run := 1; run <= 4; run++ {
		_, err := c.PutAndVerify(ctx, ch, opts)
		var oe *OperationError
		if !errors.As(err, &oe) || oe.Code != "InternalError" {
			t.Fatalf("run %d: error = %v, want a fresh OperationError", run, err)
		}
		if n := len(b.emu.Operations(testAccount)); n != run {
			t.Fatalf("run %d: %d operations, want %d (one new per run)", run, n, run)
		}
		clock.Advance(time.Hour)
	}
	res, err := c.PutAndVerify(ctx, ch, opts)
	if err != nil {
		t.Fatalf("run 5: %v", err)
	}
	if res.Puts != 5 || res.Live.Established != doc {
		t.Errorf("run 5: %d tokens, Established %q; want the 5th token to apply %q", res.Puts, res.Live.Established, doc)
	}
}

func TestReplayed(t *testing.T) {
	put := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name                     string
		created, serverAt, putAt time.Time
		rtt                      time.Duration
		want                     bool
	}{
		{"no creation time", time.Time{}, put, put, 0, false},
		{"fresh on the server's clock", put.Add(-time.Second), put, put.Add(time.Hour), 0, false},
		{"old on the server's clock", put.Add(-6 * time.Second), put, put.Add(-time.Hour), 0, true},
		// Issue 10 item 10: a rerun 2 s after a failure was taken for a
		// new failure, reported again and again by a retry loop.
		{"2 s old, quick answer", put.Add(-2 * time.Second), put, put, 100 * time.Millisecond, true},
		{"2 s old, answer took 3 s", put.Add(-2 * time.Second), put, put, 3 * time.Second, false},
		{"no Date header: local clock, generous", put.Add(-9 * time.Minute), time.Time{}, put, 0, false},
		{"no Date header: very old", put.Add(-11 * time.Minute), time.Time{}, put, 0, true},
	}
	for _, tt := range tests {
		if got := replayed(tt.created, tt.serverAt, tt.putAt, tt.rtt); got != tt.want {
			t.Errorf("%s: replayed = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestManyCycles: flipping between two policies for a long time reuses
// the same transitions' tokens again and again; replays from earlier runs
// do not use up the puts of a run, so every flip is still applied.
func TestManyCycles(t *testing.T) {
	b, clock, c, name, alias := seeded(t, emulator.Options{Propagation: time.Second}, true)
	ctx := context.Background()
	docs := []string{privatePolicy(alias), policyFor(alias, `{"AWS":"arn:aws:iam::444455556666:root"}`)}
	hashes := []string{mustHash(t, docs[0]), mustHash(t, docs[1])}
	opts := VerifyOptions{Hash: testHash, Wait: clock.waitOptions()}
	live := NoLivePolicy
	for i := range 10 {
		to := i % 2
		res, err := c.PutAndVerify(ctx, Change{Account: testAccount, Name: name, Policy: docs[to], LiveHash: live, ProposedHash: hashes[to]}, opts)
		if err != nil {
			t.Fatalf("flip %d: %v", i, err)
		}
		// Flips 0-2 are new transitions (none→A, A→B, B→A); flip i ≥ 3
		// repeats one made (i-1)/2 times before, and each earlier run left
		// one more used token to replay.
		want := 1
		if i >= 3 {
			want = (i-1)/2 + 1
		}
		if res.Puts != want || res.Live.Established != docs[to] {
			t.Errorf("flip %d: %d puts, Established %q; want %d puts of %q", i, res.Puts, res.Live.Established, want, docs[to])
		}
		live = hashes[to]
		clock.Advance(time.Hour)
	}
	if n := len(b.emu.Operations(testAccount)); n != 10 {
		t.Errorf("%d operations, want 10 (one new per flip)", n)
	}
}

// TestPutAndVerifyRerunSoonAfterFailure is issue 10 item 10: a rerun two
// seconds after a FAILED operation met that operation again (AWS replays a
// used token) and reported its failure as new, so a retry loop never got
// past it. It is now told apart by the put's round trip, and the rerun
// applies the policy with a salted token; the replay is not counted as a
// put.
func TestPutAndVerifyRerunSoonAfterFailure(t *testing.T) {
	b, clock, c, name, alias := seeded(t, emulator.Options{}, true)
	b.emu.SetFaults(emulator.Faults{FailPuts: 1})
	ctx := context.Background()
	doc := privatePolicy(alias)
	ch := Change{Account: testAccount, Name: name, Policy: doc, LiveHash: NoLivePolicy, ProposedHash: mustHash(t, doc)}
	opts := VerifyOptions{Hash: testHash, Wait: clock.waitOptions()}
	var oe *OperationError
	if _, err := c.PutAndVerify(ctx, ch, opts); !errors.As(err, &oe) {
		t.Fatalf("first run: error = %v, want the OperationError", err)
	}
	clock.Advance(2 * time.Second)
	res, err := c.PutAndVerify(ctx, ch, opts)
	if err != nil {
		t.Fatalf("rerun 2 s later: %v", err)
	}
	if res.Puts != 2 || res.Replays != 1 || res.Live.Established != doc {
		t.Errorf("rerun: %d tokens, %d replays, Established %q; want 2 tokens, 1 replay, %q", res.Puts, res.Replays, res.Live.Established, doc)
	}
	if n := len(b.emu.Operations(testAccount)); n != 2 {
		t.Errorf("%d operations, want 2 (the failure and the rerun's)", n)
	}
}
