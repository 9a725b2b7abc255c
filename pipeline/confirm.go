package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/diff"
)

// Confirmer is the confirm stage: it decides, after the guards let a plan
// through and before anything is put, whether to go ahead. It returns nil
// to put, a *apply.RefusedError saying why not and what to do next, or
// ctx.Err() when interrupted.
type Confirmer interface {
	Confirm(ctx context.Context, pl *Planned) error
}

// AutoApprove confirms every plan the guards let through (--auto-approve,
// for pipelines: the guards still apply).
type AutoApprove struct{}

func (AutoApprove) Confirm(context.Context, *Planned) error { return nil }

// NoTerminal refuses every plan: there is nobody to ask and nothing said
// to go ahead unasked.
type NoTerminal struct{}

func (NoTerminal) Confirm(_ context.Context, pl *Planned) error {
	return apply.Refusef("review the plan, then run apply on a terminal, or without the prompt (pipelines)",
		"no terminal to confirm %s on and no --auto-approve", pl.Target.Label()).WithRerun("apply", "--auto-approve")
}

// Prompt asks on a terminal. Access that broadens (or that the model
// cannot judge) needs the MRAP's name typed, not a reflexive "yes".
type Prompt struct {
	in  *bufio.Reader
	out io.Writer
}

// NewPrompt asks on out and reads the answers from in, one line each.
func NewPrompt(in io.Reader, out io.Writer) *Prompt {
	return &Prompt{in: bufio.NewReader(in), out: out}
}

func (p *Prompt) Confirm(ctx context.Context, pl *Planned) error {
	want, prompt := "yes", fmt.Sprintf("Apply this change to %s? Only \"yes\" applies it: ", pl.Target.Label())
	if a := pl.Access(); a == diff.Broadens || a == diff.Unknown {
		want = pl.Target.Name
		prompt = fmt.Sprintf("Access %s. To apply, type the name of the MRAP (%s): ", a, pl.Target.Name)
	}
	fmt.Fprint(p.out, prompt)
	got, err := readLine(ctx, p.in)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(p.out)
			return ctx.Err()
		}
		return apply.Refusef("run apply again and answer the prompt", "no answer to confirm %s (%v): nothing was put", pl.Target.Label(), err).
			WithRerun("apply")
	}
	if got != want {
		return apply.Refusef("run apply again and type "+want+" to apply, or anything else to stop",
			"not confirmed: the answer was %q, not %q: nothing was put", got, want).WithRerun("apply")
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
