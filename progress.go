package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mrapguard/mrapguard/apply"
)

// progress reports on waiting, on standard error. On a terminal it keeps
// one line rewritten in place (elapsed time, status, per-region statuses);
// otherwise, for logs, it writes a plain line each time the status
// changes. Every server string is escaped. Several targets waiting at once
// share one mutex and use plain lines, prefixed with the target.
type progress struct {
	mu    *sync.Mutex
	w     io.Writer
	tty   bool
	label string // "ACCOUNT/NAME: " when several targets share the stream

	last  string // last status text shown (plain lines)
	drawn bool   // a terminal line is open
}

func newProgress(mu *sync.Mutex, w io.Writer, tty bool, label string) *progress {
	if mu == nil {
		mu = new(sync.Mutex)
	}
	return &progress{mu: mu, w: w, tty: tty, label: label}
}

// statusText is "STATUS (region STATUS, …)".
func statusText(p apply.Progress) string {
	s := p.Status
	switch s {
	case "":
		s = "status not reported yet"
	case apply.StatusInFlight:
		s = "another change in flight"
	}
	s = escapeTerm(s)
	if len(p.Regions) > 0 {
		parts := make([]string, len(p.Regions))
		for i, r := range p.Regions {
			parts[i] = escapeTerm(r.Region) + " " + escapeTerm(r.Status)
		}
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

func (pr *progress) update(p apply.Progress) {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	text := statusText(p)
	elapsed := p.Elapsed.Truncate(time.Second)
	if pr.tty {
		// \r and "erase line" redraw in place; the line is kept short
		// enough not to wrap on a typical terminal.
		line := fmt.Sprintf("%swaiting %s: %s", pr.label, elapsed, text)
		if len(line) > 160 {
			line = line[:157] + "..."
		}
		fmt.Fprintf(pr.w, "\r\x1b[K%s", line)
		pr.drawn = true
		return
	}
	if text == pr.last {
		return
	}
	pr.last = text
	fmt.Fprintf(pr.w, "mrapguard: %swaiting: %s after %s\n", pr.label, text, elapsed)
}

// note writes a line of its own (ending a terminal progress line first).
func (pr *progress) note(format string, args ...any) {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.endLine()
	fmt.Fprintf(pr.w, "mrapguard: %s\n", escapeTerm(fmt.Sprintf(format, args...)))
}

// done ends a terminal progress line, so what follows starts on its own.
func (pr *progress) done() {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.endLine()
	pr.last = ""
}

func (pr *progress) endLine() {
	if pr.drawn {
		fmt.Fprintln(pr.w)
		pr.drawn = false
	}
}
