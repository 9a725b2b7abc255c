package lint

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

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

// RuleOverBudget is the finding for a rule stopped by a budget.
const RuleOverBudget = "rule/over-budget"

func init() {
	engineRules[RuleOverBudget] = RuleInfo{
		ID: RuleOverBudget, Severity: SeverityError, Default: SeverityError, Builtin: true, Source: "mrapguard",
		Title: "A rule ran over its time or memory budget and was stopped",
		Description: "Evaluating the rules on one file may take " + DefaultEvalTimeout.String() + " and the rules may hold " +
			safefile.Size(DefaultEvalMemory) + " of memory. A rule that runs over is stopped, so a rule that loops or grows " +
			"without end cannot hang or exhaust a CI runner. It gives no result for that file, and it is not run on the files " +
			"after it in the same run; the other rules' findings stand.",
		Remediation: "Make the rule cheaper: iterate over the policy's elements rather than over generated ranges, and avoid " +
			"comprehensions nested over large collections. Test it with mrapguard rules test.",
	}
}

var (
	errTimeBudget   = errors.New("time budget")
	errMemoryBudget = errors.New("memory budget")
)

// budget is the state of the budgets of one engine: the memory watchdog,
// and the rules that ran over.
type budget struct {
	timeout time.Duration
	memory  uint64

	// isolate: evaluations of all rules at once hold it shared; a rule
	// evaluated alone, to find which one ran over, holds it exclusively,
	// so the memory watchdog blames the right rule.
	isolate sync.RWMutex

	mu       sync.Mutex
	inFlight map[int]context.CancelCauseFunc
	nextID   int
	stopDog  chan struct{}
	overran  map[int]string // rule index → "its time budget of 10s on FILE"
	healthy  *preparedSet   // the rules not in overran, prepared as one query
	perRule  map[int]*preparedSet
	prepared func(entries []int) (*preparedSet, error)
}

// preparedSet is a prepared query over some entry points: binding "x"
// holds their results, in order.
type preparedSet struct {
	q       rego.PreparedEvalQuery
	entries []int
}

func (b *budget) init(e *Engine, all *preparedSet, timeout time.Duration, memory uint64) {
	b.timeout = cmpOr(timeout, DefaultEvalTimeout)
	b.memory = cmpOr(memory, DefaultEvalMemory)
	b.inFlight = map[int]context.CancelCauseFunc{}
	b.overran = map[int]string{}
	b.perRule = map[int]*preparedSet{}
	b.healthy = all
	b.prepared = func(entries []int) (*preparedSet, error) { return e.prepareEntries(context.Background(), entries) }
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// run evaluates the queries of a set on input within the budgets (one
// time budget for all of them) and returns each entry point's results by
// index. A budget that runs out gives errTimeBudget or errMemoryBudget; the
// caller's cancellation gives its own error.
func (b *budget) run(ctx context.Context, doc *policy.Document, set *preparedSet, input ast.Value) (map[int][]any, error) {
	ectx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	ectx, stop := context.WithTimeoutCause(ectx, b.timeout, errTimeBudget)
	defer stop()
	id := b.watch(cancel)
	defer b.unwatch(id)
	out := map[int][]any{}
	rs, err := set.q.Eval(ectx, rego.EvalParsedInput(input))
	if err != nil {
		if ctx.Err() == nil {
			if cause := context.Cause(ectx); errors.Is(cause, errTimeBudget) || errors.Is(cause, errMemoryBudget) {
				return nil, cause
			}
		}
		return nil, err
	}
	if err := collect(doc, rs, set.entries, out); err != nil {
		return nil, err
	}
	return out, nil
}

// watch registers an evaluation with the memory watchdog, starting it for
// the first one.
func (b *budget) watch(cancel context.CancelCauseFunc) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.nextID++
	b.inFlight[b.nextID] = cancel
	if b.stopDog == nil {
		b.stopDog = make(chan struct{})
		go b.watchdog(b.stopDog)
	}
	return b.nextID
}

func (b *budget) unwatch(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.inFlight, id)
	if len(b.inFlight) == 0 && b.stopDog != nil {
		close(b.stopDog)
		b.stopDog = nil
	}
}

// watchdog stops every evaluation in flight when the heap is over the
// memory budget even after a collection (garbage does not count).
func (b *budget) watchdog(stop chan struct{}) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		if heapBytes() <= b.memory {
			continue
		}
		runtime.GC()
		if heapBytes() <= b.memory {
			continue
		}
		b.mu.Lock()
		for _, cancel := range b.inFlight {
			cancel(errMemoryBudget)
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

// evalBounded evaluates every enabled rule on one document within the
// budgets and returns each entry point's results by index. A rule that
// runs over becomes a RuleOverBudget finding in extra.
func (e *Engine) evalBounded(ctx context.Context, doc *policy.Document, input ast.Value) (results map[int][]any, extra []Finding, err error) {
	b := &e.budget
	b.mu.Lock()
	set, overran := b.healthy, len(b.overran) > 0
	b.mu.Unlock()
	b.isolate.RLock()
	results, err = b.run(ctx, doc, set, input)
	b.isolate.RUnlock()
	if err == nil {
		if overran {
			extra = e.notRunFindings(doc)
		}
		return results, extra, nil
	}
	if !errors.Is(err, errTimeBudget) && !errors.Is(err, errMemoryBudget) {
		return nil, nil, fmt.Errorf("lint %s: %w", doc.Name, err)
	}
	return e.evalEachRule(ctx, doc, input)
}

// evalEachRule evaluates the rules one at a time, alone, to find the ones
// that run over; they are left out of later evaluations.
func (e *Engine) evalEachRule(ctx context.Context, doc *policy.Document, input ast.Value) (map[int][]any, []Finding, error) {
	b := &e.budget
	b.isolate.Lock()
	defer b.isolate.Unlock()
	results := map[int][]any{}
	var extra []Finding
	changed := false
	for i := range e.rules {
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
			b.mu.Unlock()
			changed = true
			extra = append(extra, e.overBudget(doc, i, "ran over "+b.describe(err)+" on this file and was stopped; it gives no result here and is not run on the files after it"))
			runtime.GC()
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("lint %s: %w", doc.Name, err)
		}
		for k, v := range r {
			results[k] = v
		}
	}
	if changed {
		if err := b.prepareHealthy(len(e.entries), e.entryRule); err != nil {
			return nil, nil, err
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

// prepareHealthy prepares the query of the rules that have not run over.
func (b *budget) prepareHealthy(nEntries int, ruleOf func(int) int) error {
	b.mu.Lock()
	var keep []int
	for k := range nEntries {
		if _, bad := b.overran[ruleOf(k)]; !bad {
			keep = append(keep, k)
		}
	}
	b.mu.Unlock()
	set, err := b.prepared(keep)
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.healthy = set
	b.mu.Unlock()
	return nil
}

func allEntries(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// collect reads the binding x of a result set: the results of the given
// entry points, in order, into out.
func collect(doc *policy.Document, rs rego.ResultSet, entries []int, out map[int][]any) error {
	if len(rs) != 1 {
		return fmt.Errorf("lint %s: rule query returned %d results", doc.Name, len(rs))
	}
	if len(entries) == 0 {
		return nil
	}
	all, _ := rs[0].Bindings["x"].([]any)
	if len(all) != len(entries) {
		return fmt.Errorf("lint %s: rule query returned %d results for %d entry points", doc.Name, len(all), len(entries))
	}
	for i, k := range entries {
		out[k], _ = all[i].([]any)
	}
	return nil
}

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
