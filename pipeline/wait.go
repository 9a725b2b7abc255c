package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/mrapguard/mrapguard/apply"
)

// WaitRequest names an operation to wait for and what to verify after it.
type WaitRequest struct {
	TokenARN string
	// Name is the MRAP to verify; "" for the one the operation names.
	Name string
	// Policy is the policy expected in force and PolicyName how to call it
	// (a file name); nil for the one the operation put.
	Policy     []byte
	PolicyName string
}

// Wait resumes an apply at the wait stage: it polls the operation until it
// is SUCCEEDED or FAILED, then verifies that the policy it put (or
// req.Policy) is in force, reporting on out. It never puts anything. A
// wait that stops (ctx done, Options.Timeout) notes how to resume on the
// progress reporter and returns ExitError.
func (p *Pipeline) Wait(ctx context.Context, req WaitRequest, out io.Writer) error {
	arn := req.TokenARN
	account, err := apply.AccountFromTokenARN(arn)
	if err != nil {
		return InputError{err}
	}
	prog := p.progressFor(Target{Account: account, Name: req.Name})
	tctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()

	wo := p.wait
	wo.Progress = prog.Update
	// The operation was accepted before this wait started, so AWS should
	// know it; allow only a short delay for its visibility.
	wo.NotFoundGrace = min(10*wo.MinInterval, apply.DefaultNotFoundGrace)
	op, err := p.client.Wait(tctx, arn, wo)
	prog.Done()
	var we *apply.WaitError
	if errors.As(err, &we) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		why := fmt.Sprintf("no result within --timeout %s", p.timeout)
		code := ExitAWS
		if ctx.Err() != nil {
			why, code = "interrupted", ExitInterrupted
		}
		prog.Note(fmt.Sprintf("%s while waiting for operation %s (last status %s). Nothing is lost; to resume:", why, arn, orUnknown(we.LastStatus)))
		prog.Command(p.resumeCommand(arn, account))
		return ExitError{Code: code}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Operation %s: %s.\n", escapeTerm(arn), escapeTerm(op.Status))

	name := req.Name
	if name == "" {
		name = op.Name
	}
	policyText, what := string(req.Policy), req.PolicyName
	if req.Policy == nil {
		policyText, what = op.Policy, "the policy the operation put"
	}
	if name == "" || policyText == "" {
		fmt.Fprintf(out, "Nothing to verify: the operation names no MRAP policy (give --name and --policy).\n")
		return nil
	}
	hash, _ := hashPolicy(policyText)
	live, err := p.client.Verify(tctx, account, name, hash, apply.VerifyOptions{Hash: hashPolicy, Wait: wo})
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
			prog.Note(fmt.Sprintf("no verification within --timeout %s; to try again, run:", p.timeout))
			prog.Command(p.resumeCommand(arn, account))
		}
		return err
	}
	fmt.Fprintf(out, "Verified: %s is in force on %s/%s (%s, %s).\n", escapeTerm(what), account, escapeTerm(name), apply.ShortHash(hash), publicText(live.IsPublic))
	return nil
}
