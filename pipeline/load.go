package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/diff"
	"github.com/mrapguard/mrapguard/iac"
	"github.com/mrapguard/mrapguard/internal/safefile"
	"github.com/mrapguard/mrapguard/policy"
)

// The load and fetch stages, and diff's short pipeline (load, fetch, diff).

// hashPolicy is the canonical hash apply and verification compare. Text
// that is not JSON hashes as its bytes, so it never equals a real policy.
func hashPolicy(s string) (string, error) {
	return policy.Parse("", []byte(s), policy.Options{MaxBytes: -1}).Hash(), nil
}

// noPolicyName names the "before" side of a first apply.
const noPolicyName = "(no policy in force)"

// liveName names the policy in force in diffs.
func liveName(t Target) string { return "in force on " + t.Label() }

// readPolicyFile reads a policy file up to what Parse looks at. It is
// opened with safefile: a regular file that, when in the repository, does
// not link out of it.
func readPolicyFile(name string, opts policy.Options) ([]byte, error) {
	return readLimited(name, "read policy", opts)
}

// readLimited reads name up to what Parse looks at; verb starts errors.
func readLimited(name, verb string, opts policy.Options) ([]byte, error) {
	f, err := safefile.Open(name, "")
	if err != nil {
		return nil, readError(verb, name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(opts.ReadLimit())+1))
	if err != nil {
		return nil, InputError{fmt.Errorf("%s %s: %w", verb, name, err)}
	}
	return data, nil
}

// ReadFile reads a file named on the command line (a policy or plan file,
// wait's --policy) with safefile, refusing one larger than limit bytes;
// what names it in the error ("policy file").
func ReadFile(name, what string, limit int64) ([]byte, error) {
	b, err := safefile.ReadFile(name, "", what, limit)
	if err != nil {
		return nil, readError("read", name, err)
	}
	return b, nil
}

// readError is an input error for a file that could not be read: a
// safefile refusal says itself which file and why; other errors get the
// verb and the name.
func readError(verb, name string, err error) error {
	if se := new(safefile.Error); errors.As(err, &se) {
		return InputError{err}
	}
	return InputError{fmt.Errorf("%s %s: %w", verb, name, unwrapPathError(err))}
}

// LoadPolicy reads and parses one policy file for diff ("-" is stdin) with
// lint's limits (opts: --max-bytes). A file that is not valid JSON, not
// shaped like a policy, or over the size limit is an input error naming
// the first problem's position. Duplicate keys do not stop a diff: the
// diff reports it cannot trust such a document (diff.FieldDuplicateKey).
func LoadPolicy(ctx context.Context, stdin io.Reader, name string, opts policy.Options) (*policy.Document, error) {
	if err := opts.Check(); err != nil {
		return nil, InputError{err}
	}
	var data []byte
	var err error
	display := name
	if name == "-" {
		display = "<stdin>"
		data, err = safefile.ReadContext(ctx, stdin, int64(opts.ReadLimit())+1)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, InputError{fmt.Errorf("read %s: %w", display, err)}
		}
	} else if data, err = readLimited(name, "read", opts); err != nil {
		return nil, err
	}
	doc := policy.Parse(display, data, opts)
	var bad []policy.Problem
	for _, p := range doc.Problems {
		if p.Rule == policy.RuleSyntax || p.Rule == policy.RuleStructure || p.Rule == policy.RuleSize {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		p := bad[0]
		more := ""
		if len(bad) > 1 {
			more = fmt.Sprintf(" (and %d more problems; see mrapguard lint %s)", len(bad)-1, name)
		}
		if p.Rule == policy.RuleSize && opts.MaxBytes >= 0 {
			more += " (--max-bytes sets the limit; -1 lifts it up to the hard cap of 4 MiB)"
		}
		return nil, InputError{fmt.Errorf("%s:%d:%d: %s: %s%s", display, p.Pos.Line, p.Pos.Column, p.Rule, p.Message, more)}
	}
	return doc, nil
}

