package rules_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// BenchmarkAllRules evaluates every rule at once (one prepared query, as the
// engine runs them) on each policy under testdata/policies and testdata/bad.
//
//	go test -run '^$' -bench BenchmarkAllRules -benchmem ./rules
func BenchmarkAllRules(b *testing.B) {
	e := newEvaluator(b, nil)
	pq := prepare(b, e)
	ctx := context.Background()
	for _, f := range policyFiles(b) {
		in := buildInput(f, readPolicy(b, f), defaultSizeLimit, exampleTarget)
		name := strings.TrimPrefix(filepath.ToSlash(f), "../testdata/")
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := pq.Eval(ctx, rego.EvalInput(in)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkColdStart measures what one lint of one file costs a fresh
// process beyond start-up: parse and compile all modules, load the data,
// prepare the query and evaluate once.
func BenchmarkColdStart(b *testing.B) {
	f := "../testdata/policies/clean.json"
	in := buildInput(f, readPolicy(b, f), defaultSizeLimit, nil)
	ctx := context.Background()
	for b.Loop() {
		e := newEvaluator(b, nil)
		pq := prepare(b, e)
		if _, err := pq.Eval(ctx, rego.EvalInput(in)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEachRule evaluates one rule at a time on clean.json, to find the
// expensive ones. Each figure includes the fixed cost of one evaluation.
func BenchmarkEachRule(b *testing.B) {
	e := newEvaluator(b, nil)
	f := "../testdata/policies/clean.json"
	in := buildInput(f, readPolicy(b, f), defaultSizeLimit, exampleTarget)
	ctx := context.Background()
	for _, m := range ruleModules(b) {
		md, err := metadata(m)
		if err != nil {
			b.Fatal(err)
		}
		pq, err := rego.New(rego.Query(m.Package.Path.String()+".deny"), rego.Compiler(e.compiler), rego.Store(e.store)).PrepareForEval(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(md.ID, func(b *testing.B) {
			for b.Loop() {
				if _, err := pq.Eval(ctx, rego.EvalInput(in)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
