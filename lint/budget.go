package lint

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/mrapguard/mrapguard/internal/safefile"
	"github.com/mrapguard/mrapguard/policy"
)

// Evaluation budgets. Rules may come from a pull request, so a rule that
// loops or grows without end must not hold a check hostage: evaluating the
// rules on one file gets DefaultEvalTimeout, and the Go heap may not grow
// past DefaultEvalMemory while rules run. A rule that runs over is stopped
// and reported as a rule/over-budget finding on that file; the other rules'
// findings stand, the other files are linted, and the rule is not run on
// the files after that (each gets a finding saying so).
const (
	DefaultEvalTimeout = 10 * time.Second
	DefaultEvalMemory  = 1 << 30 // bytes of Go heap
)

var (
	errTimeBudget   = errors.New("time budget")
	errMemoryBudget = errors.New("memory budget")
)

// budget is the state of the budgets of one engine: the evaluations in
// flight, the watchdog that stops them, and the rules that ran over.
type budget struct {
	timeout time.Duration
	memory  uint64

	// isolate: evaluations of all rules at once hold it shared; a rule
	// evaluated alone, to find which one ran over, holds it exclusively,
	// so the memory watchdog blames the right rule.
	isolate sync.RWMutex

	mu       sync.Mutex
	inFlight map[*evaluation]struct{}
	watching bool           // the watchdog is running
	overran  map[int]string // rule index → "its time budget of 10s on FILE"
	// stopped: by rule index, whether it is in overran. Replaced, never
	// changed, so it can be read without the lock.
	stopped  []bool
	perRule  map[int]*preparedSet
	prepared func(entries []int) (*preparedSet, error)
	nEntries int
}

// evaluation is one evaluation in flight. The watchdog stops it through
// cancel (no goroutine or timer per evaluation), saying why in stopped.
type evaluation struct {
	cancel   topdown.Cancel
	deadline time.Time
	stopped  error // errTimeBudget or errMemoryBudget; under budget.mu
}

// preparedSet is a prepared query over some entry points: binding "x"
// holds their results, in order.
type preparedSet struct {
	q       rego.PreparedEvalQuery
	entries []int
}

func (b *budget) init(e *Engine, timeout time.Duration, memory uint64) {
	b.timeout = cmpOr(timeout, DefaultEvalTimeout)
	b.memory = cmpOr(memory, DefaultEvalMemory)
	b.inFlight = map[*evaluation]struct{}{}
	b.overran = map[int]string{}
	b.perRule = map[int]*preparedSet{}
	b.stopped = make([]bool, len(e.rules))
	b.nEntries = len(e.entries)
	b.prepared = func(entries []int) (*preparedSet, error) { return e.prepareEntries(context.Background(), entries) }
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// run evaluates the query of a set on input within the budgets and
// returns each entry point's results (rule results as Rego values), by
// index. A budget that runs out gives errTimeBudget or errMemoryBudget;
// the caller's cancellation gives its own error.
func (b *budget) run(ctx context.Context, doc *policy.Document, set *preparedSet, input ast.Value) ([][]*ast.Term, error) {
	ev := &evaluation{cancel: topdown.NewCancel(), deadline: time.Now().Add(b.timeout)}
	b.watch(ev)
	stop := context.AfterFunc(ctx, ev.cancel.Cancel)
	rs, err := set.q.Eval(ctx, rego.EvalParsedInput(input), rego.EvalExternalCancel(ev.cancel))
	stop()
	stopped := b.unwatch(ev)
	if err != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if stopped != nil {
			return nil, stopped
		}
		return nil, err
	}
	return collect(doc, rs, set.entries, b.nEntries)
}

// watch registers an evaluation with the watchdog, starting it if it is
// not running.
func (b *budget) watch(ev *evaluation) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inFlight[ev] = struct{}{}
	if !b.watching {
		b.watching = true
		go b.watchdog()
	}
}

// unwatch ends an evaluation and says whether the watchdog stopped it.
func (b *budget) unwatch(ev *evaluation) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.inFlight, ev)
	return ev.stopped
}

