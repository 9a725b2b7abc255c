package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/config"
	"github.com/mrapguard/mrapguard/emulator"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/pipeline"
)

// These tests drive the pipeline as a Go program would, without the
// command line: the real SDK client over HTTP to the emulator in this
// process.

const (
	acct      = "111122223333"
	demoAlias = "md38enr9uo6x3.mrap" // the emulator's alias for 111122223333/demo
)

type rig struct {
	t      *testing.T
	emu    *emulator.Server
	client *apply.Client
	engine *lint.Engine
	dir    string
	clock  emulator.Clock // the emulator's clock; advance it to end propagation
}

func newRig(t *testing.T, propagation time.Duration) *rig {
	t.Helper()
	r := &rig{t: t, dir: t.TempDir()}
	emu, err := emulator.New(emulator.Options{Propagation: propagation, Now: r.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := emu.Seed(acct, "demo", true); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	r.emu = emu
	r.client, err = apply.NewClient(context.Background(), apply.ClientOptions{
		EndpointURL: srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("x", "x", ""),
		MaxBackoff:  time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	r.engine = builtinEngine(t)
	return r
}

var engine struct {
	once sync.Once
	*lint.Engine
	err error
}

// builtinEngine is a lint engine with the built-in rules, built once.
func builtinEngine(t *testing.T) *lint.Engine {
	t.Helper()
	engine.once.Do(func() { engine.Engine, engine.err = lint.New(context.Background(), lint.Options{}) })
	if engine.err != nil {
		t.Fatal(engine.err)
	}
	return engine.Engine
}

// pipeline is a pipeline on the rig's client and engine, polling fast.
func (r *rig) pipeline(o pipeline.Options) *pipeline.Pipeline {
	o.Client, o.Engine, o.FailOn = r.client, r.engine, lint.SeverityError
	o.Wait.MinInterval = 5 * time.Millisecond
	return pipeline.New(o)
}

// policy writes a policy granting GetObject to a principal and returns its
// target. For one of the MRAP's own account, no built-in rule finds an
// error in it.
func (r *rig) policy(name, principal string) pipeline.Target {
	r.t.Helper()
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"` + principal +
		`"},"Action":"s3:GetObject","Resource":"arn:aws:s3::` + acct + `:accesspoint/` + demoAlias + `/object/*"}]}`
	path := filepath.Join(r.dir, name)
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return pipeline.Target{Account: acct, Name: "demo", File: path}
}

// TestPlanJSON: the json plan format embeds lint's and diff's JSON and says
// what apply would refuse.
func TestPlanJSON(t *testing.T) {
	r := newRig(t, 0)
	outs, code := r.pipeline(pipeline.Options{DetailedExitCode: true}).Plan(context.Background(), []pipeline.Target{r.policy("p.json", "arn:aws:iam::111122223333:role/app")})
	if code != pipeline.ExitChanges {
		t.Fatalf("exit %d: %+v", code, outs)
	}
	f, err := pipeline.NewFormatter("json", pipeline.FormatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Format(&b, outs, code); err != nil {
		t.Fatal(err)
	}
	var got pipeline.PlanJSON
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("plan json: %v\n%s", err, b.String())
	}
	if len(got.Targets) != 1 {
		t.Fatalf("%d targets", len(got.Targets))
	}
	tj := got.Targets[0]
	var findings struct {
		Findings []any `json:"findings"`
		Summary  any   `json:"summary"`
	}
	var d struct {
		Changed bool   `json:"changed"`
		Access  string `json:"access"`
	}
	if err := json.Unmarshal(tj.Findings, &findings); err != nil || findings.Summary == nil {
		t.Errorf("findings are not lint's JSON report: %v %s", err, tj.Findings)
	}
	if err := json.Unmarshal(tj.Diff, &d); err != nil || !d.Changed || d.Access != "broadens" {
		t.Errorf("diff is not diff's JSON: %v %s", err, tj.Diff)
	}
	summary := struct {
		Result        string
		ExitCode      int
		Changes       bool
		Access        string
		LiveHasPolicy bool
		Refusals      int
		TokenLen      int
		OverallExit   int
	}{tj.Result, tj.ExitCode, tj.Changes, tj.Access, tj.Live.HasPolicy, len(tj.Refusals), len(tj.Token), got.ExitCode}
	want := summary
	want.Result, want.ExitCode, want.Changes, want.Access, want.LiveHasPolicy, want.Refusals, want.TokenLen, want.OverallExit = "changes", pipeline.ExitChanges, true, "broadens", false, 0, 64, pipeline.ExitChanges
	if diff := cmp.Diff(want, summary); diff != "" {
		t.Errorf("plan json (-want +got):\n%s", diff)
	}
}

// TestPlanDescribesOwnFindings: an expired ignore is a finding mrapguard
// reports itself (config/ignore-expired); the plan's findings report
// describes its rule, as it does every rule that ran, so SARIF and the
// Markdown summary can name it.
func TestPlanDescribesOwnFindings(t *testing.T) {
	r := newRig(t, 0)
	cfg, err := config.Parse([]byte("ignore:\n  - rule: principal/public\n    reason: old exception\n    expires: 2020-01-31\n"))
	if err != nil {
		t.Fatal(err)
	}
	outs, _ := r.pipeline(pipeline.Options{Config: cfg}).Plan(context.Background(), []pipeline.Target{r.policy("p.json", "arn:aws:iam::111122223333:role/app")})
	pl := outs[0].Planned
	if pl == nil || len(pl.Findings) != 1 || pl.Findings[0].Rule != config.RuleIgnoreExpired {
		t.Fatalf("want one config/ignore-expired finding: %+v", outs[0])
	}
	if ids := pipeline.ReportRules(pl); !slices.Contains(ids, config.RuleIgnoreExpired) || !slices.Contains(ids, "principal/public") {
		t.Errorf("report rules %v lack config/ignore-expired or the rules that ran", ids)
	}
}
