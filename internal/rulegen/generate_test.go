package main

import (
	"bytes"
	"os"
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
