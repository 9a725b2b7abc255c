package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/internal/escape"
)

// ApplyOptions say where an apply run talks to people.
type ApplyOptions struct {
	// Confirm is the confirm stage; nil refuses every change (NoTerminal).
	Confirm Confirmer
	// Out gets each target's plan (text), before it is confirmed, then the
	// results; nil discards them.
	Out io.Writer
	// Errors gets each target's error or refusal with its next step
	// (WriteError); nil discards them.
	Errors io.Writer
	// Format configures the text plans on Out.
	Format FormatOptions
}

// Apply runs every stage for each target: plan (as Plan), then one at a
// time show the plan on Out, apply the guards and confirm; then put, wait
// and verify the confirmed targets, up to Options.Parallel at once. A
// target's failure never hides the others. code is the most severe exit
// code (see Worse); err is only a failure to write Out.
func (p *Pipeline) Apply(ctx context.Context, targets []Target, opts ApplyOptions) (outs []Outcome, code int, err error) {
	confirm := opts.Confirm
	if confirm == nil {
		confirm = NoTerminal{}
	}
	out, errw := opts.Out, opts.Errors
	if out == nil {
		out = io.Discard
	}
	if errw == nil {
		errw = io.Discard
	}
	multi := len(targets) > 1
	text := textPlan{color: opts.Format.Color, lintOpts: opts.Format.Lint}

	pls, errs := p.planAll(ctx, targets)
	outs = make([]Outcome, len(targets))
	var approved []int
	for i, t := range targets {
		if i > 0 {
			fmt.Fprintln(out)
		}
		if errs[i] != nil {
			outs[i] = errorOutcome(t, nil, errs[i])
			if multi {
				fmt.Fprintf(out, "Target %s: not planned: %s\n", t.Label(), escapeTerm(outs[i].Reason))
			}
			WriteError(errw, outs[i], multi)
			continue
		}
		pl := pls[i]
		if err := text.target(out, pl); err != nil {
			return nil, 0, err
		}
		if len(pl.Refusals) > 0 {
			outs[i] = errorOutcome(t, pl, pl.Refusals[0])
			WriteError(errw, outs[i], multi)
			continue
		}
		if !pl.Changes {
			outs[i] = Outcome{Target: t, Planned: pl, Result: "no changes", Reason: "already in force"}
			continue
		}
		if ctx.Err() != nil {
			outs[i] = errorOutcome(t, pl, ctx.Err())
			continue
		}
		if err := confirm.Confirm(ctx, pl); err != nil {
			outs[i] = errorOutcome(t, pl, p.withNext(t, err))
			WriteError(errw, outs[i], multi)
			continue
		}
		approved = append(approved, i)
	}

	// Put, wait and verify the confirmed targets, up to Parallel at once.
	results := make([]bytes.Buffer, len(targets))
	forEachBounded(ctx, p.parallel, approved,
		func(i int) {
			prog := p.progressFor(targets[i])
			if !multi {
				prog.Note(fmt.Sprintf("applying %s: put, then wait for the operation (up to --timeout %s)", targets[i].Label(), p.timeout))
			}
			outs[i] = p.execute(ctx, pls[i], &results[i], prog)
		},
		func(i int) { outs[i] = errorOutcome(targets[i], pls[i], ctx.Err()) })
	code = ExitOK
	for i, o := range outs {
		if results[i].Len() > 0 {
			fmt.Fprintln(out)
			if multi {
				fmt.Fprintf(out, "%s:\n", targets[i].Label())
			}
			out.Write(results[i].Bytes())
		}
		if slices.Contains(approved, i) && o.Err != nil {
			WriteError(errw, o, multi)
		}
		code = Worse(code, o.Code)
	}
	if multi {
		fmt.Fprintln(out)
		writeSummaryTable(out, outs, code)
	} else if o := outs[0]; o.Result == "no changes" {
		fmt.Fprintf(out, "Nothing to apply.\n")
	}
	return outs, code, nil
}

