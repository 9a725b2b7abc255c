package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/diff"
)

// outcome is how one target ended, for the exit code and the summary table.
type outcome struct {
	t      target
	pl     *planned // nil when planning failed
	result string   // one or two words: "no changes", "applied", "refused", …
	reason string   // one line, untrusted text escaped by the printer
	code   int
	err    error
}

func (o outcome) verdict() string {
	if o.pl == nil || o.pl.diff == nil {
		return "-"
	}
	if !o.pl.changes {
		return "none"
	}
	return string(o.pl.diff.Access)
}

// confirm asks on the terminal before a put. Access that broadens (or that
// the model cannot judge) needs the MRAP's name typed, not a reflexive
// "yes". Without a terminal it refuses unless --auto-approve.
func (p *pipeline) confirm(ctx context.Context, pl *planned, in *bufio.Reader) error {
	if p.autoApprove {
		return nil
	}
	if !p.e.Interactive {
		return apply.Refusef("review the plan, then rerun with --auto-approve (pipelines), or run apply on a terminal",
			"no terminal to confirm %s on and no --auto-approve", pl.t.label())
	}
	want, prompt := "yes", fmt.Sprintf("Apply this change to %s? Only \"yes\" applies it: ", pl.t.label())
	if a := pl.access(); a == diff.Broadens || a == diff.Unknown {
		want = pl.t.Name
		prompt = fmt.Sprintf("Access %s. To apply, type the name of the MRAP (%s): ", a, pl.t.Name)
	}
	fmt.Fprint(p.e.Stdout, prompt)
	got, err := readLine(ctx, in)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(p.e.Stdout)
			return ctx.Err()
		}
		return apply.Refusef("run apply again and answer the prompt", "no answer to confirm %s (%v): nothing was put", pl.t.label(), err)
	}
	if got != want {
		return apply.Refusef("run apply again and type "+want+" to apply, or anything else to stop",
			"not confirmed: the answer was %q, not %q: nothing was put", got, want)
	}
	return nil
}