// watchdogTick is how often the watchdog looks at the evaluations in
// flight and the heap.
const watchdogTick = 10 * time.Millisecond

// watchdog stops the evaluations in flight that are past their deadline,
// and all of them when the heap is over the memory budget even after a
// collection (garbage does not count). It runs while evaluations are in
// flight, and ends when it has seen none for two ticks: files linted one
// after another share one watchdog.
func (b *budget) watchdog() {
	tick := time.NewTicker(watchdogTick)
	defer tick.Stop()
	idle := 0
	for now := range tick.C {
		b.mu.Lock()
		if len(b.inFlight) == 0 {
			if idle++; idle >= 2 {
				b.watching = false
				b.mu.Unlock()
				return
			}
			b.mu.Unlock()
			continue
		}
		idle = 0
		for ev := range b.inFlight {
			if ev.stopped == nil && now.After(ev.deadline) {
				ev.stopped = errTimeBudget
				ev.cancel.Cancel()
			}
		}
		b.mu.Unlock()
		if heapBytes() <= b.memory {
			continue
		}
		runtime.GC()
		if heapBytes() <= b.memory {
			continue
		}
		b.mu.Lock()
		for ev := range b.inFlight {
			if ev.stopped == nil {
				ev.stopped = errMemoryBudget
				ev.cancel.Cancel()
			}
		}
		b.mu.Unlock()
	}
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

func (b *budget) describe(err error) string {
	if errors.Is(err, errMemoryBudget) {
		return "the memory budget of " + safefile.Size(int64(b.memory))
	}
	return "its time budget of " + b.timeout.String()
}

// evalBounded evaluates the enabled rules on one document within the
// budgets, but those the document lets skip (see needs), and returns each
// entry point's results by index. A rule that runs over becomes a
// RuleOverBudget finding in extra.
func (e *Engine) evalBounded(ctx context.Context, doc *policy.Document, input ast.Value) (results [][]*ast.Term, extra []Finding, err error) {
	b := &e.budget
	b.mu.Lock()
	stopped := b.stopped
	b.mu.Unlock()
	active := e.needs.active(input, func(k int) bool { return !stopped[e.entries[k].rule] })
	set, err := e.query(active)
	if err != nil {
		return nil, nil, err
	}
	b.isolate.RLock()
	results, err = b.run(ctx, doc, set, input)
	b.isolate.RUnlock()
	if err == nil {
		if slices.Contains(stopped, true) {
			extra = e.notRunFindings(doc)
		}
		return results, extra, nil
	}
	if !errors.Is(err, errTimeBudget) && !errors.Is(err, errMemoryBudget) {
		return nil, nil, fmt.Errorf("lint %s: %w", doc.Name, err)
	}
	return e.evalEachRule(ctx, doc, input, active)
}

// evalEachRule evaluates the rules of the active entry points one at a
// time, alone, to find the ones that run over; they are left out of later
// evaluations.
func (e *Engine) evalEachRule(ctx context.Context, doc *policy.Document, input ast.Value, active []int) ([][]*ast.Term, []Finding, error) {
	b := &e.budget
	b.isolate.Lock()
	defer b.isolate.Unlock()
	results := make([][]*ast.Term, len(e.entries))
	var extra []Finding
	for i := range e.rules {
		if !slices.ContainsFunc(active, func(k int) bool { return e.entries[k].rule == i }) {
			continue
		}
		b.mu.Lock()
		why, skip := b.overran[i]
		b.mu.Unlock()
		if skip {
			extra = append(extra, e.overBudget(doc, i, "was not run on this file: it ran over "+why))
			continue
		}
		set, err := b.ruleQuery(i, e.entryRule, len(e.entries))
		if err != nil {
			return nil, nil, err
		}
		r, err := b.run(ctx, doc, set, input)
		if errors.Is(err, errTimeBudget) || errors.Is(err, errMemoryBudget) {
			b.mu.Lock()
			b.overran[i] = b.describe(err) + " on " + doc.Name
			b.stopped = slices.Clone(b.stopped)
			b.stopped[i] = true
			b.mu.Unlock()
			extra = append(extra, e.overBudget(doc, i, "ran over "+b.describe(err)+" on this file and was stopped; it gives no result here and is not run on the files after it"))
			runtime.GC()
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("lint %s: %w", doc.Name, err)
		}
		for k, v := range r {
			if v != nil {
				results[k] = v
			}
		}
	}
	return results, extra, nil
}

func (e *Engine) entryRule(k int) int { return e.entries[k].rule }

// notRunFindings are the findings for the rules left out because they ran
// over on an earlier file.
func (e *Engine) notRunFindings(doc *policy.Document) []Finding {
	b := &e.budget
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Finding
	for i := range e.rules {
		if why, ok := b.overran[i]; ok {
			out = append(out, e.overBudget(doc, i, "was not run on this file: it ran over "+why))
		}
	}
	return out
}

func (e *Engine) overBudget(doc *policy.Document, rule int, what string) Finding {
	return Finding{File: doc.Name, Rule: RuleOverBudget, Severity: SeverityError, Line: 1, Column: 1,
		Message: "rule " + e.rules[rule].ID + " " + what}
}

// ruleQuery is the query of one rule's entry points, prepared the first
// time it is needed.
func (b *budget) ruleQuery(rule int, entryRule func(int) int, nEntries int) (*preparedSet, error) {
	b.mu.Lock()
	s, ok := b.perRule[rule]
	b.mu.Unlock()
	if ok {
		return s, nil
	}
	var entries []int
	for k := range nEntries {
		if entryRule(k) == rule {
			entries = append(entries, k)
		}
	}
	s, err := b.prepared(entries)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	b.perRule[rule] = s
	b.mu.Unlock()
	return s, nil
}

func allEntries(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// collect reads the binding x of a result set (Rego values: the query is
// prepared with resultValue): the results of the given entry points, in
// order, into a slice indexed by entry point.
func collect(doc *policy.Document, rs rego.ResultSet, entries []int, n int) ([][]*ast.Term, error) {
	if len(rs) != 1 {
		return nil, fmt.Errorf("lint %s: rule query returned %d results", doc.Name, len(rs))
	}
	out := make([][]*ast.Term, n)
	if len(entries) == 0 {
		return out, nil
	}
	all, _ := rs[0].Bindings["x"].(*ast.Array)
	if all == nil || all.Len() != len(entries) {
		return nil, fmt.Errorf("lint %s: rule query returned no results for its %d entry points", doc.Name, len(entries))
	}
	for i, k := range entries {
		switch v := all.Elem(i).Value.(type) {
		case ast.Set:
			out[k] = v.Slice()
		case *ast.Array:
			out[k] = make([]*ast.Term, v.Len())
			for j := range out[k] {
				out[k][j] = v.Elem(j)
			}
		}
	}
	return out, nil
}

// resultValue makes rego give a query's results as Rego values: lint
// reads what it needs from them, rather than having every result turned
// into Go values first.
func resultValue(t *ast.Term, _ *rego.EvalContext) (any, error) { return t.Value, nil }

// queryText is the query that collects the given entry points' results
// into x, in order. One expression is far cheaper to compile than one per
// rule. A built-in entry point is a partial set rule, defined (maybe empty)
// for every input; a user's is wrapped in a comprehension, which gives []
// where it is undefined.
func (e *Engine) queryText(entries []int) string {
	if len(entries) == 0 {
		return "true"
	}
	var q strings.Builder
	q.WriteString("x := [")
	for i, k := range entries {
		if i > 0 {
			q.WriteString(", ")
		}
		if e.rules[e.entries[k].rule].Builtin {
			q.WriteString(e.queryRefs[k].String())
		} else {
			fmt.Fprintf(&q, "[y | y := %s[_]]", e.queryRefs[k])
		}
	}
	q.WriteString("]")
	return q.String()
}
