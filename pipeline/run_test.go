package pipeline_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/emulator"
	"github.com/mrapguard/mrapguard/pipeline"
)

// notes records what the pipeline tells a person watching.
type notes struct {
	mu    sync.Mutex
	lines []string
}

func (n *notes) Update(apply.Progress) {}
func (n *notes) Done()                 {}
func (n *notes) Command(s string)      { n.Note(s) }
func (n *notes) Note(s string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.lines = append(n.lines, s)
}

func (n *notes) String() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return strings.Join(n.lines, "\n")
}

// TestPlanApplyWait drives plan, then an apply interrupted (Ctrl-C) while it
// waits for AWS to propagate, then wait, which resumes it: the operation
// is not put again, and its policy is verified in force.
func TestPlanApplyWait(t *testing.T) {
	r := newRig(t, time.Hour)
	ctx := context.Background()
	target := r.policy("p.json", "arn:aws:iam::111122223333:role/app")
	var heard notes
	progress := func(pipeline.Target) pipeline.Progress { return &heard }

	outs, code := r.pipeline(pipeline.Options{DetailedExitCode: true, Progress: progress}).Plan(ctx, []pipeline.Target{target})
	o := outs[0]
	if code != pipeline.ExitChanges || o.Result != "changes" || o.Planned == nil || o.Planned.Access() != "broadens" || len(o.Planned.Refusals) != 0 {
		t.Fatalf("plan: exit %d, outcome %+v; want changes that broaden access, exit 2", code, o)
	}
	if ops := r.emu.Operations(acct); len(ops) != 0 {
		t.Fatalf("plan put something: %+v", ops)
	}

	var out bytes.Buffer
	actx, interrupt := context.WithCancel(ctx)
	defer interrupt()
	polls := 0
	sleep := func(ctx context.Context, d time.Duration) error {
		if polls++; polls == 2 {
			interrupt()
		}
		return apply.SleepContext(ctx, d)
	}
	p := r.pipeline(pipeline.Options{Progress: progress, Wait: apply.WaitOptions{Sleep: sleep}})
	outs, code, err := p.Apply(actx, []pipeline.Target{target}, pipeline.ApplyOptions{Confirm: pipeline.AutoApprove{}, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	o = outs[0]
	ops := r.emu.Operations(acct)
	if code != pipeline.ExitInterrupted || o.Result != "interrupted" || len(ops) != 1 || o.Operation != ops[0].TokenARN || ops[0].Status != emulator.StatusInProgress {
		t.Fatalf("apply: exit %d, outcome %+v, operations %+v; want it interrupted waiting for the one operation in progress", code, o, ops)
	}
	if resume := "mrapguard wait " + o.Operation + " --account " + acct; !strings.Contains(heard.String(), resume) {
		t.Errorf("apply did not say how to resume (%q):\n%s", resume, heard.String())
	}
	if !strings.Contains(out.String(), "Plan: put the first policy on 111122223333/demo; access broadens.") {
		t.Errorf("apply did not show the plan:\n%s", out.String())
	}

	r.clock.Advance(2 * time.Hour) // AWS finishes propagating
	out.Reset()
	if err := r.pipeline(pipeline.Options{Progress: progress}).Wait(ctx, pipeline.WaitRequest{TokenARN: o.Operation}, &out); err != nil {
		t.Fatalf("wait: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Verified: the policy the operation put is in force on 111122223333/demo") {
		t.Errorf("wait did not verify:\n%s", out.String())
	}
	live, err := r.client.Fetch(ctx, acct, "demo")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(target.File)
	if live.Established != string(want) || len(r.emu.Operations(acct)) != 1 {
		t.Errorf("in force %q after %d operations; want the file, put once", live.Established, len(r.emu.Operations(acct)))
	}

	// Planned again, the change is in force: nothing to do.
	outs, code = r.pipeline(pipeline.Options{DetailedExitCode: true}).Plan(ctx, []pipeline.Target{target})
	if code != pipeline.ExitOK || outs[0].Result != "no changes" {
		t.Errorf("plan after apply: exit %d, result %q; want no changes", code, outs[0].Result)
	}
}
