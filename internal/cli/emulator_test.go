package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/pipeline"
)

// syncBuffer is a goroutine-safe buffer that also hands out the first line.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	first chan string
	sent  bool
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{first: make(chan string, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.b.Write(p)
	if line, _, ok := strings.Cut(s.b.String(), "\n"); ok && !s.sent {
		s.sent = true
		s.first <- line
	}
	return n, err
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type emulatorRun struct {
	url    string
	stderr *syncBuffer
	stop   func() int
}

// startEmulatorCommand runs `mrapguard emulator ARGS` in-process and returns
// the URL it printed.
func startEmulatorCommand(t *testing.T, args ...string) emulatorRun {
	t.Helper()
	stdout, stderr := newSyncBuffer(), newSyncBuffer()
	e := &Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(string) string { return "" }, Now: time.Now, Sleep: apply.SleepContext}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"mrapguard", "emulator"}, args...), e) }()
	var line string
	select {
	case line = <-stdout.first:
	case code := <-done:
		cancel()
		t.Fatalf("emulator exited with %d before listening: %s", code, stderr.String())
	}
	const prefix = "mrapguard emulator listening on "
	if !strings.HasPrefix(line, prefix+"http://127.0.0.1:") {
		cancel()
		t.Fatalf("first line %q", line)
	}
	stopped := false
	var code int
	stop := func() int {
		if !stopped {
			stopped = true
			cancel()
			code = <-done
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return emulatorRun{url: strings.TrimPrefix(line, prefix), stderr: stderr, stop: stop}
}

func emulatorClient(t *testing.T, url string) *apply.Client {
	t.Helper()
	c, err := apply.NewClient(context.Background(), apply.ClientOptions{
		EndpointURL: url,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		MaxBackoff:  time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const acct = "111122223333"

func privateDoc(alias string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + acct +
		`"},"Action":"s3:GetObject","Resource":"arn:aws:s3::` + acct + `:accesspoint/` + alias + `/object/*"}]}`
}

func TestEmulatorCommand(t *testing.T) {
	r := startEmulatorCommand(t, "--addr", "127.0.0.1:0", "--propagation", "20ms",
		"--create", acct+"/demo", "--create", acct+"/open:public", "--throttle", "1")
	c := emulatorClient(t, r.url)
	ctx := context.Background()

	live, err := c.Fetch(ctx, acct, "demo")
	if err != nil {
		t.Fatal(err)
	}
	open, err := c.Fetch(ctx, acct, "open")
	if err != nil {
		t.Fatal(err)
	}
	if !live.PublicAccessBlock.BlockPublicPolicy || open.PublicAccessBlock.BlockPublicPolicy {
		t.Errorf("BlockPublicPolicy: demo %v, open %v; want true, false", live.PublicAccessBlock.BlockPublicPolicy, open.PublicAccessBlock.BlockPublicPolicy)
	}
	doc := privateDoc(live.Alias)
	arn, err := c.Put(ctx, acct, "demo", doc, apply.Token(acct, "demo", apply.NoLivePolicy, "h1", 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Wait(ctx, arn, apply.WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	live, err = c.Fetch(ctx, acct, "demo")
	if err != nil || live.Established != doc {
		t.Fatalf("after put: %+v, %v", live, err)
	}
	if code := r.stop(); code != pipeline.ExitOK {
		t.Errorf("exit code after Ctrl-C = %d, want 0", code)
	}
	log := r.stderr.String()
	for _, want := range []string{
		"emulator: MRAP " + acct + "/demo, alias " + live.Alias + ", BlockPublicPolicy on",
		"emulator: MRAP " + acct + "/open, alias ",
		"503 GetMultiRegionAccessPoint account=111122223333",
		"POST /v20180820/async-requests/mrap/put-policy 200 PutMultiRegionAccessPointPolicy",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
}

func TestEmulatorCommandState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "emulator.json")
	ctx := context.Background()
	r := startEmulatorCommand(t, "--state", state, "--propagation", "0s", "--create", acct+"/demo", "--quiet")
	c := emulatorClient(t, r.url)
	live, err := c.Fetch(ctx, acct, "demo")
	if err != nil {
		t.Fatal(err)
	}
	doc := privateDoc(live.Alias)
	if _, err := c.Put(ctx, acct, "demo", doc, apply.Token(acct, "demo", apply.NoLivePolicy, "h1", 0)); err != nil {
		t.Fatal(err)
	}
	if code := r.stop(); code != pipeline.ExitOK {
		t.Fatalf("exit code %d", code)
	}

	r = startEmulatorCommand(t, "--state", state, "--create", acct+"/demo", "--quiet")
	live, err = emulatorClient(t, r.url).Fetch(ctx, acct, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if live.Established != doc {
		t.Errorf("after restart Established = %q, want %q", live.Established, doc)
	}
}

func TestEmulatorCommandRefusals(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:0"}, "is not a loopback address"},
		{[]string{"--addr", ":0"}, "is not a loopback address"},
		{[]string{"--addr", "192.0.2.1:80"}, "pass --allow-remote"},
		{[]string{"--addr", "nonsense"}, "--addr \"nonsense\""},
		{[]string{"--create", "demo"}, "want ACCOUNT/NAME"},
		{[]string{"--create", "123/demo"}, "account id must be 12 digits"},
		{[]string{"--create", acct + "/Bad_Name"}, "invalid multi-region access point name"},
		{[]string{"--fault-op", "DeleteBucket"}, "valid operations are CreateMultiRegionAccessPoint"},
		{[]string{"--throttle", "-1"}, "must not be negative"},
		{[]string{"--propagation", "-1s"}, "must not be negative"},
		{[]string{"extra"}, "unexpected argument \"extra\""},
		{[]string{"--state", filepath.Join(t.TempDir())}, "read state"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			e := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, Now: time.Now, Sleep: apply.SleepContext}
			code := Run(context.Background(), append([]string{"mrapguard", "emulator", "--quiet"}, tt.args...), e)
			if code != pipeline.ExitUsage || !strings.Contains(stderr.String(), tt.want) || stdout.Len() != 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 64 and %q", code, stdout.String(), stderr.String(), tt.want)
			}
		})
	}
}
