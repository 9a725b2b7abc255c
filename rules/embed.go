// Package rules holds the built-in Rego rules, their tests and their data.
// See README.md in this directory for the rule contract, the data layout
// and how to regenerate data/iam.json.
package rules

import "embed"

// FS holds every built-in rule (*.rego), its tests (*_test.rego) and data
// (data/*.json, mounted at data.mrapguard.<name>; data/source holds the
// inputs of go generate and is not mounted).
//
//go:embed *
var FS embed.FS