// readLine reads one line, giving up when ctx ends (Ctrl-C at the prompt).
func readLine(ctx context.Context, in *bufio.Reader) (string, error) {
	type answer struct {
		s   string
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		s, err := in.ReadString('\n')
		if err == io.EOF && s != "" {
			err = nil
		}
		ch <- answer{strings.TrimSpace(s), err}
	}()
	select {
	case a := <-ch:
		return a.s, a.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// execute puts a confirmed plan, waits for the operation and verifies the
// result, reporting on out (results) and prog (waiting). It re-reads the
// MRAP first: a confirmation can take minutes, and the plan must still
// match what is in force.
func (p *pipeline) execute(ctx context.Context, pl *planned, out io.Writer, prog *progress) outcome {
	t := pl.t
	o := outcome{t: t, pl: pl}
	start := p.e.Now()
	tctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()

	live, err := p.client.Fetch(tctx, t.Account, t.Name)
	if err != nil {
		if ctx.Err() != nil {
			o.result, o.reason, o.code = "interrupted", "interrupted before the put: nothing was put", exitInterrupted
			return o
		}
		return p.failed(ctx, o, err, "", prog)
	}
	now := apply.NoLivePolicy
	if live.HasPolicy {
		now, _ = hashPolicy(live.Established)
	}
	if now != pl.liveHash {
		return p.refused(o, apply.Refusef("plan again and review the new diff",
			"the policy in force on %s changed while the plan was being confirmed (planned against %s, now %s)", t.label(), apply.ShortHash(pl.liveHash), apply.ShortHash(now)))
	}
	if busy, pending, _ := apply.InFlight(live, hashPolicy); busy {
		return p.refused(o, apply.Refusef("wait for it and plan again: rerun with --wait-for-pending",
			"another change to %s started while the plan was being confirmed (Proposed %s)", t.label(), apply.ShortHash(pending)))
	}

	var arn string
	wo := p.wait
	wo.Progress = prog.update
	res, err := p.client.PutAndVerify(tctx, apply.Change{
		Account: t.Account, Name: t.Name, Policy: string(pl.doc.Bytes),
		LiveHash: pl.liveHash, ProposedHash: pl.hash,
	}, apply.VerifyOptions{
		Wait: wo,
		Hash: hashPolicy,
		OnPut: func(attempt int, a string) {
			arn = a
			if attempt > 0 {
				prog.note("%s: AWS answered with an earlier operation of this transition and nothing changed; put again with a new token (attempt %d)", t.label(), attempt+1)
			}
			prog.note("%s: put accepted: operation %s", t.label(), a)
		},
	})
	prog.done()
	if err != nil {
		return p.failed(ctx, o, err, arn, prog)
	}

	took := p.e.Now().Sub(start).Round(100 * time.Millisecond)
	o.result = "applied"
	state := "AWS gave no policy status"
	if res.Live.IsPublic != nil {
		state = "AWS: not public"
		if *res.Live.IsPublic {
			state = "AWS: public"
		}
	}
	o.reason = fmt.Sprintf("%s in force (%s, %s)", apply.ShortHash(pl.hash), state, plural(res.Puts, "put"))
	fmt.Fprintf(out, "Applied: %s is in force on %s (%s, %s) after %s.\n", escapeTerm(t.File), t.label(), apply.ShortHash(pl.hash), state, took)
	fmt.Fprintf(out, "Operation: %s (%s).\n", escapeTerm(res.TokenARN), plural(res.Puts, "put"))
	expectPublic := len(pl.public) > 0
	if ip := res.Live.IsPublic; ip != nil && *ip != expectPublic {
		if *ip {
			o.result, o.code = "verify failed", exitAWS
			o.reason = "AWS reports the policy as public; mrapguard did not predict it"
			fmt.Fprintf(out, "WARNING: AWS reports the policy now in force on %s as public, which mrapguard's model did not predict. Check who it grants access to now.\n", t.label())
		} else {
			fmt.Fprintf(out, "Note: AWS does not consider the policy public although mrapguard's model did (%s); the model errs towards public.\n", escapeTerm(pl.public[0]))
		}
	}
	return o
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (p *pipeline) refused(o outcome, r *apply.RefusedError) outcome {
	o.result, o.reason, o.code, o.err = "refused", r.Reason, exitRefused, r
	return o
}

// failed turns an error from put, wait or verify into an outcome. A wait
// that stopped (Ctrl-C, --timeout) prints how to resume: the operation goes
// on at AWS and nothing needs to be put again.
func (p *pipeline) failed(ctx context.Context, o outcome, err error, arn string, prog *progress) outcome {
	o.err, o.code = err, exitCode(err)
	var we *apply.WaitError
	var oe *apply.OperationError
	switch {
	case errors.As(err, &we) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		o.result = "timed out"
		o.code = exitAWS
		why := fmt.Sprintf("no result within --timeout %s", p.timeout)
		if ctx.Err() != nil {
			o.result, o.code, why = "interrupted", exitInterrupted, "interrupted"
		}
		o.reason = fmt.Sprintf("%s; operation %s still running (last status %s)", why, we.TokenARN, orUnknown(we.LastStatus))
		o.err = nil // the message below says it all
		prog.note("%s: %s while waiting for operation %s (last status %s).", o.t.label(), why, we.TokenARN, orUnknown(we.LastStatus))
		prog.note("Nothing is lost: AWS carries on with the operation. To wait for it and verify, without putting anything again, run:")
		prog.note("    %s", p.resumeCommand(we.TokenARN, o.t.Account))
	case ctx.Err() != nil && arn == "":
		o.result, o.code = "interrupted", exitInterrupted
		o.reason = "interrupted before AWS answered the put"
		o.err = nil
		prog.note("%s: interrupted before AWS answered the put. It may or may not have been accepted; running the same apply again is safe: the same transition token makes AWS return that operation instead of starting another.", o.t.label())
	case errors.As(err, &oe):
		o.result = "failed"
		o.reason = fmt.Sprintf("operation FAILED: %s", orUnknown(strings.TrimSpace(oe.Code+": "+oe.Message)))
	case o.code == exitRefused:
		o.result = "refused"
	default:
		o.result = "error"
		o.reason = err.Error()
	}
	if o.reason == "" {
		o.reason = err.Error()
	}
	return o
}

func orUnknown(s string) string {
	if s == "" || s == ":" {
		return "unknown"
	}
	return s
}

// resumeCommand is the exact command that resumes waiting for an
// operation, with the client flags the user gave.
func (p *pipeline) resumeCommand(arn, account string) string {
	return "mrapguard wait " + shellQuote(arn) + " --account " + account + p.resumeFlags
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@%+=:,./-_", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func jsonOf(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return b, nil
}
