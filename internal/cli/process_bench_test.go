package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/mrapguard/mrapguard/internal/sample"
)

// Whole-process benchmarks: build the real binary and run it as a pre-commit
// hook would, from a cold process start. They report the median wall time
// and the peak resident memory (maxrss) over the runs:
//
//	go test -run '^$' -bench Process -benchtime 20x ./internal/cli
func buildBinary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "mrapguard")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/mrapguard/mrapguard").CombinedOutput()
	if err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func benchProcess(b *testing.B, bin string, args ...string) {
	var wall []time.Duration
	var peak int64
	for b.Loop() {
		cmd := exec.Command(bin, args...)
		cmd.Dir = filepath.Dir(bin) // no mrapguard.yaml up from here
		start := time.Now()
		err := cmd.Run()
		wall = append(wall, time.Since(start))
		if err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
				b.Fatalf("%s %v: %v", bin, args, err)
			}
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // KiB on Linux
		}
	}
	slices.Sort(wall)
	b.ReportMetric(float64(wall[len(wall)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(peak)/1024, "MiB-peak")
}

func BenchmarkProcessLintOneFile(b *testing.B) {
	bin := buildBinary(b)
	f := filepath.Join(b.TempDir(), "policy.json")
	if err := os.WriteFile(f, sample.Corpus(7, 1)[0], 0o644); err != nil {
		b.Fatal(err)
	}
	benchProcess(b, bin, "lint", f)
}

func BenchmarkProcessLint1000Files(b *testing.B) {
	bin := buildBinary(b)
	dir := b.TempDir()
	for i, c := range sample.Corpus(1, 1000) {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%04d.json", i)), c, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	benchProcess(b, bin, "lint", dir)
}
