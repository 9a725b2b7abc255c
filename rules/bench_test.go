package rules_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/policy"
)

// BenchmarkAllRules lints each policy under testdata/policies and
// testdata/bad with every built-in rule (one engine, as a lint run uses it).
//
//	go test -run '^$' -bench BenchmarkAllRules -benchmem ./rules
func BenchmarkAllRules(b *testing.B) {
	e, err := lint.New(context.Background(), lint.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range policyFiles(b) {
		doc := policy.Parse(f, readPolicy(b, f), policy.Options{})
		name := strings.TrimPrefix(filepath.ToSlash(f), "../testdata/")
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Lint(ctx, doc, exampleTarget); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
