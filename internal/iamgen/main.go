// Command iamgen compiles the IAM catalog into Go: it reads the source copies
// in iam/source and writes iam/catalog_gen.go, static tables that package iam
// serves without decoding anything at start. It runs from `go generate ./iam`.
//
// It owns the derivations the catalog's users rely on: lower-case lookup
// keys, one access level per action, the effective condition keys of an
// action (its own plus those of its resource types), tag-key patterns written
// as "prefix/*", and which actions can be used through a Multi-Region Access
// Point and on which MRAP ARN form. Nothing in the output is typed by hand:
// every action and key comes from the catalog, and every action named in
// mrap-operations.json must exist there or generation fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	src := flag.String("src", "source", "directory holding the source files")
	out := flag.String("out", "catalog_gen.go", "Go file to write")
	flag.Parse()
	if err := run(*src, *out, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "iamgen:", err)
		os.Exit(1)
	}
}

func run(src, out string, log io.Writer) error {
	b, err := Generate(os.DirFS(src))
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	fmt.Fprintf(log, "iamgen: wrote %s (%d bytes) from %s\n", filepath.ToSlash(out), len(b), filepath.ToSlash(src))
	return nil
}
