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
	// AccessAnalyzer lists the IAM Access Analyzer issue codes the rule
	// answers (custom.access_analyzer), each one of AccessAnalyzerChecks.
	AccessAnalyzer []string
}

// Check is one of IAM Access Analyzer's policy checks that can apply to an
// MRAP policy (access-analyzer.yaml): a rule covers it (its Meta lists the
// code), or Reason says why none is needed.
type Check struct {
	Code   string // the issue code: "INVALID_ACTION"
	Title  string // the check's name in AWS's reference: "Invalid action"
	Type   string // AWS's finding type: ERROR, GENERAL_WARNING, SECURITY_WARNING or SUGGESTION
	Reason string // why no rule is needed for an MRAP policy; "" when a rule covers it
}

// AccessAnalyzerChecks returns IAM Access Analyzer's checks in the order of
// AWS's reference.
func AccessAnalyzerChecks() []Check { return accessAnalyzerChecks }

// Metadata returns the METADATA of every built-in rule, sorted by file.
func Metadata() []Meta { return metadata }
