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

// Outcome is how one target ended, for the exit code and the summary table.
type Outcome struct {
	Target  Target
	Planned *Planned // nil when planning failed
	Result  string   // one or two words: "no changes", "applied", "refused", …
	Reason  string   // one line, untrusted text escaped by the printer
	Code    int
	Err     error
}

func (o Outcome) verdict() string {
	if o.Planned == nil || o.Planned.Diff == nil {
		return "-"
	}
	if !o.Planned.Changes {
		return "none"
	}
	return string(o.Planned.Diff.Access)
}

// confirm asks on the terminal before a put. Access that broadens (or that
// the model cannot judge) needs the MRAP's name typed, not a reflexive
// "yes". Without a terminal it refuses unless --auto-approve.
func (p *Pipeline) confirm(ctx context.Context, pl *Planned, in *bufio.Reader) error {
	if p.autoApprove {
		return nil
	}
	if !p.e.Interactive {
		return apply.Refusef("review the plan, then rerun with --auto-approve (pipelines), or run apply on a terminal",
			"no terminal to confirm %s on and no --auto-approve", pl.Target.Label())
	}
	want, prompt := "yes", fmt.Sprintf("Apply this change to %s? Only \"yes\" applies it: ", pl.Target.Label())
	if a := pl.Access(); a == diff.Broadens || a == diff.Unknown {
		want = pl.Target.Name
		prompt = fmt.Sprintf("Access %s. To apply, type the name of the MRAP (%s): ", a, pl.Target.Name)
	}
	fmt.Fprint(p.e.Stdout, prompt)
	got, err := readLine(ctx, in)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(p.e.Stdout)
			return ctx.Err()
		}
		return apply.Refusef("run apply again and answer the prompt", "no answer to confirm %s (%v): nothing was put", pl.Target.Label(), err)
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
func (p *Pipeline) execute(ctx context.Context, pl *Planned, out io.Writer, prog *TextProgress) Outcome {
	t := pl.Target
	o := Outcome{Target: t, Planned: pl}
	start := p.e.Now()
	tctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()

	live, err := p.client.Fetch(tctx, t.Account, t.Name)
	if err != nil {
		if ctx.Err() != nil {
			o.Result, o.Reason, o.Code = "interrupted", "interrupted before the put: nothing was put", ExitInterrupted
			return o
		}
		return p.failed(ctx, o, err, "", prog)
	}
	now := apply.NoLivePolicy
	if live.HasPolicy {
		now, _ = hashPolicy(live.Established)
	}
	if now != pl.LiveHash {
		return p.refused(o, apply.Refusef("plan again and review the new diff",
			"the policy in force on %s changed while the plan was being confirmed (planned against %s, now %s)", t.Label(), apply.ShortHash(pl.LiveHash), apply.ShortHash(now)))
	}
	if busy, pending, _ := apply.InFlight(live, hashPolicy); busy {
		return p.refused(o, apply.Refusef("wait for it and plan again: rerun with --wait-for-pending",
			"another change to %s started while the plan was being confirmed (Proposed %s)", t.Label(), apply.ShortHash(pending)))
	}

	var arn string
	wo := p.wait
	wo.Progress = prog.Update
	res, err := p.client.PutAndVerify(tctx, apply.Change{
		Account: t.Account, Name: t.Name, Policy: string(pl.Doc.Bytes),
		LiveHash: pl.LiveHash, ProposedHash: pl.Hash,
	}, apply.VerifyOptions{
		Wait: wo,
		Hash: hashPolicy,
		OnPut: func(attempt int, a string) {
			arn = a
			if attempt > 0 {
				prog.Note("%s: AWS answered with an earlier operation of this transition and nothing changed; put again with a new token (attempt %d)", t.Label(), attempt+1)
			}
			prog.Note("%s: put accepted: operation %s", t.Label(), a)
		},
	})
	prog.Done()
	if err != nil {
		return p.failed(ctx, o, err, arn, prog)
	}

	took := p.e.Now().Sub(start).Round(100 * time.Millisecond)
	o.Result = "applied"
	state := "AWS gave no policy status"
	if res.Live.IsPublic != nil {
		state = "AWS: not public"
		if *res.Live.IsPublic {
			state = "AWS: public"
		}
	}
	o.Reason = fmt.Sprintf("%s in force (%s, %s)", apply.ShortHash(pl.Hash), state, plural(res.Puts, "put"))
	fmt.Fprintf(out, "Applied: %s is in force on %s (%s, %s) after %s.\n", escapeTerm(t.File), t.Label(), apply.ShortHash(pl.Hash), state, took)
	fmt.Fprintf(out, "Operation: %s (%s).\n", escapeTerm(res.TokenARN), plural(res.Puts, "put"))
	expectPublic := len(pl.Public) > 0
	if ip := res.Live.IsPublic; ip != nil && *ip != expectPublic {
		if *ip {
			o.Result, o.Code = "verify failed", ExitAWS
			o.Reason = "AWS reports the policy as public; mrapguard did not predict it"
			fmt.Fprintf(out, "WARNING: AWS reports the policy now in force on %s as public, which mrapguard's model did not predict. Check who it grants access to now.\n", t.Label())
		} else {
			fmt.Fprintf(out, "Note: AWS does not consider the policy public although mrapguard's model did (%s); the model errs towards public.\n", escapeTerm(pl.Public[0]))
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

func (p *Pipeline) refused(o Outcome, r *apply.RefusedError) Outcome {
	o.Result, o.Reason, o.Code, o.Err = "refused", r.Reason, ExitRefused, r
	return o
}

// failed turns an error from put, wait or verify into an outcome. A wait
// that stopped (Ctrl-C, --timeout) prints how to resume: the operation goes
// on at AWS and nothing needs to be put again.
func (p *Pipeline) failed(ctx context.Context, o Outcome, err error, arn string, prog *TextProgress) Outcome {
	o.Err, o.Code = err, ExitCode(err)
	var we *apply.WaitError
	var oe *apply.OperationError
	switch {
	case errors.As(err, &we) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		o.Result = "timed out"
		o.Code = ExitAWS
		why := fmt.Sprintf("no result within --timeout %s", p.timeout)
		if ctx.Err() != nil {
			o.Result, o.Code, why = "interrupted", ExitInterrupted, "interrupted"
		}
		o.Reason = fmt.Sprintf("%s; operation %s still running (last status %s)", why, we.TokenARN, orUnknown(we.LastStatus))
		o.Err = nil // the message below says it all
		prog.Note("%s: %s while waiting for operation %s (last status %s).", o.Target.Label(), why, we.TokenARN, orUnknown(we.LastStatus))
		prog.Note("Nothing is lost: AWS carries on with the operation. To wait for it and verify, without putting anything again, run:")
		prog.Note("    %s", p.resumeCommand(we.TokenARN, o.Target.Account))
	case ctx.Err() != nil && arn == "":
		o.Result, o.Code = "interrupted", ExitInterrupted
		o.Reason = "interrupted before AWS answered the put"
		o.Err = nil
		prog.Note("%s: interrupted before AWS answered the put. It may or may not have been accepted; running the same apply again is safe: the same transition token makes AWS return that operation instead of starting another.", o.Target.Label())
	case errors.As(err, &oe):
		o.Result = "failed"
		o.Reason = fmt.Sprintf("operation FAILED: %s", orUnknown(strings.TrimSpace(oe.Code+": "+oe.Message)))
	case o.Code == ExitRefused:
		o.Result = "refused"
	default:
		o.Result = "error"
		o.Reason = err.Error()
	}
	if o.Reason == "" {
		o.Reason = err.Error()
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
func (p *Pipeline) resumeCommand(arn, account string) string {
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
