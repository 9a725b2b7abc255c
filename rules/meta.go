package rules

// Meta is the METADATA of one built-in rule, compiled into Go by
// `go generate ./rules` (metadata_gen.go), so a lint run parses the rules
// without processing their annotations. TestMetadataIsCurrent in
// internal/rulegen keeps the table equal to the METADATA blocks.
type Meta struct {
	File        string // "principal_public.rego"
	Package     string // "data.mrapguard.rules.principal.public"
	ID          string // "principal/public"
	Severity    string // error, warning or info
	Title       string
	Description string
	Remediation string
	Bad, Good   string // example policies
	// ExampleInput is custom.example_input as JSON ("" when absent): what
	// the examples are linted with (target, size_limit).
	ExampleInput string
}

// Metadata returns the METADATA of every built-in rule, sorted by file.
func Metadata() []Meta { return metadata }
