package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mrapguard/mrapguard/lint"
)

// The committed metadata_gen.go must be what the generator makes from the
// rules' METADATA blocks: an edited rule and a forgotten `go generate ./rules`
// fails here.
func TestMetadataIsCurrent(t *testing.T) {
	want, err := Generate(os.DirFS("../../rules"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../rules/metadata_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("rules/metadata_gen.go is stale: run go generate ./rules")
	}
}

func TestIncompleteMetadataFails(t *testing.T) {
	for name, src := range map[string]string{
		"no metadata": "package mrapguard.rules.a.b\n\ndeny contains \"x\" if false\n",
		"bad id":      "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: Bad ID\n#   severity: error\n#   remediation: R\npackage mrapguard.rules.a.b\n",
		"no fix":      "# METADATA\n# title: T\n# description: D\n# custom:\n#   id: a/b\n#   severity: error\npackage mrapguard.rules.a.b\n",
	} {
		if _, err := Generate(fstest.MapFS{"a_b.rego": {Data: []byte(src)}}); err == nil {
			t.Errorf("%s: Generate accepted it", name)
		}
	}
}

func TestAccessAnalyzerCodes(t *testing.T) {
	rule := func(codes string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("# METADATA\n# title: T\n# description: D\n# custom:\n#   id: a/b\n#   severity: error\n#   remediation: R\n" +
			codes + "package mrapguard.rules.a.b\n\ndeny contains \"x\" if false\n")}
	}
	checks := func(body string) *fstest.MapFile { return &fstest.MapFile{Data: []byte("checks:\n" + body)} }
	one := checks("  - {code: INVALID_ACTION, title: Invalid action, type: ERROR}\n  - {code: MISSING_VERSION, title: Missing version, type: GENERAL_WARNING, reason: r}\n")

	out, err := Generate(fstest.MapFS{"a_b.rego": rule("#   access_analyzer: [INVALID_ACTION]\n"), checksFile: one})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`AccessAnalyzer: []string{"INVALID_ACTION"}`, `{Code: "MISSING_VERSION", Title: "Missing version", Type: "GENERAL_WARNING", Reason: "r"}`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("generated code lacks %s:\n%s", want, out)
		}
	}

	for name, fsys := range map[string]fstest.MapFS{
		"unknown code":    {"a_b.rego": rule("#   access_analyzer: [INVALID_ACTIONS]\n"), checksFile: one},
		"code twice":      {"a_b.rego": rule("#   access_analyzer: [INVALID_ACTION, INVALID_ACTION]\n"), checksFile: one},
		"not a list":      {"a_b.rego": rule("#   access_analyzer: INVALID_ACTION\n"), checksFile: one},
		"no checks file":  {"a_b.rego": rule("#   access_analyzer: [INVALID_ACTION]\n")},
		"check twice":     {"a_b.rego": rule(""), checksFile: checks("  - {code: A, title: T, type: ERROR}\n  - {code: A, title: T, type: ERROR}\n")},
		"bad type":        {"a_b.rego": rule(""), checksFile: checks("  - {code: A, title: T, type: WARNING}\n")},
		"two-line reason": {"a_b.rego": rule(""), checksFile: checks("  - {code: A, title: T, type: ERROR, reason: \"r\\ns\"}\n")},
		"unknown field":   {"a_b.rego": rule(""), checksFile: checks("  - {code: A, title: T, type: ERROR, rule: a/b}\n")},
	} {
		if _, err := Generate(fsys); err == nil {
			t.Errorf("%s: Generate accepted it", name)
		}
	}
}

// The committed compiled.bin and parsed.bin must be the embedded rules as
// built now: an edited rule, or an upgrade of OPA, and a forgotten
// `go generate ./rules` fails here (lint would still be right, parsing and
// compiling the rules from source at every start).
func TestBuiltFormsAreCurrent(t *testing.T) {
	compiled, parsed, err := lint.BuildBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string][]byte{"compiled.bin": compiled, "parsed.bin": parsed} {
		got, err := os.ReadFile("../../rules/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("rules/%s is stale: run go generate ./rules", file)
		}
	}
}
