package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/s3control/types"
	smithyendpoints "github.com/aws/smithy-go/endpoints"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/emulator"
	"github.com/mrapguard/mrapguard/internal/motoserver"
)

// Script commands for the end-to-end suite. The emulator runs inside the
// test process (one per script, on 127.0.0.1:0) and the real mrapguard
// binary reaches it over HTTP through AWS_ENDPOINT_URL_S3_CONTROL, so
// scripts drive exactly what users run while the test can inject faults
// and inspect what the server did.

// scriptKey finds a script's state in testscript's Env.Values.
type scriptKey struct{}

type scriptState struct {
	mu   sync.Mutex
	emu  *emulator.Server
	url  string
	seen []emulator.Request
	mark int // len(seen) at the last "emulator mark"
	// clock is the emulator's; "emulator advance" moves it ahead so a
	// script can end a long propagation when it chooses.
	clock emulator.Clock
}

func (s *scriptState) observe(r emulator.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen = append(s.seen, r)
}

func (s *scriptState) requests() []emulator.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]emulator.Request(nil), s.seen...)
}

func state(ts *testscript.TestScript) *scriptState {
	return ts.Value(scriptKey{}).(*scriptState)
}

// scriptClient is an S3 Control client for the script's server, for the
// commands that act as "someone else" (another change in flight).
func scriptClient(ts *testscript.TestScript, endpoint string) *apply.Client {
	c, err := apply.NewClient(context.Background(), apply.ClientOptions{
		EndpointURL: endpoint,
		Credentials: credentials.NewStaticCredentialsProvider("x", "x", ""),
		MaxAttempts: 2, MaxBackoff: 10 * time.Millisecond, CallTimeout: 20 * time.Second,
	})
	ts.Check(err)
	return c
}

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// cmdEmulator: emulator start|fault|ops|put-policy|await|mark|advance|established.
//
//	emulator start [-propagation D] [-create ACCOUNT/NAME[:public]]...
//	emulator fault [-throttle N] [-internal-errors N] [-reset-after-put N] [-fail-puts N] [-fault-op OP]...
//	emulator ops ACCOUNT N              exactly N put operations so far
//	emulator put-policy ACCOUNT NAME FILE   another change, with a random token; sets $TOKEN_ARN
//	emulator await ACCOUNT in-progress|polled|settled
//	emulator mark; emulator await ACCOUNT requests OP N   N requests of OP since the mark
//	emulator advance DURATION           move the emulator's clock ahead
//	emulator established ACCOUNT NAME FILE  the policy in force is FILE's text
func cmdEmulator(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: emulator start|fault|ops|put-policy|await|established ...")
	}
	st := state(ts)
	if args[0] != "start" && st.emu == nil {
		ts.Fatalf("emulator %s: no emulator (run emulator start first)", args[0])
	}
	if neg && args[0] != "ops" && args[0] != "established" {
		ts.Fatalf("emulator %s does not support !", args[0])
	}
	switch args[0] {
	case "start":
		fs := flag.NewFlagSet("emulator start", flag.ContinueOnError)
		prop := fs.Duration("propagation", 200*time.Millisecond, "")
		var create stringList
		fs.Var(&create, "create", "")
		ts.Check(fs.Parse(args[1:]))
		srv, err := emulator.New(emulator.Options{Propagation: *prop, Observe: st.observe, Now: st.clock.Now})
		ts.Check(err)
		for _, spec := range create {
			s, public := strings.CutSuffix(spec, ":public")
			account, name, _ := strings.Cut(s, "/")
			_, err := srv.Seed(account, name, !public)
			ts.Check(err)
		}
		hs := httptest.NewServer(srv)
		ts.Defer(hs.Close)
		st.emu, st.url = srv, hs.URL
		ts.Setenv("AWS_ENDPOINT_URL_S3_CONTROL", hs.URL)
		ts.Setenv("EMULATOR_URL", hs.URL)
		ts.Setenv("AWS_ACCESS_KEY_ID", "x")
		ts.Setenv("AWS_SECRET_ACCESS_KEY", "x")
	case "fault":
		fs := flag.NewFlagSet("emulator fault", flag.ContinueOnError)
		var f emulator.Faults
		fs.IntVar(&f.Throttle, "throttle", 0, "")
		fs.IntVar(&f.InternalErrors, "internal-errors", 0, "")
		fs.IntVar(&f.ResetAfterPut, "reset-after-put", 0, "")
		fs.IntVar(&f.FailPuts, "fail-puts", 0, "")
		var ops stringList
		fs.Var(&ops, "fault-op", "")
		ts.Check(fs.Parse(args[1:]))
		f.Ops = ops
		st.emu.SetFaults(f)
	case "ops":
		if len(args) != 3 {
			ts.Fatalf("usage: emulator ops ACCOUNT N")
		}
		want, err := strconv.Atoi(args[2])
		ts.Check(err)
		got := len(putOps(st.emu, args[1]))
		if (got == want) == neg {
			ts.Fatalf("emulator ops %s: %d put operations, want %s%d", args[1], got, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	case "put-policy":
		if len(args) != 4 {
			ts.Fatalf("usage: emulator put-policy ACCOUNT NAME FILE")
		}
		doc := ts.ReadFile(args[3])
		tok := make([]byte, 16)
		rand.Read(tok)
		arn, err := scriptClient(ts, st.url).Put(context.Background(), args[1], args[2], doc, hex.EncodeToString(tok))
		ts.Check(err)
		ts.Logf("put-policy: operation %s", arn)
		ts.Setenv("TOKEN_ARN", arn)
	case "await":
		if len(args) != 3 && !(len(args) == 5 && args[2] == "requests") {
			ts.Fatalf("usage: emulator await ACCOUNT in-progress|polled|settled | emulator await ACCOUNT requests OP N")
		}
		awaitEmulator(ts, st, args[1], args[2:])
	case "advance":
		if len(args) != 2 {
			ts.Fatalf("usage: emulator advance DURATION")
		}
		d, err := time.ParseDuration(args[1])
		ts.Check(err)
		st.clock.Advance(d)
	case "mark":
		st.mu.Lock()
		st.mark = len(st.seen)
		st.mu.Unlock()
	case "established":
		if len(args) != 4 {
			ts.Fatalf("usage: emulator established ACCOUNT NAME FILE")
		}
		live, err := scriptClient(ts, st.url).Fetch(context.Background(), args[1], args[2])
		ts.Check(err)
		want := ts.ReadFile(args[3])
		if (live.HasPolicy && live.Established == want) == neg {
			ts.Fatalf("emulator established: policy in force %q (has policy %v), want %s%q", live.Established, live.HasPolicy, map[bool]string{true: "not ", false: ""}[neg], want)
		}
	default:
		ts.Fatalf("emulator: unknown subcommand %q", args[0])
	}
}

func putOps(srv *emulator.Server, account string) []emulator.OperationInfo {
	var out []emulator.OperationInfo
	for _, op := range srv.Operations(account) {
		if op.Kind == emulator.OpPutPolicy {
			out = append(out, op)
		}
	}
	return out
}

// awaitEmulator blocks until the server reaches a state: the last put is
// in progress, a client has polled it (so it holds the token ARN), every
// operation has settled, or N requests of an operation were answered since
// the last mark. It fails the script after 30 seconds.
func awaitEmulator(ts *testscript.TestScript, st *scriptState, account string, args []string) {
	what := args[0]
	cond := map[string]func() bool{
		"requests": func() bool {
			if len(args) != 3 {
				return false
			}
			n, _ := strconv.Atoi(args[2])
			st.mu.Lock()
			since := st.seen[st.mark:]
			st.mu.Unlock()
			got := 0
			for _, r := range since {
				if r.Op == args[1] && r.Account == account {
					got++
				}
			}
			return got >= n
		},
		"in-progress": func() bool {
			ops := putOps(st.emu, account)
			return len(ops) > 0 && ops[len(ops)-1].Status == emulator.StatusInProgress
		},
		"polled": func() bool {
			ops := putOps(st.emu, account)
			if len(ops) == 0 || ops[len(ops)-1].Status != emulator.StatusInProgress {
				return false
			}
			for _, r := range st.requests() {
				if r.Op == emulator.OpDescribe && r.Arg == ops[len(ops)-1].TokenARN && r.Status == 200 {
					return true
				}
			}
			return false
		},
		"settled": func() bool {
			for _, op := range st.emu.Operations(account) {
				if op.Status == emulator.StatusInProgress {
					return false
				}
			}
			return true
		},
	}[what]
	if cond == nil {
		ts.Fatalf("emulator await: want in-progress, polled, settled or requests, not %q", what)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			ts.Fatalf("emulator await %s %s: not reached within 30s", account, strings.Join(args, " "))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// resumeRe finds the resume command apply and wait print.
var resumeRe = regexp.MustCompile(`(?m)^mrapguard (wait \S+ --account [0-9]{12}.*)$`)

// cmdResume runs the resume command printed on the last stderr (or in
// FILE), with ARGS appended, and checks its exit code:
// resume CODE [-from FILE] [ARGS...].
func cmdResume(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: resume CODE [-from FILE] [ARGS...]")
	}
	code, from, extra := args[0], "stderr", args[1:]
	if len(extra) >= 2 && extra[0] == "-from" {
		from, extra = extra[1], extra[2:]
	}
	m := resumeRe.FindStringSubmatch(ts.ReadFile(from))
	if m == nil {
		ts.Fatalf("resume: no \"mrapguard wait ARN --account ID\" line in %s", from)
	}
	cmdExits(ts, false, append(append([]string{code, "mrapguard"}, strings.Fields(m[1])...), extra...))
}

// nextRe finds a next step the tool printed: a refusal's "next:" line
// (stderr), the "Apply it with:" of a saved plan (stdout), or a command on
// a line of its own (how to resume or finish an apply). The command is the
// rest of the line from "mrapguard ".
var nextRe = regexp.MustCompile(`(?m)(?:(?:next|Apply it with): (.*)|^(mrapguard [a-z].*))$`)

// cmdNext runs the last next step printed on stderr (or in FILE), exactly
// as printed, and checks its exit code: next CODE [-from FILE]. A next
// step without a command fails the script: every one must end with a
// command the tool accepts.
func cmdNext(ts *testscript.TestScript, neg bool, args []string) {
	if neg || (len(args) != 1 && !(len(args) == 3 && args[1] == "-from")) {
		ts.Fatalf("usage: next CODE [-from FILE]")
	}
	from := "stderr"
	if len(args) == 3 {
		from = args[2]
	}
	all := nextRe.FindAllStringSubmatch(ts.ReadFile(from), -1)
	if all == nil {
		ts.Fatalf("next: no next step in %s", from)
	}
	words, err := nextStepCommand(all[len(all)-1][1] + all[len(all)-1][2])
	if err != nil {
		ts.Fatalf("next: %v", err)
	}
	ts.Logf("next: running %q", words)
	cmdExits(ts, false, append([]string{args[0]}, words...))
}

// nextStepCommand splits the command at the end of a next step into its
// words, as a POSIX shell would (the tool quotes with single quotes).
func nextStepCommand(step string) ([]string, error) {
	i := strings.Index(step, "mrapguard ")
	if i < 0 {
		return nil, fmt.Errorf("next step %q has no mrapguard command", step)
	}
	return shellSplit(step[i:])
}

func shellSplit(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			if inWord {
				words, inWord = append(words, w.String()), false
				w.Reset()
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, fmt.Errorf("unterminated quote in %q", s)
			}
			w.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '\\' && i+1 < len(s):
			w.WriteByte(s[i+1])
			i++
			inWord = true
		case strings.IndexByte("\"$`;&|<>(){}*?[]~#", c) >= 0:
			return nil, fmt.Errorf("%q has shell syntax the tool never prints (%q)", s, c)
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}

// scriptCondition adds [moto]: moto_server is on PATH, or it is required
// (MRAPGUARD_REQUIRE_MOTO, set by CI), in which case a missing one fails.
func scriptCondition(cond string) (bool, error) {
	switch cond {
	case "moto":
		_, err := exec.LookPath("moto_server")
		return err == nil || motoserver.Required(os.Getenv), nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// cmdMoto: moto start (a moto_server for this script, killed at its end)
// and moto create ACCOUNT NAME (an MRAP through the real SDK, setting
// $ALIAS to moto's alias for it).
func cmdMoto(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: moto start | moto create ACCOUNT NAME")
	}
	switch args[0] {
	case "start":
		srv, err := motoserver.Start(context.Background(), 60*time.Second)
		if errors.Is(err, motoserver.ErrNotInstalled) {
			ts.Fatalf("%v (%s is set)", err, motoserver.RequireEnv)
		}
		ts.Check(err)
		ts.Defer(srv.Stop)
		ts.Setenv("AWS_ENDPOINT_URL_S3_CONTROL", srv.URL)
		ts.Setenv("AWS_ACCESS_KEY_ID", "x")
		ts.Setenv("AWS_SECRET_ACCESS_KEY", "x")
	case "create":
		if len(args) != 3 {
			ts.Fatalf("usage: moto create ACCOUNT NAME")
		}
		account, name := args[1], args[2]
		cfg := s3control.Options{
			Region:       apply.Region,
			BaseEndpoint: aws.String(ts.Getenv("AWS_ENDPOINT_URL_S3_CONTROL")),
			Credentials:  credentials.NewStaticCredentialsProvider("x", "x", ""),
		}
		raw := s3control.New(cfg, func(o *s3control.Options) {
			o.EndpointResolverV2 = unprefixed{s3control.NewDefaultEndpointResolverV2()}
		})
		_, err := raw.CreateMultiRegionAccessPoint(context.Background(), &s3control.CreateMultiRegionAccessPointInput{
			AccountId: aws.String(account),
			Details: &types.CreateMultiRegionAccessPointInput{
				Name:    aws.String(name),
				Regions: []types.Region{{Bucket: aws.String(name + "-us-east-1")}, {Bucket: aws.String(name + "-eu-west-1")}},
			},
		})
		ts.Check(err)
		live, err := scriptClient(ts, ts.Getenv("AWS_ENDPOINT_URL_S3_CONTROL")).Fetch(context.Background(), account, name)
		ts.Check(err)
		ts.Setenv("ALIAS", live.Alias)
	default:
		ts.Fatalf("moto: unknown subcommand %q", args[0])
	}
}

// cmdExpand writes IN to OUT with $VARIABLES replaced from the script's
// environment (for policies that must name a server-generated alias).
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: expand IN OUT")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(os.Expand(ts.ReadFile(args[0]), ts.Getenv)), 0o644))
}

// cmdFakeIMDS serves an EC2 instance-metadata service that refuses every
// request (403), as a laptop's or CI runner's network path does, and points
// the SDK at it: fake-imds.
func cmdFakeIMDS(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: fake-imds")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	ts.Defer(srv.Close)
	ts.Setenv("AWS_EC2_METADATA_DISABLED", "")
	ts.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", srv.URL)
}

// cmdUnusedPort sets VAR to a loopback port nothing listens on (it was
// free a moment ago): unused-port VAR.
func cmdUnusedPort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: unused-port VAR")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := l.Addr().(*net.TCPAddr).Port
	ts.Check(l.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// cmdBigPolicy writes a valid policy of N statements that all share their
// actions (about 190 bytes each): bigpolicy N OUT [VARIANT]. A different
// VARIANT gives other principals and resources.
func cmdBigPolicy(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: bigpolicy N OUT [VARIANT]")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	variant := 0
	if len(args) == 3 {
		variant, err = strconv.Atoi(args[2])
		ts.Check(err)
	}
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%012d:root"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3::111122223333:accesspoint/m.mrap/object/%d-%d/*"}`,
			100000000000+i*7+variant, i, variant)
	}
	b.WriteString("]}\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(b.String()), 0o644))
}

// unprefixed keeps the account id off the loopback host (see apply's
// client for why).
type unprefixed struct{ next s3control.EndpointResolverV2 }

func (r unprefixed) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	p.RequiresAccountId = aws.Bool(false)
	return r.next.ResolveEndpoint(ctx, p)
}
