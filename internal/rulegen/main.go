// Command rulegen moves work on the built-in rules from every lint run to
// build time. It compiles their METADATA blocks into Go
// (rules/metadata_gen.go), so that a lint run reads rule IDs, severities and
// texts from a table instead of parsing YAML at every start; and it parses
// and compiles the rules themselves (rules/compiled.bin and parsed.bin, see
// lint.BuildBuiltin), so that a lint run without user rules neither parses
// nor compiles Rego, and one with user rules does not parse the built-in
// ones. It runs from `go generate ./rules`; TestMetadataIsCurrent and
// TestBuiltFormsAreCurrent fail when a committed file is stale.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mrapguard/mrapguard/lint"
)

func main() {
	dir := flag.String("dir", ".", "directory holding the built-in rules")
	out := flag.String("out", "metadata_gen.go", "Go file to write the METADATA table to")
	compiled := flag.String("compiled", "", "file to write the compiled rules to (the rules embedded in this program: run it with go run)")
	parsed := flag.String("parsed", "", "file to write the parsed rules to (with -compiled)")
	flag.Parse()
	b, err := Generate(os.DirFS(*dir))
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err == nil && *compiled != "" {
		var p []byte
		if b, p, err = lint.BuildBuiltin(); err == nil {
			err = os.WriteFile(*compiled, b, 0o644)
		}
		if err == nil && *parsed != "" {
			err = os.WriteFile(*parsed, p, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "rulegen:", err)
		os.Exit(1)
	}
}
