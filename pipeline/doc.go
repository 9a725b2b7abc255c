// Package pipeline composes the stages that change an S3 Multi-Region
// Access Point policy safely, for one target or many:
//
//	load ─► fetch ─► lint ─► diff ─► guards ─► confirm ─► put ─► wait ─► verify
//	(file)  (MRAP,   (Rego)  (in     (Refusals) (Confirmer) (token  (poll    (re-read:
//	         policy,          force               from     async    in force
//	         status)          vs new)             hashes)  op)      == proposed)
//
// Plan runs load to guards and says for each target what Apply would do.
// Apply runs every stage. Wait starts at wait (to resume after Ctrl-C or a
// timeout) and verifies. DiffLive runs load, fetch and diff; LoadPolicy is
// the load stage of an offline diff; DiffPlan diffs the policy changes of a
// Terraform plan.
//
// The stages do their work in their own packages: policy parses, lint
// runs the rules, diff compares and judges access, apply does all AWS I/O
// (fetch, put, wait, verify) and owns the plan file. This package decides
// what they mean together:
//
//   - the guards: every reason a change must not be put, each with what to
//     do next (Planned.Refusals, as *apply.RefusedError);
//   - how each target ends (Outcome), the exit codes (ExitCode maps typed
//     errors to them) and their severity order over many targets (Worse);
//   - the confirm stage behind Confirmer: Prompt asks on a terminal,
//     AutoApprove does not ask, NoTerminal refuses;
//   - progress behind Progress (TextProgress draws it on a terminal or a log);
//   - the plan formats, text, markdown and json (NewFormatter).
//
// It imports no command-line library. The mrapguard command
// (internal/cli) parses flags into Options, calls Plan, Apply or Wait and
// renders the outcomes; a Go program or test can do the same, as Example
// shows against the emulator.
package pipeline
