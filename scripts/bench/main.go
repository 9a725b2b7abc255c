//go:build unix

// Command bench runs mrapguard and conftest side by side on the same files
// and prints wall time, CPU time and peak memory of each, and their ratios.
// scripts/bench-conftest.sh builds and installs what it needs and runs it.
//
// Each round runs the two tools back to back, alternating which goes first,
// so both see the same machine load; the figures are medians over the rounds
// (peak memory: the largest). Ratios are mrapguard / conftest.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

type sample struct {
	wall, cpu time.Duration
	rss       int64 // KiB
}

type tool struct {
	name string
	args []string
	runs []sample
}

func run(args []string) (sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var ee *exec.ExitError
	if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
		return sample{}, fmt.Errorf("%s: %w", strings.Join(args, " "), err)
	}
	s := sample{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss
	}
	return s, nil
}

func median(d []time.Duration) time.Duration {
	d = slices.Clone(d)
	slices.Sort(d)
	return d[len(d)/2]
}

func (t *tool) stats() (wall, cpu time.Duration, rss int64) {
	var w, c []time.Duration
	for _, s := range t.runs {
		w, c = append(w, s.wall), append(c, s.cpu)
		rss = max(rss, s.rss)
	}
	return median(w), median(c), rss
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func main() {
	mrap := flag.String("mrapguard", "", "mrapguard binary")
	conftest := flag.String("conftest", "", "conftest binary")
	policyDir := flag.String("policy", "", "conftest policy directory")
	rounds := flag.Int("rounds", 15, "rounds per case")
	flag.Parse()
	if *mrap == "" || *conftest == "" || *policyDir == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: bench -mrapguard BIN -conftest BIN -policy DIR [-rounds N] NAME=PATH...")
		os.Exit(64)
	}
	fmt.Printf("load average before: %s\n\n", loadavg())
	fmt.Printf("| case | tool | wall (median) | CPU (median) | peak RSS |\n|---|---|---|---|---|\n")
	var ratios []string
	for _, c := range flag.Args() {
		name, path, ok := strings.Cut(c, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "bench: %q is not NAME=PATH\n", c)
			os.Exit(64)
		}
		tools := []*tool{
			{name: "mrapguard", args: []string{*mrap, "lint", "--fail-on", "none", path}},
			{name: "conftest", args: []string{*conftest, "test", "--no-color", "-p", *policyDir, path}},
		}
		// One untimed round warms the page cache.
		for _, t := range tools {
			if _, err := run(t.args); err != nil {
				fmt.Fprintln(os.Stderr, "bench:", err)
				os.Exit(1)
			}
		}
		for r := 0; r < *rounds; r++ {
			order := tools
			if r%2 == 1 {
				order = []*tool{tools[1], tools[0]}
			}
			for _, t := range order {
				s, err := run(t.args)
				if err != nil {
					fmt.Fprintln(os.Stderr, "bench:", err)
					os.Exit(1)
				}
				t.runs = append(t.runs, s)
			}
		}
		mw, mc, mr := tools[0].stats()
		cw, cc, cr := tools[1].stats()
		for _, t := range tools {
			w, c, r := t.stats()
			fmt.Printf("| %s | %s | %s | %s | %.1f MiB |\n", name, t.name, ms(w), ms(c), float64(r)/1024)
		}
		ratios = append(ratios, fmt.Sprintf("| %s | %.2f | %.2f | %.2f |", name,
			float64(mw)/float64(cw), float64(mc)/float64(cc), float64(mr)/float64(cr)))
	}
	fmt.Printf("\n| case | wall ratio | CPU ratio | memory ratio |\n|---|---|---|---|\n%s\n", strings.Join(ratios, "\n"))
	fmt.Printf("\nratios are mrapguard / conftest; %d rounds per case, alternating which runs first\n", *rounds)
	fmt.Printf("load average after: %s\n", loadavg())
}
