// Package emulator serves the S3 Control Multi-Region Access Point (MRAP)
// API on the REST-XML wire protocol, for tests and demos without AWS.
//
// It owns: the HTTP handler (Server) for CreateMultiRegionAccessPoint,
// GetMultiRegionAccessPoint, ListMultiRegionAccessPoints,
// Get/PutMultiRegionAccessPointPolicy, GetMultiRegionAccessPointPolicyStatus
// and DescribeMultiRegionAccessPointOperation; the simulated behaviour of AWS
// behind them (asynchronous operations that stay IN_PROGRESS for
// Options.Propagation, Proposed then Established policies, ClientToken
// idempotency remembered per account, policy validation with MalformedPolicy,
// a public-policy test that fails puts on MRAPs with BlockPublicPolicy, the
// x-amz-account-id header, a 301 PermanentRedirect when the SigV4 region is
// not us-west-2); fault injection (Faults); and an optional state file
// written atomically after every change.
//
// Contracts:
//   - Any Host is answered, so clients that put the account id in front of
//     the host name (the SDK's default) work through a proxy or resolver.
//   - Signatures are parsed for their region and service but never verified:
//     any credentials are accepted.
//   - The package imports nothing else of mrapguard: it stands in for AWS, so
//     its checks (JSON validity, public policies) are its own, not the
//     linter's.
//   - All methods of Server are safe for concurrent use.
package emulator
