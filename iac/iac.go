// Package iac finds S3 Multi-Region Access Point policies where teams keep
// them: CloudFormation templates (YAML or JSON, SAM and CDK output),
// Terraform source (.tf) and Terraform plans (terraform show -json). It
// builds each policy as the same policy.Document a policy file gives, with
// positions in the template, so every lint rule runs on it and reports the
// template's line and column.
//
// Contracts:
//   - Nothing is evaluated that the template does not decide by itself:
//     CloudFormation pseudo-parameters and parameters from Options (else a
//     parameter's Default), Fn::Sub, Fn::Join, Fn::Select and Fn::FindInMap
//     over literals, AWS::NoValue, both branches of an undecided Fn::If;
//     Terraform's jsonencode walked as a tree (never rendered), heredocs and
//     quoted JSON, file() and templatefile() with a literal path, data
//     "aws_iam_policy_document". Everything else (a Terraform variable, a
//     function call, an attribute known after apply) is a policy.Unresolved
//     node with the expression's text and position, reported once as
//     iac/unresolved, never a failure.
//   - No network, no credentials, no Terraform binary. A file reference
//     reads only regular files inside Options.Root, never through a symlink
//     that leaves it; anything else is an iac/template finding.
//   - Every read and walk is bounded: file size (MaxFileBytes), YAML alias
//     expansion and nesting, the number of files a module holds.
//   - Problems of the template itself (syntax, a missing or misspelt
//     property, a reference out of the tree) are Problems of a Document, so
//     a broken template is a finding like a broken policy, never an error.
package iac

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mrapguard/mrapguard/policy"
)

// Problem IDs this package records besides those of policy.Parse and
// policy.Build (policy.RuleUnresolved among them). They are lint rule IDs.
const (
	// RuleTemplate: how the template holds the policy is wrong (syntax, a
	// property missing or misspelt, a file reference that cannot be read).
	RuleTemplate = "iac/template"
	// RuleReference: the MRAP a policy is attached to is named by its alias
	// or by something that is not an MRAP, or an alias in Resource belongs
	// to another MRAP of the template.
	RuleReference = "iac/mrap-reference"
)

// MaxFileBytes bounds every template, plan and referenced file read: the
// hard cap on what mrapguard reads of a policy (a CloudFormation template
// is at most 1 MB).
const MaxFileBytes = policy.HardMaxBytes

// Format is what a file holds.
type Format int

const (
	Auto           Format = iota // decide by name and content
	Policy                       // a policy document (JSON)
	CloudFormation               // a CloudFormation template, YAML or JSON
	Terraform                    // Terraform source (.tf)
	Plan                         // a Terraform plan as JSON (terraform show -json)
)

var formatNames = map[Format]string{Auto: "auto", Policy: "policy", CloudFormation: "cloudformation", Terraform: "terraform", Plan: "plan"}

func (f Format) String() string { return formatNames[f] }

// FormatNames lists the names ParseFormat accepts.
func FormatNames() []string { return []string{"auto", "policy", "cloudformation", "terraform", "plan"} }

// ParseFormat accepts a name from FormatNames.
func ParseFormat(s string) (Format, error) {
	for f, n := range formatNames {
		if strings.EqualFold(s, n) {
			return f, nil
		}
	}
	return 0, fmt.Errorf("unknown input format %q (valid: %s)", s, strings.Join(FormatNames(), ", "))
}

// Options tune Load.
type Options struct {
	// Policy are the options every policy is parsed and built with.
	Policy policy.Options
	// Format, if not Auto, says what the input holds (for standard input).
	Format Format
	// Account and Region stand for AWS::AccountId and AWS::Region, and for
	// Terraform's data.aws_caller_identity.*.account_id and
	// data.aws_region.*.name; empty leaves them unresolved.
	Account, Region string
	// Parameters are CloudFormation parameter values by name; a parameter
	// without one takes its Default.
	Parameters map[string]string
	// Root is the directory file() and templatefile() may read below, and
	// Terraform reads the other .tf files of a module from. "" means the
	// working directory.
	Root string
}

