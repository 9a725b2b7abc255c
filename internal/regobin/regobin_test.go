package regobin

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
)

// Every kind of node the parser and the compiler make.
var sources = map[string]string{
	"a.rego": `package a.b

import data.lib.helpers as h
import input.policy

default allow := false

allow if {
	some i, x in input.list
	x.ok == true
	not input.denied[i]
	count([y | some y in input.list; y > 1.5]) >= 2
}

deny contains {"msg": msg, "path": ["Statement", i]} if {
	some i
	s := input.policy.Statement[i]
	msg := sprintf("bad %v", [s])
}

obj[k] := v if {
	some k, v in {"a": 1, "b": null, "c": [true, false]}
}

byname := {n: v | some n, v in input.m}
names := {n | some n in input.names}

p.q[r].s := 1 if some r in input.rs

f(x) := y if {
	y := x * 2
} else := z if {
	z := -1
} else := 0

g(x, y) := true if {
	every v in x {
		v < y
	}
	every k, v in {"a": 1} {
		k != v
	}
}

t := $"hello {input.name} and {1 + 2}"
t2 := $` + "`" + `multi
line {input.name}` + "`" + `

w if {
	h.x with input as {"x": 1} with data.lib.helpers.y as 2
}

n := 12345678901234567890.5e3
`,
	"lib.rego": `package lib.helpers

x := input.x
y := 1
`,
}

func parse(t *testing.T) map[string]*ast.Module {
	t.Helper()
	mods := map[string]*ast.Module{}
	for name, src := range sources {
		m, err := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		mods[name] = m
	}
	return mods
}

func srcs() map[string][]byte {
	out := map[string][]byte{}
	for name, src := range sources {
		out[name] = []byte(src)
	}
	return out
}

// roundTrip checks that what Decode reads back is the set encoded: the
// same modules (OPA's equality), printed the same, and written the same
// again, which covers every location and flag the format holds.
func roundTrip(t *testing.T, in *Set) *Set {
	t.Helper()
	b, err := Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Decode(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if out.Key != in.Key {
		t.Errorf("key %q, want %q", out.Key, in.Key)
	}
	if len(out.Modules) != len(in.Modules) {
		t.Fatalf("%d modules, want %d", len(out.Modules), len(in.Modules))
	}
	for name, m := range in.Modules {
		got := out.Modules[name]
		if got == nil {
			t.Fatalf("module %s missing", name)
		}
		if !m.Equal(got) {
			t.Errorf("module %s differs:\n%v\nwant\n%v", name, got, m)
		}
		if got.String() != m.String() {
			t.Errorf("module %s prints differently:\n%v\nwant\n%v", name, got, m)
		}
		if got.RegoVersionSpan() != m.RegoVersionSpan() {
			t.Errorf("module %s: rego version %v, want %v", name, got.RegoVersionSpan(), m.RegoVersionSpan())
		}
		ast.WalkRules(got, func(r *ast.Rule) bool {
			if r.Module != got {
				t.Errorf("module %s: rule %v does not point at its module", name, r.Head.Ref())
			}
			return false
		})
	}
	if diff := cmp.Diff(in.Stages, out.Stages); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(in.RewrittenVars, out.RewrittenVars); diff != "" {
		t.Errorf("rewritten vars (-want +got):\n%s", diff)
	}
	again, err := Encode(&Set{Modules: out.Modules, Sources: in.Sources, RewrittenVars: out.RewrittenVars, Stages: out.Stages, Key: out.Key})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, b) {
		t.Error("the decoded set encodes differently")
	}
	return out
}

