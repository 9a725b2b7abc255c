package apply

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/mrapguard/mrapguard/emulator"
	"github.com/mrapguard/mrapguard/internal/motoserver"
)

const testAccount = "111122223333"

// Secrets the debug log must never show.
const (
	testAccessKey    = "AKIDEXAMPLETESTKEY01"
	testSecretKey    = "wJalrXUtnFEMI-SECRET-DO-NOT-LOG"
	testSessionToken = "FwoGZXIvYXdzSESSION-TOKEN-DO-NOT-LOG"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopMoto()
	os.Exit(code)
}

// backend is an S3 Control server the client tests run against.
type backend struct {
	name     string
	endpoint string
	emu      *emulator.Server // nil for moto
}

// fakeClock is shared by the emulator (Now) and Wait (Now, Sleep): sleeping
// advances time, so propagation takes no wall time.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

func (c *fakeClock) waitOptions() WaitOptions {
	return WaitOptions{Now: c.Now, Sleep: c.Sleep, MinInterval: time.Second, MaxInterval: 8 * time.Second, Rand: func() float64 { return 0.5 }}
}

func startEmulator(t *testing.T, opts emulator.Options) backend {
	t.Helper()
	srv, err := emulator.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return backend{name: "emulator", endpoint: hs.URL, emu: srv}
}

func testClient(t *testing.T, endpoint string, mod ...func(*ClientOptions)) *Client {
	t.Helper()
	opts := ClientOptions{
		EndpointURL: endpoint,
		Credentials: credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, testSessionToken),
		MaxAttempts: 4,
		MaxBackoff:  5 * time.Millisecond,
		CallTimeout: 20 * time.Second,
	}
	for _, m := range mod {
		m(&opts)
	}
	c, err := NewClient(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var nameSeq atomic.Int64

// uniqueName gives every test its own MRAP, as moto is shared by the package.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s-%d-%d", prefix, os.Getpid()%100000, nameSeq.Add(1))
}

// create makes an MRAP over the wire (CreateMultiRegionAccessPoint), as a
// user of moto or the emulator would, and returns its alias.
func create(t *testing.T, c *Client, name string, blockPublicPolicy bool) string {
	t.Helper()
	ctx := context.Background()
	_, err := c.raw.CreateMultiRegionAccessPoint(ctx, &s3control.CreateMultiRegionAccessPointInput{
		AccountId: aws.String(testAccount),
		Details: &types.CreateMultiRegionAccessPointInput{
			Name: aws.String(name),
			PublicAccessBlock: &types.PublicAccessBlockConfiguration{
				BlockPublicAcls: aws.Bool(true), IgnorePublicAcls: aws.Bool(true),
				BlockPublicPolicy: aws.Bool(blockPublicPolicy), RestrictPublicBuckets: aws.Bool(true),
			},
			Regions: []types.Region{{Bucket: aws.String(name + "-us-east-1")}, {Bucket: aws.String(name + "-eu-west-1")}},
		},
	})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	live, err := c.Fetch(ctx, testAccount, name)
	if err != nil {
		t.Fatalf("fetch new %s: %v", name, err)
	}
	return live.Alias
}

// policyFor returns a valid policy for the MRAP granting GetObject to the
// given principal.
func policyFor(alias, principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":` + principal +
		`,"Action":"s3:GetObject","Resource":"arn:aws:s3::` + testAccount + `:accesspoint/` + alias + `/object/*"}]}`
}

func privatePolicy(alias string) string {
	return policyFor(alias, `{"AWS":"arn:aws:iam::`+testAccount+`:root"}`)
}

// testHash stands in for policy.Document.Hash: SHA-256 of compact JSON.
func testHash(doc string) (string, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(doc)); err != nil {
		return "", err
	}
	sum := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(sum[:]), nil
}

func mustHash(t *testing.T, doc string) string {
	t.Helper()
	h, err := testHash(doc)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// moto_server, started once per package on a free loopback port.
var moto struct {
	once sync.Once
	srv  *motoserver.Server
	err  error
}

// startMoto returns a moto_server backend, skipping the test when
// moto_server is not installed, unless MRAPGUARD_REQUIRE_MOTO is set (CI).
func startMoto(t *testing.T) backend {
	t.Helper()
	moto.once.Do(func() { moto.srv, moto.err = motoserver.Start(context.Background(), 60*time.Second) })
	switch {
	case errors.Is(moto.err, motoserver.ErrNotInstalled) && !motoserver.Required(os.Getenv):
		t.Skip(motoserver.SkipMessage())
	case moto.err != nil:
		t.Fatalf("start moto_server: %v", moto.err)
	}
	return backend{name: "moto", endpoint: moto.srv.URL}
}

func stopMoto() { moto.srv.Stop() }

// backends returns the servers every interop test runs against.
func backends(t *testing.T) map[string]func(t *testing.T) backend {
	return map[string]func(t *testing.T) backend{
		"emulator": func(t *testing.T) backend { return startEmulator(t, emulator.Options{}) },
		"moto":     startMoto,
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
