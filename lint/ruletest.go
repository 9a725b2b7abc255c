package lint

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego test rule.
type TestResult struct {
	File     string
	Line     int
	Package  string
	Name     string
	Pass     bool
	Skip     bool
	Err      error  // evaluation error (the test neither passed nor failed)
	Output   string // print() output of the test
	Duration time.Duration
}

// TestOptions select which Rego tests RunTests runs.
type TestOptions struct {
	// Builtin runs the built-in rules' own tests too (they always load, so
	// user tests can use built-in rules and libraries).
	Builtin bool
	// Filter is a regular expression on "package.test_name".
	Filter string
}

// RunTests runs Rego tests (test_* rules in *_test.rego files) with the same
// capabilities and data as lint, so a test passes exactly when the rule
// behaves that way in a lint run.
func RunTests(ctx context.Context, opts Options, topts TestOptions) ([]TestResult, error) {
	e, err := load(opts, true)
	if err != nil {
		return nil, err
	}
	modules := make(map[string]*ast.Module, len(e.modules)+len(e.tests))
	for name, m := range e.modules {
		modules[name] = m
	}
	ntests := 0
	for name, m := range e.tests {
		if !topts.Builtin && strings.HasPrefix(name, "builtin:") {
			continue
		}
		modules[name] = m
		ntests++
	}
	if ntests == 0 {
		return nil, errors.New("no tests found: Rego tests are test_* rules in *_test.rego files")
	}
	compiler := ast.NewCompiler().
		WithCapabilities(restrictedCapabilities()).
		WithEnablePrintStatements(true).
		WithDefaultRegoVersion(ast.RegoV1)
	txn, err := e.store.NewTransaction(ctx)
	if err != nil {
		return nil, fmt.Errorf("run tests: %w", err)
	}
	defer e.store.Abort(ctx, txn)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(e.store).
		SetModules(modules).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(opts.StrictBuiltinErrors).
		Filter(topts.Filter).
		SetTimeout(30*time.Second).
		RunTests(ctx, txn)
	if err != nil {
		if ce := new(ast.Errors); errors.As(err, ce) {
			return nil, fmt.Errorf("compile tests: %w", explainCompileErrors(*ce))
		}
		return nil, fmt.Errorf("run tests: %w", err)
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{
			Package:  strings.TrimPrefix(r.Package, "data."),
			Name:     r.Name,
			Pass:     r.Pass(),
			Skip:     r.Skip,
			Err:      r.Error,
			Output:   string(r.Output),
			Duration: r.Duration,
		}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		out = append(out, tr)
	}
	return out, nil
}
