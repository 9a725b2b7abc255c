// Command gensample writes the benchmark corpus of internal/sample to a
// directory: the same seed gives the same files, so runs are comparable.
//
//	go run ./internal/sample/gensample -n 1000 -seed 1 -out DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mrapguard/mrapguard/internal/sample"
)

func main() {
	n := flag.Int("n", 1000, "number of policies")
	seed := flag.Uint64("seed", 1, "corpus seed")
	out := flag.String("out", "", "directory to write p0000.json… into (created)")
	flag.Parse()
	if *out == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: gensample -out DIR [-n N] [-seed S]")
		os.Exit(64)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
	for i, c := range sample.Corpus(*seed, *n) {
		if err := os.WriteFile(filepath.Join(*out, fmt.Sprintf("p%04d.json", i)), c, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gensample:", err)
			os.Exit(1)
		}
	}
}
