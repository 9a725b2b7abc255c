package lint

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// slowRule is issue 10's two-level numbers.range comprehension: it runs
// for hours.
const slowRule = `package team.slow

deny contains x if {
	some i in numbers.range(1, 100000)
	some j in numbers.range(1, 100000)
	x := i * j
	x < 0
}
`

// hungryRule grows the heap until it is stopped.
const hungryRule = `package team.hungry

deny contains n if {
	xs := [s | some i in numbers.range(1, 200000000); s := sprintf("%d padding padding padding padding", [i])]
	n := count(xs)
	n < 0
}
`

func writePolicies(t *testing.T, n int) []Input {
	t.Helper()
	dir := t.TempDir()
	var files []string
	for i := range n {
		p := filepath.Join(dir, string(rune('a'+i))+".json")
		if err := os.WriteFile(p, []byte(`{"Statement": []}`), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	return Inputs(files...)
}

func findingLines(rep *Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, filepath.Base(f.File)+" "+f.Rule+": "+f.Message)
	}
	return out
}

// TestEvalTimeBudget: a rule that would run for hours is stopped on the
// first file and reported, the other rules' findings stand, and the rule
// is not run again. runBounded fails the test if the budget does not hold.
func TestEvalTimeBudget(t *testing.T) {
	rules := writeRules(t, map[string]string{"slow.rego": slowRule})
	e := newTestEngine(t, Options{RuleDirs: []string{rules}, EvalTimeout: 300 * time.Millisecond})
	files := writePolicies(t, 3)
	rep, err := runBounded(t, e, files, RunOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	first := files[0].Path
	want := []string{
		"a.json rule/over-budget: rule team.slow/deny ran over its time budget of 300ms on this file and was stopped; it gives no result here and is not run on the files after it",
		"a.json version/missing: the policy has no Version",
		"b.json rule/over-budget: rule team.slow/deny was not run on this file: it ran over its time budget of 300ms on " + first,
		"b.json version/missing: the policy has no Version",
		"c.json rule/over-budget: rule team.slow/deny was not run on this file: it ran over its time budget of 300ms on " + first,
		"c.json version/missing: the policy has no Version",
	}
	if diff := cmp.Diff(want, findingLines(rep)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if slicesIndex(rep.Rules, RuleOverBudget) < 0 {
		t.Errorf("the report does not describe %s", RuleOverBudget)
	}

	// In parallel, every file still gets exactly one finding about the rule.
	e = newTestEngine(t, Options{RuleDirs: []string{rules}, EvalTimeout: 300 * time.Millisecond})
	rep, err = runBounded(t, e, writePolicies(t, 4), RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, f := range rep.Findings {
		if f.Rule == RuleOverBudget && strings.Contains(f.Message, "team.slow/deny") {
			per[filepath.Base(f.File)]++
		}
	}
	if diff := cmp.Diff(map[string]int{"a.json": 1, "b.json": 1, "c.json": 1, "d.json": 1}, per); diff != "" {
		t.Errorf("over-budget findings per file (-want +got):\n%s", diff)
	}
}

// TestEvalMemoryBudget: a rule that grows past the memory budget is stopped
// before it exhausts the machine (the time budget is out of reach here).
func TestEvalMemoryBudget(t *testing.T) {
	rules := writeRules(t, map[string]string{"hungry.rego": hungryRule})
	e := newTestEngine(t, Options{RuleDirs: []string{rules}, EvalTimeout: 10 * time.Minute, EvalMemory: 128 << 20})
	rep, err := runBounded(t, e, writePolicies(t, 2), RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := findingLines(rep)
	want := "rule team.hungry/deny ran over the memory budget of 128 MiB on this file and was stopped"
	n := 0
	for _, l := range got {
		if strings.Contains(l, want) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want one finding saying %q, got:\n%s", want, strings.Join(got, "\n"))
	}
	if h := heapBytes(); h > 512<<20 {
		t.Errorf("the heap is still %d MiB after the run", h>>20)
	}
}

// TestEvalBudgetKeepsCancellation: Ctrl-C during an evaluation is an
// interruption, not a budget finding.
func TestEvalBudgetKeepsCancellation(t *testing.T) {
	e := newTestEngine(t, Options{RuleDirs: []string{writeRules(t, map[string]string{"slow.rego": slowRule})}, EvalTimeout: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := e.Run(ctx, writePolicies(t, 1), RunOptions{})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "deadline exceeded") {
			t.Errorf("Run = %v, want the context's error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
}

// TestWatchdogEnds: the watchdog runs while evaluations are in flight and
// ends once there are none.
func TestWatchdogEnds(t *testing.T) {
	e := newTestEngine(t, Options{})
	if _, err := e.Run(context.Background(), writePolicies(t, 3), RunOptions{}); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(watchdogTick) {
		e.budget.mu.Lock()
		watching, inFlight := e.budget.watching, len(e.budget.inFlight)
		e.budget.mu.Unlock()
		if inFlight != 0 {
			t.Fatalf("%d evaluations in flight after Run", inFlight)
		}
		if !watching {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the watchdog still runs 10s after the last evaluation")
		}
	}
}