// Load reads the policies in one file: the policy a policy file holds, or
// every MRAP policy a template or plan holds (none is fine). explicit says
// the file was named by the user rather than found in a directory: then a
// file that is neither a policy nor a template is linted as a policy (its
// problems say what is wrong); otherwise it is skipped, which the second
// result reports.
func Load(name string, data []byte, explicit bool, o Options) (docs []*policy.Document, skipped bool) {
	switch o.Format {
	case Policy:
		return []*policy.Document{policy.Parse(name, data, o.Policy)}, false
	case Terraform:
		return readTerraform(name, data, o), false
	case Plan:
		return readPlan(name, data, o), false
	case CloudFormation:
		if isJSON(data) {
			return readCloudFormationJSON(name, data, o), false
		}
		docs, _ := readCloudFormationYAML(name, data, o, true)
		return docs, false
	}
	if strings.EqualFold(filepath.Ext(name), ".tf") {
		return readTerraform(name, data, o), false
	}
	if !isJSON(data) {
		if docs, ok := readCloudFormationYAML(name, data, o, false); ok {
			return docs, false
		}
		if looksLike(data, `resource "aws_s3control_multi_region_access_point_policy"`, `resource "awscc_s3_multi_region_access_point_policy"`) {
			return readTerraform(name, data, o), false
		}
		if explicit {
			return []*policy.Document{policy.Parse(name, data, o.Policy)}, false
		}
		return nil, true
	}
	// JSON: a policy first, as cheaply as before templates existed.
	d := policy.Parse(name, data, o.Policy)
	has := func(k string) bool { return d.Root != nil && d.Root.Get(k) != nil }
	// A file that did not parse is judged by what it mentions: a broken
	// policy or template is reported, other tools' JSON (tsconfig.json with
	// comments) is not. One too large to be a policy is a template or plan,
	// or nothing of ours.
	broken := d.Root == nil && len(data) <= o.Policy.ReadLimit()
	switch {
	case has("Statement") || has("Version"):
		return []*policy.Document{d}, false
	case has("Resources"), d.Root == nil && jsonKeys(data, "Resources", "AWSTemplateFormatVersion"):
		return readCloudFormationJSON(name, data, o), false
	case has("format_version") && (has("resource_changes") || has("planned_values")),
		d.Root == nil && jsonKeys(data, "resource_changes"):
		return readPlan(name, data, o), false
	case explicit, broken && jsonKeys(data, "Statement", "Version"):
		return []*policy.Document{d}, false
	}
	return nil, true
}

// isJSON reports whether data starts like a JSON object or array (after
// whitespace and a byte order mark): anything else is tried as YAML.
func isJSON(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	return len(data) > 0 && (data[0] == '{' || data[0] == '[')
}

// jsonKeys reports whether JSON text that did not parse has one of the keys
// ("KEY" followed by a colon).
func jsonKeys(data []byte, keys ...string) bool {
	for _, k := range keys {
		for rest := data; ; {
			i := bytes.Index(rest, []byte(`"`+k+`"`))
			if i < 0 {
				break
			}
			rest = bytes.TrimLeft(rest[i+len(k)+2:], " \t\r\n")
			if len(rest) > 0 && rest[0] == ':' {
				return true
			}
		}
	}
	return false
}

// looksLike reports whether text that did not parse holds one of the keys:
// a broken template or policy is still reported, broken JSON of other tools
// (tsconfig.json with comments) is not.
func looksLike(data []byte, keys ...string) bool {
	for _, k := range keys {
		if bytes.Contains(data, []byte(k)) {
			return true
		}
	}
	return false
}

// fileProblem is a Document that only carries a problem of the file.
func fileProblem(src *source, resource, rule string, off int, format string, args ...any) *policy.Document {
	return &policy.Document{Name: src.name, Resource: resource, Bytes: src.data, Problems: []policy.Problem{{
		Rule: rule, Message: fmt.Sprintf(format, args...), Pos: src.pos(off),
	}}}
}

// tooLarge is the Document for a file over MaxFileBytes.
func tooLarge(name string) []*policy.Document {
	return []*policy.Document{{Name: name, Problems: []policy.Problem{{
		Rule:    policy.RuleSize,
		Message: fmt.Sprintf("file is larger than %d bytes and was not read; lint the policies it holds on their own", MaxFileBytes),
		Pos:     policy.Pos{Line: 1, Column: 1},
	}}}}
}
