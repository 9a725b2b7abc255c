// Package apply owns all of mrapguard's AWS I/O for Multi-Region Access Point
// policies: building the S3 Control client (credential chain, profile,
// endpoint override, us-west-2 routing, retries, debug logging), fetching the
// live state of an MRAP (Fetch), putting a policy with an idempotency token
// (Token, Put), waiting for the asynchronous operation (Wait), checking that
// the proposed policy is now in force (PutAndVerify, Verify), waiting for a
// change in flight to settle (InFlight, WaitPending), and the plan file
// (Plan, WritePlan, ReadPlan and its checks).
//
// Contracts:
//   - Every call runs under the caller's context; cancelling it returns
//     promptly with an error that wraps the context's error (and, from Wait,
//     carries the request token ARN so the caller can offer to resume).
//   - Failures are typed: ErrNoSuchMRAP (the MRAP does not exist), *CallError
//     (an AWS call failed, retries included), *OperationError (the operation
//     ended FAILED), *WaitError (waiting stopped before the end),
//     *VerifyError (the policy in force is not the proposed one),
//     *RefusedError (a guard refused: a stale, edited or foreign plan; it
//     says what to do next), ErrPlanFile (not a plan file).
//   - Strings that came from the server are kept raw in error fields; the
//     Error() texts escape control bytes.
//   - A missing policy is not an error: Live.HasPolicy is false.
//   - The package does not parse policies or lint or diff them: callers pass
//     canonical hashes (or a hash function) and their own JSON renderings of
//     findings and diffs for the plan file.
package apply
