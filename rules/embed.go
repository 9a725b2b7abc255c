// Package rules holds the built-in Rego rules of mrapguard, their Rego tests,
// the shared Rego libraries (lib_*.rego) and the data they read
// (data/*.json, mounted at data.mrapguard.<name>). It has no Go logic beyond
// embedding them; the engine in package lint loads FS.
//
// data/iam.json is generated from data/source by `go generate ./rules`; see
// README.md for its layout.
package rules

import "embed"

//go:generate go run ../internal/iamgen -src data/source -out data/iam.json

// FS holds every *.rego file of this directory and the data directory.
//
//go:embed *.rego data
var FS embed.FS
