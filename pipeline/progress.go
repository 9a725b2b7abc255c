package pipeline

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/mrapguard/mrapguard/apply"
)

// Progress hears how a target's run goes while it waits on AWS: the status
// of each poll of an operation (Update), the end of a wait (Done), and the
// notes a person watching should read (Note: what is being waited for, how
// to resume). Each target gets its own (Options.Progress); several may run
// at once.
type Progress interface {
	Update(apply.Progress)
	Note(msg string)
	// Command shows a command to run (how to resume) on a line of its
	// own, with nothing else on it, so a triple-click copies exactly it.
	Command(cmd string)
	Done()
}

// noProgress reports nothing.
type noProgress struct{}

func (noProgress) Update(apply.Progress) {}
func (noProgress) Note(string)           {}
func (noProgress) Command(string)        {}
func (noProgress) Done()                 {}

// TextProgress is the command line's Progress, on standard error. On a
// terminal it keeps one line rewritten in place (elapsed time, status,
// per-region statuses); otherwise, for logs, it writes a plain line each
// time the status changes. Every server string is escaped. Several targets waiting at once
// share one mutex and use plain lines, prefixed with the target.
type TextProgress struct {
	mu    *sync.Mutex
	w     io.Writer
	tty   bool
	label string // "ACCOUNT/NAME: " when several targets share the stream

	last  string // last status text shown
	drawn bool   // a terminal line is open

	// On a terminal the line is redrawn every second between polls, so the
	// elapsed time keeps moving while the poll interval grows.
	now   func() time.Time
	start time.Time // when the wait began, by now
	tick  *time.Ticker
	stop  chan struct{}
}

// NewTextProgress reports on w: in place when tty, with each log line
// prefixed by label. Progress reporters that share w share mu (nil: one of
// its own).
func NewTextProgress(mu *sync.Mutex, w io.Writer, tty bool, label string) *TextProgress {
	if mu == nil {
		mu = new(sync.Mutex)
	}
	return &TextProgress{mu: mu, w: w, tty: tty, label: label, now: time.Now}
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

// Update shows the status of the latest poll.
func (pr *TextProgress) Update(p apply.Progress) {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	text := statusText(p)
	if pr.tty {
		pr.last = text
		pr.start = pr.now().Add(-p.Elapsed)
		pr.draw(p.Elapsed)
		if pr.tick == nil {
			pr.tick, pr.stop = time.NewTicker(time.Second), make(chan struct{})
			go pr.ticking(pr.tick, pr.stop)
		}
		return
	}
	if text == pr.last {
		return
	}
	pr.last = text
	fmt.Fprintf(pr.w, "mrapguard: %swaiting: %s after %s\n", pr.label, text, p.Elapsed.Truncate(time.Second))
}

// draw redraws the terminal line in place (\r, erase line), kept short
// enough not to wrap on a typical terminal. The caller holds mu.
func (pr *TextProgress) draw(elapsed time.Duration) {
	line := fmt.Sprintf("%swaiting %s: %s", pr.label, elapsed.Truncate(time.Second), pr.last)
	if len(line) > 160 {
		line = line[:157] + "..."
	}
	fmt.Fprintf(pr.w, "\r\x1b[K%s", line)
	pr.drawn = true
}

func (pr *TextProgress) ticking(t *time.Ticker, stop chan struct{}) {
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			pr.mu.Lock()
			if pr.drawn {
				pr.draw(pr.now().Sub(pr.start))
			}
			pr.mu.Unlock()
		}
	}
}

// Note writes a line of its own (ending a terminal progress line first).
func (pr *TextProgress) Note(msg string) { pr.line("mrapguard: " + escapeTerm(msg)) }

// Command writes cmd on a line of its own, unprefixed.
func (pr *TextProgress) Command(cmd string) { pr.line(escapeTerm(cmd)) }

func (pr *TextProgress) line(s string) {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	pr.endLine()
	fmt.Fprintln(pr.w, s)
}

// Done ends a terminal progress line, so what follows starts on its own.
func (pr *TextProgress) Done() {
	if pr == nil {
		return
	}
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.tick != nil {
		pr.tick.Stop()
		close(pr.stop)
		pr.tick, pr.stop = nil, nil
	}
	pr.endLine()
	pr.last = ""
}

func (pr *TextProgress) endLine() {
	if pr.drawn {
		fmt.Fprintln(pr.w)
		pr.drawn = false
	}
}
