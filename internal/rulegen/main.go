// Command rulegen compiles the METADATA blocks of the built-in rules into Go
// (rules/metadata_gen.go), so that a lint run reads rule IDs, severities and
// texts from a table instead of parsing YAML at every start. It runs from
// `go generate ./rules`; TestMetadataIsCurrent fails when the committed table
// is stale.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	dir := flag.String("dir", ".", "directory holding the built-in rules")
	out := flag.String("out", "metadata_gen.go", "Go file to write")
	flag.Parse()
	b, err := Generate(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "rulegen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "rulegen:", err)
		os.Exit(1)
	}
}