// unwrapPathError drops the *os.PathError wrapper, whose text repeats the
// file name already in the message.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// LiveDiff is the policy in force on an MRAP against a proposed one.
type LiveDiff struct {
	Before *policy.Document // the policy in force (an empty one when there is none)
	Diff   diff.Diff
	// InFlight: another change is Proposed (PendingHash) and not yet in
	// force; the diff is against the policy in force.
	InFlight    bool
	PendingHash string
	// Equivalent: the texts differ but the diff finds no change of meaning,
	// so an apply would replace the policy with an equivalent one.
	Equivalent bool
}

// DiffLive fetches the policy in force on account/name and diffs it
// against after: the load, fetch and diff stages without lint.
func DiffLive(ctx context.Context, client *apply.Client, account, name string, after *policy.Document) (*LiveDiff, error) {
	live, err := client.Fetch(ctx, account, name)
	if err != nil {
		return nil, err
	}
	t := Target{Account: account, Name: name}
	before := &policy.Document{Name: noPolicyName}
	if live.HasPolicy {
		before = policy.Parse(liveName(t), []byte(live.Established), policy.Options{MaxBytes: -1})
	}
	ld := &LiveDiff{Before: before}
	ld.InFlight, ld.PendingHash, _ = apply.InFlight(live, hashPolicy)
	if ld.Diff, err = (diff.Options{Owner: account}).ComputeContext(ctx, *before, *after); err != nil {
		return nil, err
	}
	ld.Equivalent = before.Hash() != after.Hash() && !ld.Diff.Changed
	return ld, nil
}

// PlanDiff is diff's result for one MRAP policy change of a Terraform plan.
type PlanDiff struct {
	Address string   // the resource address
	Actions []string // Terraform's actions (create, update, delete…)
	// Diff compares the policy before and after the change (a create
	// starts from no policy, a delete ends with none); nil when Unknown.
	Diff *diff.Diff
	// Unknown says why the change could not be compared: the new policy is
	// known only after apply.
	Unknown string
}

// DiffPlan reads a Terraform plan (terraform show -json; "-" is stdin) and
// compares each MRAP policy's change.before with its change.after, offline:
// a pull request gets the access verdict without AWS credentials. A file
// that is not a plan is an input error.
func DiffPlan(ctx context.Context, stdin io.Reader, name string, opts policy.Options) ([]PlanDiff, error) {
	var data []byte
	var err error
	display := name
	if name == "-" {
		display = "<stdin>"
		data, err = safefile.ReadContext(ctx, stdin, iac.MaxFileBytes+1)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, InputError{fmt.Errorf("read %s: %w", display, err)}
		}
	} else if data, err = ReadFile(name, "plan file", iac.MaxFileBytes); err != nil {
		return nil, err
	}
	changes, err := iac.PlanChanges(display, data, iac.Options{Policy: opts})
	if err != nil {
		return nil, InputError{err}
	}
	out := make([]PlanDiff, 0, len(changes))
	for _, c := range changes {
		pd := PlanDiff{Address: c.Address, Actions: c.Actions}
		before, after := c.Before, c.After
		if before == nil {
			before = &policy.Document{Name: noPolicyName}
		} else {
			before.Name = c.Address + " (before)"
		}
		if after == nil {
			after = &policy.Document{Name: "(no policy after the change)"}
		} else {
			after.Name = c.Address + " (after)"
		}
		if !after.Resolved() {
			pd.Unknown = "the new policy is known only after apply (it names a value Terraform computes on apply, such as the MRAP's alias); lint the .tf source, or plan again once the MRAP exists"
			out = append(out, pd)
			continue
		}
		// The plan's account_id owns the MRAP: an Allow to it delegates.
		d, err := diff.Options{Owner: c.Account}.ComputeContext(ctx, *before, *after)
		if err != nil {
			return nil, err
		}
		pd.Diff = &d
		out = append(out, pd)
	}
	return out, nil
}
