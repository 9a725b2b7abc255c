// Package rules holds the built-in Rego rules and their tests. The rules
// are short checks over the facts that package lint computes with package
// iam (input.facts); README.md in this directory is the rule-authoring
// guide.
package rules

import "embed"

// FS holds every built-in rule (*.rego) and its tests (*_test.rego).
//
//go:embed *.rego
var FS embed.FS
