package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/mrapguard/mrapguard/internal/sample"
	"github.com/mrapguard/mrapguard/policy"
)

// BenchmarkNew is the per-process start-up cost of the built-in rules: load
// them as compiled at build time and let OPA build its rule trees and
// indices. (The query over the rules a document needs is prepared when a
// document first needs that set: part of BenchmarkLintDocument's first
// iteration.)
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(context.Background(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLintDocument evaluates every built-in rule on one parsed 1–6 KB
// policy (one core).
func BenchmarkLintDocument(b *testing.B) {
	e, docs := engineAndDocs(b)
	i := 0
	for b.Loop() {
		if _, err := e.Lint(context.Background(), docs[i%len(docs)], nil); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRun1000 lints 1000 files of 1–6 KB from disk in parallel: read,
// parse, evaluate, sort — what "mrapguard lint DIR" does after start-up.
func BenchmarkRun1000(b *testing.B) {
	e, err := New(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	files := writeCorpus(b, dir, 1000)
	b.ResetTimer()
	for b.Loop() {
		rep, err := e.Run(context.Background(), Inputs(files...), RunOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Files) != 1000 {
			b.Fatalf("linted %d files", len(rep.Files))
		}
	}
}

// writeCorpus writes n sample policies into dir and returns their paths.
func writeCorpus(tb testing.TB, dir string, n int) []string {
	tb.Helper()
	var files []string
	for i, c := range sample.Corpus(1, n) {
		p := filepath.Join(dir, fmt.Sprintf("p%04d.json", i))
		if err := os.WriteFile(p, c, 0o644); err != nil {
			tb.Fatal(err)
		}
		files = append(files, p)
	}
	return files
}

// BenchmarkInput builds the input of one 1–6 KB document: the normalized
// policy and its facts (part of BenchmarkLintDocument).
func BenchmarkInput(b *testing.B) {
	e, docs := engineAndDocs(b)
	i := 0
	for b.Loop() {
		e.Input(docs[i%len(docs)], nil)
		i++
	}
}

// engineAndDocs is an engine with the built-in rules and 64 parsed sample
// policies of 1–6 KB.
func engineAndDocs(b *testing.B) (*Engine, []*policy.Document) {
	b.Helper()
	e, err := New(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	corpus := sample.Corpus(1, 64)
	docs := make([]*policy.Document, len(corpus))
	for i, c := range corpus {
		docs[i] = policy.Parse(fmt.Sprintf("p%d.json", i), c, policy.Options{})
	}
	return e, docs
}