func TestRoundTripParsed(t *testing.T) {
	mods := parse(t)
	out := roundTrip(t, &Set{Modules: mods, Sources: srcs(), Key: "k1"})
	// Locations keep file, row, column, offset and text.
	var want, got []string
	collect := func(m *ast.Module, into *[]string) {
		ast.WalkTerms(m, func(x *ast.Term) bool {
			if l := x.Location; l != nil {
				*into = append(*into, l.File+":"+l.String()+":"+string(l.Text)+":"+strings.Repeat("*", l.Offset))
			}
			return false
		})
	}
	for _, name := range []string{"a.rego", "lib.rego"} {
		collect(mods[name], &want)
		collect(out.Modules[name], &got)
	}
	if len(want) < 100 {
		t.Fatalf("only %d locations", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
}

func TestRoundTripCompiled(t *testing.T) {
	c := ast.NewCompiler().WithEnablePrintStatements(false)
	c.Compile(parse(t))
	if c.Failed() {
		t.Fatal(c.Errors)
	}
	if len(c.RewrittenVars) == 0 {
		t.Fatal("no rewritten vars")
	}
	roundTrip(t, &Set{Modules: c.Modules, Sources: srcs(), RewrittenVars: c.RewrittenVars, Stages: []string{"SetRuleTree", "BuildRuleIndices"}, Key: "compiled"})
	// Without sources, texts are stored as they are.
	roundTrip(t, &Set{Modules: c.Modules, RewrittenVars: c.RewrittenVars})
}

func TestEncodingIsDeterministic(t *testing.T) {
	s := &Set{Modules: parse(t), Sources: srcs()}
	a, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, _ := Encode(s)
		if !bytes.Equal(a, b) {
			t.Fatal("two encodings of one set differ")
		}
	}
}

func TestDecodeRefusesDamage(t *testing.T) {
	b, err := Encode(&Set{Modules: parse(t), Sources: srcs()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode("not a set"); err == nil {
		t.Error("Decode accepted garbage")
	}
	// Every truncation fails with an error, not a panic.
	for n := len(magic); n < len(b); n += 1 + n/50 {
		if _, err := Decode(string(b[:n])); err == nil {
			t.Errorf("Decode accepted %d of %d bytes", n, len(b))
		}
	}
	for i := len(magic); i < len(b); i += 7 {
		d := slices.Clone(b)
		d[i] ^= 0xff
		Decode(string(d)) // must not panic
	}
}

// The fields of the nodes Encode writes, or leaves out on purpose (see the
// package doc). An OPA upgrade that adds a field fails here: decide whether
// it must be stored, and update Encode, Decode and this list.
var knownFields = map[reflect.Type][]string{
	reflect.TypeFor[ast.Module]():              {"Package", "Imports", "Annotations (not stored)", "Rules", "Comments (not stored)", "regoVersion"},
	reflect.TypeFor[ast.Package]():             {"Path", "Location"},
	reflect.TypeFor[ast.Import]():              {"Path", "Alias", "Location", "AliasLocation"},
	reflect.TypeFor[ast.Rule]():                {"Head", "Body", "Else", "Location", "Annotations (not stored)", "Module", "Default", "generatedBody (not stored)"},
	reflect.TypeFor[ast.Head]():                {"Name", "Reference", "Args", "Key", "Value", "Assign", "Location", "keywords (not stored)", "generatedValue (not stored)"},
	reflect.TypeFor[ast.Expr]():                {"With", "Terms", "Index", "Generated", "Negated", "Location", "generatedFrom (not stored)", "generates (not stored)", "fromAssignment (not stored)"},
	reflect.TypeFor[ast.With]():                {"Target", "Value", "Location"},
	reflect.TypeFor[ast.SomeDecl]():            {"Symbols", "Location"},
	reflect.TypeFor[ast.Every]():               {"Key", "Value", "Domain", "Body", "Location"},
	reflect.TypeFor[ast.Not]():                 {"Body", "ExplicitBody", "Location"},
	reflect.TypeFor[ast.LogicalAnd]():          {"Lhs", "Rhs", "ExplicitLhs", "ExplicitRhs", "Location"},
	reflect.TypeFor[ast.LogicalOr]():           {"Lhs", "Rhs", "ExplicitLhs", "ExplicitRhs", "Location"},
	reflect.TypeFor[ast.Term]():                {"Value", "Location"},
	reflect.TypeFor[ast.Location]():            {"Text", "File", "Row", "Col", "Offset", "Tabs (not stored)"},
	reflect.TypeFor[ast.ArrayComprehension]():  {"Term", "Body"},
	reflect.TypeFor[ast.SetComprehension]():    {"Term", "Body"},
	reflect.TypeFor[ast.ObjectComprehension](): {"Key", "Value", "Body"},
	reflect.TypeFor[ast.TemplateString]():      {"Parts", "MultiLine"},
}

func TestASTFieldsKnown(t *testing.T) {
	for typ, want := range knownFields {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		for i, f := range want {
			want[i], _, _ = strings.Cut(f, " ")
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ast.%s has changed (-known +now): store the new fields in regobin or list them as not stored\n%s", typ.Name(), diff)
		}
	}
}
