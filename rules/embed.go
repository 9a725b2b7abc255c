// Package rules holds the built-in Rego rules and their tests. The rules
// are short checks over the facts that package lint computes with package
// iam (input.facts); README.md in this directory is the rule-authoring
// guide. Meta holds each rule's METADATA, compiled into Go.
package rules

import "embed"

//go:generate go run ../internal/rulegen -dir . -out metadata_gen.go -compiled compiled.bin -parsed parsed.bin

// FS holds every built-in rule (*.rego) and its tests (*_test.rego).
//
//go:embed *.rego
var FS embed.FS

// Compiled and Parsed hold the rules (*.rego but tests) compiled and parsed
// at build time, in the form package lint loads them from (see
// lint.BuildBuiltin).
var (
	//go:embed compiled.bin
	Compiled string
	//go:embed parsed.bin
	Parsed string
)