// execute puts a confirmed plan, waits for the operation and verifies the
// result, reporting on out (results) and prog (waiting). It re-reads the
// MRAP first: a confirmation can take minutes, and the plan must still
// match what is in force.
func (p *Pipeline) execute(ctx context.Context, pl *Planned, out io.Writer, prog Progress) Outcome {
	t := pl.Target
	o := Outcome{Target: t, Planned: pl}
	start := p.now()
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
			"the policy in force on %s changed while the plan was being confirmed (planned against %s, now %s)", t.Label(), apply.ShortHash(pl.LiveHash), apply.ShortHash(now)).
			WithRerun("plan"))
	}
	if busy, pending, _ := apply.InFlight(live, hashPolicy); busy {
		return p.refused(o, apply.Refusef("wait for it to settle, then plan against the result",
			"another change to %s started while the plan was being confirmed (Proposed %s)", t.Label(), apply.ShortHash(pending)).
			WithRerun("apply", "--wait-for-pending"))
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
				prog.Note(fmt.Sprintf("%s: AWS answered with an earlier operation of this transition and nothing changed; put again with a new token (attempt %d)", t.Label(), attempt+1))
			}
			prog.Note(fmt.Sprintf("%s: put accepted: operation %s", t.Label(), a))
		},
	})
	prog.Done()
	if err != nil {
		return p.failed(ctx, o, err, arn, prog)
	}

	took := p.now().Sub(start).Round(100 * time.Millisecond)
	o.Result, o.Operation = "applied", res.TokenARN
	state := "AWS gave no policy status"
	if res.Live.IsPublic != nil {
		state = publicText(res.Live.IsPublic)
	}
	puts := plural(res.Puts-res.Replays, "put")
	if res.Replays > 0 {
		puts += fmt.Sprintf("; %s answered with an earlier operation, which changed nothing", plural(res.Replays, "more put"))
	}
	o.Reason = fmt.Sprintf("%s in force (%s, %s)", apply.ShortHash(pl.Hash), state, puts)
	fmt.Fprintf(out, "Applied: %s is in force on %s (%s, %s) after %s.\n", escapeTerm(t.File), t.Label(), apply.ShortHash(pl.Hash), state, took)
	fmt.Fprintf(out, "Operation: %s (%s).\n", escapeTerm(res.TokenARN), puts)
	expectPublic := len(pl.Public) > 0
	if ip := res.Live.IsPublic; ip != nil && *ip != expectPublic {
		if *ip {
			o.Result, o.Code = "verify failed", ExitAWS
			o.Reason = "AWS reports the policy as public to AWS; mrapguard did not predict it"
			fmt.Fprintf(out, "WARNING: AWS reports the policy now in force on %s as public (IsPublic, S3 Block Public Access's notion), which mrapguard's model did not predict. Check who it grants access to now.\n", t.Label())
		} else {
			fmt.Fprintf(out, "Note: AWS does not consider the policy public (IsPublic) although mrapguard predicted it public to AWS (%s); the prediction errs towards public.\n", escapeTerm(pl.Public[0]))
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
	p.withNext(o.Target, r)
	o.Result, o.Reason, o.Code, o.Err = "refused", r.Reason, ExitRefused, r
	return o
}

// failed turns an error from put, wait or verify into an outcome. A wait
// that stopped (Ctrl-C, --timeout) prints how to resume: the operation goes
// on at AWS and nothing needs to be put again.
func (p *Pipeline) failed(ctx context.Context, o Outcome, err error, arn string, prog Progress) Outcome {
	o.Err, o.Code, o.Operation = err, ExitCode(err), arn
	var we *apply.WaitError
	var oe *apply.OperationError
	var ce *apply.CallError
	switch {
	case errors.As(err, &we) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		o.Result, o.Operation = "timed out", we.TokenARN
		o.Code = ExitAWS
		why := fmt.Sprintf("no result within --timeout %s", p.timeout)
		if ctx.Err() != nil {
			o.Result, o.Code, why = "interrupted", ExitInterrupted, "interrupted"
		}
		o.Reason = fmt.Sprintf("%s; operation %s still running (last status %s)", why, we.TokenARN, orUnknown(we.LastStatus))
		o.Err = nil // the message below says it all
		prog.Note(fmt.Sprintf("%s: %s while waiting for operation %s (last status %s).", o.Target.Label(), why, we.TokenARN, orUnknown(we.LastStatus)))
		prog.Note("Nothing is lost: AWS carries on with the operation. To wait for it and verify, without putting anything again, run:")
		prog.Command(p.resumeCommand(we.TokenARN, o.Target.Account))
	case ctx.Err() != nil && arn == "":
		o.Result, o.Code = "interrupted", ExitInterrupted
		o.Reason = "interrupted before AWS answered the put"
		o.Err = nil
		prog.Note(o.Target.Label() + ": interrupted before AWS answered the put. It may or may not have been accepted; running the same apply again is safe: the same transition token makes AWS return that operation instead of starting another.")
	case errors.As(err, &ce) && ce.MayHaveBeenAccepted() && arn == "":
		// The retries ran out on a put whose answer was lost: AWS may have
		// accepted it (and the policy may now be in force).
		o.Result = "unknown"
		o.Reason = "the put may have been accepted: AWS did not answer it (" + err.Error() + ")"
		o.Err = nil
		prog.Note(fmt.Sprintf("%s: AWS did not answer the put (%s). It may have been accepted, and the new policy may be or soon be in force.", o.Target.Label(), err))
		prog.Note("Running the same apply again is safe: the same transition token makes AWS answer with that operation instead of starting another. To finish it, run:")
		prog.Command(p.commandLine("apply", o.Target, []string{"--wait-for-pending"}))
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
	return "mrapguard wait " + escape.Shell(arn) + " --account " + account + p.resumeFlags
}

func jsonOf(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return b, nil
}
