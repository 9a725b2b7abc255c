// Package lint owns the rule engine: it loads the built-in Rego rules and the
// user's, compiles them once with restricted capabilities (no network, no
// environment), evaluates policy Documents in parallel, and turns rule results
// into Findings with exact positions. It also owns the finding formats.
package lint
