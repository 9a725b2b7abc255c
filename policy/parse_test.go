package policy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// problemAt is a compact form of a Problem for table tests.
type problemAt struct {
	Rule    string
	Pointer string
	Line    int
	Column  int
	Has     string // substring of the message
}

func summarize(ps []Problem, wants []problemAt) []problemAt {
	if len(ps) == 0 {
		return nil
	}
	out := make([]problemAt, len(ps))
	for i, p := range ps {
		out[i] = problemAt{Rule: p.Rule, Pointer: p.Pointer, Line: p.Pos.Line, Column: p.Pos.Column}
		if i < len(wants) && strings.Contains(p.Message, wants[i].Has) {
			out[i].Has = wants[i].Has
		} else {
			out[i].Has = p.Message
		}
	}
	return out
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  []problemAt
		noDoc bool // Root must be nil
	}{
		{name: "empty", in: "", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 1, "file is empty"}}},
		{name: "only whitespace", in: " \n\t", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 2, 2, "file is empty"}}},
		{name: "trailing comma in object", in: "{\n  \"Version\": \"2012-10-17\",\n}", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 3, 1, "trailing comma before '}'"}}},
		{name: "trailing comma in array", in: `{"Statement": [{}, ]}`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 20, "trailing comma before ']'"}}},
		{name: "truncated", in: "{\"Statement\": [\n  {\"Effect\": \"Allow\"", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 2, 21, "object opened at 2:3 is not closed"}}},
		{name: "unterminated string", in: `{"Sid": "abc`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 9, "unterminated string starting at 1:9"}}},
		{name: "single quotes", in: `{'Version': 1}`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 2, "expected an object key in double quotes"}}},
		{name: "bare word", in: `{"Effect": Allow}`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 12, `unexpected "Allow"`}}},
		{name: "comment", in: "{\n// no\n}", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 2, 1, "expected an object key"}}},
		{name: "yaml", in: "Version: \"2012-10-17\"\nStatement:\n  - Effect: Allow\n", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 1, "this looks like YAML, but a policy file is JSON (convert it, for example with yq -o json FILE)"}}},
		{name: "yaml document marker", in: "---\nVersion: x\n", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 1, "looks like YAML"}}},
		{name: "yaml quoted key", in: "  \"Version\": \"2012-10-17\"\n", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 3, "looks like YAML"}}},
		{name: "a comment is not yaml", in: "# my policy\n{}", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 1, `unexpected '#': expected a JSON value`}}},
		{name: "a bare word is not yaml", in: `Allow`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 1, `unexpected "Allow": expected a JSON value (strings need double quotes)`}}},
		{name: "two values", in: `{} {}`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 4, "exactly one JSON object"}}},
		{name: "bad escape", in: `{"a": "\q"}`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 8, `invalid escape sequence \q`}}},
		{name: "raw newline in string", in: "{\"a\": \"x\ny\"}", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 9, "line break inside a string"}}},
		{name: "invalid utf8", in: "{\"a\": \"\xff\"}", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 8, "invalid UTF-8 byte 0xFF"}}},
		{name: "leading zero", in: `{"a": 01}`, noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 8, "invalid number"}}},
		{name: "column counts code points", in: "{\"Sid\": \"äöü\", ]", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 16, "expected an object key"}}},
		{name: "bom", in: "\xEF\xBB\xBF{\"Version\": \"2012-10-17\", \"Statement\": []}",
			want: []problemAt{{RuleSyntax, "", 1, 1, "byte order mark"}}},
		{name: "bom then error keeps columns", in: "\xEF\xBB\xBF{,}", noDoc: true,
			want: []problemAt{{RuleSyntax, "", 1, 1, "byte order mark"}, {RuleSyntax, "", 1, 2, "expected an object key"}}},
		{name: "duplicate key at depth", in: "{\"Statement\": [{\"Effect\": \"Allow\",\n \"Effect\": \"Deny\"}]}",
			want: []problemAt{{RuleDuplicateKey, "/Statement/0/Effect", 2, 2, `duplicate key "Effect" (first at 1:17)`}}},
		{name: "duplicate key in condition", in: `{"Statement": {"Condition": {"StringEquals": {"aws:x": "1", "aws:x": "2"}}}}`,
			want: []problemAt{{RuleDuplicateKey, "/Statement/Condition/StringEquals/aws:x", 1, 61, "duplicate key"}}},
		{name: "top level array", in: `[{"Effect": "Allow"}]`,
			want: []problemAt{{RuleStructure, "", 1, 1, "must be a JSON object, found an array"}}},
		{name: "top level null", in: `null`,
			want: []problemAt{{RuleStructure, "", 1, 1, "found null"}}},
		{name: "statement string", in: `{"Statement": "Allow everything"}`,
			want: []problemAt{{RuleStructure, "/Statement", 1, 15, "Statement must be an object or a list of objects, found a string"}}},
		{name: "statement element not object", in: `{"Statement": [1, {}]}`,
			want: []problemAt{{RuleStructure, "/Statement/0", 1, 16, "each statement must be a JSON object, found a number"}}},
		{name: "resource object", in: `{"Statement": [{"Resource": {"a": "b"}}]}`,
			want: []problemAt{{RuleStructure, "/Statement/0/Resource", 1, 29, "Resource must be a string or a list of strings, found an object"}}},
		{name: "action list with number", in: `{"Statement": [{"Action": ["s3:GetObject", 7]}]}`,
			want: []problemAt{{RuleStructure, "/Statement/0/Action/1", 1, 44, "Action must hold strings, found a number"}}},
		{name: "version number", in: `{"Version": 2012}`,
			want: []problemAt{{RuleStructure, "/Version", 1, 13, "Version must be a string, found a number"}}},
		{name: "principal string not star", in: `{"Statement": {"Principal": "arn:aws:iam::111122223333:root"}}`,
			want: []problemAt{{RuleStructure, "/Statement/Principal", 1, 29, `Principal must be "*" or an object`}}},
		{name: "principal value object", in: `{"Statement": {"Principal": {"AWS": {"x": 1}}}}`,
			want: []problemAt{{RuleStructure, "/Statement/Principal/AWS", 1, 37, "Principal AWS must be a string or a list of strings"}}},
		{name: "condition value nested", in: `{"Statement": {"Condition": {"Bool": {"aws:SecureTransport": [["true"]]}}}}`,
			want: []problemAt{{RuleStructure, "/Statement/Condition/Bool/aws:SecureTransport/0", 1, 63, "must be strings, numbers or booleans"}}},
		{name: "condition operator not object", in: `{"Statement": {"Condition": {"Bool": "true"}}}`,
			want: []problemAt{{RuleStructure, "/Statement/Condition/Bool", 1, 38, "must map condition keys to values"}}},
		{name: "condition null", in: `{"Statement": {"Condition": null}}`,
			want: []problemAt{{RuleStructure, "/Statement/Condition", 1, 29, "found null"}}},
		{name: "pointer escaping", in: `{"Statement": {"Condition": {"StringEquals": {"a/b~c": {}}}}}`,
			want: []problemAt{{RuleStructure, "/Statement/Condition/StringEquals/a~1b~0c", 1, 56, "condition key a/b~c"}}},
		{name: "too deep", in: strings.Repeat("[", 40) + strings.Repeat("]", 40), noDoc: true,
			want: []problemAt{{RuleStructure, "", 1, 33, "deeper than 32 levels"}}},
		{name: "clean", in: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse("p.json", []byte(tt.in), Options{})
			if diff := cmp.Diff(tt.want, summarize(d.Problems, tt.want)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (d.Root == nil) != tt.noDoc {
				t.Errorf("Root == nil is %v, want %v", d.Root == nil, tt.noDoc)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	big := `{"Statement": [` + strings.Repeat(`{"Sid": "x"},`, 2000) + `{}]}`
	d := Parse("big.json", []byte(big), Options{})
	if len(d.Problems) == 0 || d.Problems[0].Rule != RuleSize {
		t.Fatalf("want a %s problem first, got %+v", RuleSize, d.Problems)
	}
	if !strings.Contains(d.Problems[0].Message, "over the limit of 20480 bytes") {
		t.Errorf("message = %q", d.Problems[0].Message)
	}
	if d.Root == nil || len(d.Policy.Statements) != 2001 {
		t.Errorf("an oversized file under the read limit must still be parsed")
	}
	// A configured limit applies; a negative one disables the check.
	if d := Parse("big.json", []byte(big), Options{MaxBytes: 1 << 20}); len(d.Problems) != 0 {
		t.Errorf("MaxBytes 1 MiB: problems %+v", d.Problems)
	}
	if d := Parse("big.json", []byte(big), Options{MaxBytes: -1}); len(d.Problems) != 0 {
		t.Errorf("MaxBytes -1: problems %+v", d.Problems)
	}
	// Beyond the read limit nothing is parsed, and the message does not
	// take the bytes read for the file's size.
	for _, tt := range []struct {
		max  int
		read int
		msg  string
	}{
		{0, 1 << 20, "policy is larger than 1048576 bytes, over the limit of 20480 bytes; it was not parsed"},
		{1 << 20, HardMaxBytes, "policy is larger than 4194304 bytes (4 MiB), the most mrapguard reads of a policy even without a size limit; it was not parsed"},
		{-1, HardMaxBytes, "policy is larger than 4194304 bytes (4 MiB), the most mrapguard reads of a policy even without a size limit; it was not parsed"},
	} {
		o := Options{MaxBytes: tt.max}
		if o.ReadLimit() != tt.read {
			t.Errorf("MaxBytes %d: ReadLimit %d, want %d", tt.max, o.ReadLimit(), tt.read)
		}
		d = Parse("huge.json", make([]byte, o.ReadLimit()+1), o)
		if d.Root != nil || len(d.Problems) != 1 || d.Problems[0].Rule != RuleSize || d.Problems[0].Message != tt.msg {
			t.Errorf("MaxBytes %d, huge input: Root %v, problems %+v", tt.max, d.Root != nil, d.Problems)
		}
	}
	// --max-bytes -1 means no limit up to the hard cap: a 3 MB policy is
	// parsed without a policy/size problem.
	three := []byte(`{"Statement": [` + strings.Repeat(`{"Sid": "x"},`, 3_000_000/13) + `{}]}`)
	if d := Parse("3mb.json", three, Options{MaxBytes: -1}); d.Root == nil || len(d.Problems) != 0 {
		t.Errorf("a 3 MB policy with no limit: Root %v, problems %+v", d.Root != nil, d.Problems)
	}
	if err := (Options{MaxBytes: HardMaxBytes + 1}).Check(); err == nil || !strings.Contains(err.Error(), "above the hard cap of 4194304 bytes") {
		t.Errorf("Check(HardMaxBytes+1) = %v", err)
	}
	for _, ok := range []int{-1, 0, 1, HardMaxBytes} {
		if err := (Options{MaxBytes: ok}).Check(); err != nil {
			t.Errorf("Check(%d) = %v", ok, err)
		}
	}
}

func TestNormalize(t *testing.T) {
	in := `{
  "Version": "2012-10-17",
  "Id": "p1",
  "Statement": {
    "Sid": "Read",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "NotResource": ["arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/secret/*"],
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc", "s3:x": ["a", "b"]}, "Bool": {"aws:SecureTransport": true}}
  }
}`
	d := Parse("p.json", []byte(in), Options{})
	if len(d.Problems) != 0 {
		t.Fatalf("problems: %+v", d.Problems)
	}
	want := Policy{
		Version: "2012-10-17", HasVersion: true, ID: "p1",
		Statements: []Statement{{
			Index: 0, Sid: "Read", HasSid: true, Effect: "Allow",
			Principal:   Principal{"AWS": {"*"}},
			Action:      []string{"s3:GetObject"},
			NotResource: []string{"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/secret/*"},
			Condition: Condition{
				"StringEquals": {"aws:PrincipalOrgID": {"o-abc"}, "s3:x": {"a", "b"}},
				"Bool":         {"aws:SecureTransport": {"true"}},
			},
		}},
	}
	if diff := cmp.Diff(want, d.Policy); diff != "" {
		t.Errorf("Policy (-want +got):\n%s", diff)
	}
	wantNorm := map[string]any{
		"Version": "2012-10-17", "Id": "p1",
		"Statement": []any{map[string]any{
			"Sid": "Read", "Effect": "Allow",
			"Principal":   map[string]any{"AWS": []any{"*"}},
			"Action":      []any{"s3:GetObject"},
			"NotResource": []any{"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/secret/*"},
			"Condition": map[string]any{
				"StringEquals": map[string]any{"aws:PrincipalOrgID": []any{"o-abc"}, "s3:x": []any{"a", "b"}},
				"Bool":         map[string]any{"aws:SecureTransport": []any{true}},
			},
		}},
	}
	if diff := cmp.Diff(wantNorm, d.Normalized()); diff != "" {
		t.Errorf("Normalized (-want +got):\n%s", diff)
	}
}

func TestPrincipalShapesAreEquivalent(t *testing.T) {
	shapes := []string{`"*"`, `{"AWS": "*"}`, `{"AWS": ["*"]}`}
	var first any
	for i, s := range shapes {
		d := Parse("p.json", []byte(`{"Statement": [{"Principal": `+s+`}]}`), Options{})
		got := d.Normalized()
		if diff := cmp.Diff(Principal{"AWS": {"*"}}, d.Policy.Statements[0].Principal); diff != "" {
			t.Errorf("%s: typed principal (-want +got):\n%s", s, diff)
		}
		if i == 0 {
			first = got
		} else if diff := cmp.Diff(first, got); diff != "" {
			t.Errorf("%s normalizes differently from %s:\n%s", s, shapes[0], diff)
		}
	}
}

func TestWrongTypesStayAsWritten(t *testing.T) {
	d := Parse("p.json", []byte(`{"Statement": [{"Action": {"x": 1}, "Principal": "me", "Condition": "c"}, 5]}`), Options{})
	want := map[string]any{"Statement": []any{
		map[string]any{"Action": map[string]any{"x": json.Number("1")}, "Principal": "me", "Condition": "c"},
		json.Number("5"),
	}}
	if diff := cmp.Diff(want, d.Normalized()); diff != "" {
		t.Errorf("Normalized (-want +got):\n%s", diff)
	}
	if s := d.Policy.Statements; len(s) != 1 || s[0].Action != nil || s[0].Principal != nil || s[0].Condition != nil {
		t.Errorf("typed view must leave wrongly typed elements out: %+v", s)
	}
}

// A Condition keeps its well-typed operators and keys: leaving out one that
// is malformed makes the statement match more, never less.
func TestConditionKeepsWellTypedEntries(t *testing.T) {
	d := Parse("p.json", []byte(`{"Statement": {"Condition": {
		"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:x": [["nested"]]},
		"Bool": "true",
		"IpAddress": {"aws:SourceIp": null}}}}`), Options{})
	want := Condition{"StringEquals": {"aws:PrincipalOrgID": {"o-a1b2c3d4e5"}}, "IpAddress": {}}
	if diff := cmp.Diff(want, d.Policy.Statements[0].Condition); diff != "" {
		t.Errorf("Condition (-want +got):\n%s", diff)
	}
	if len(d.Problems) != 3 {
		t.Errorf("want 3 problems, got %+v", d.Problems)
	}
}

func TestLookup(t *testing.T) {
	in := "{\n" +
		"  \"Statement\": {\n" +
		"    \"Principal\": \"*\",\n" +
		"    \"Action\": \"s3:GetObject\",\n" +
		"    \"Resource\": [\"a\", \"b\"],\n" +
		"    \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}\n" +
		"  }\n" +
		"}"
	d := Parse("p.json", []byte(in), Options{})
	tests := []struct {
		path      []any
		ptr       string
		line, col int
	}{
		{nil, "", 1, 1},
		{[]any{"Statement", 0}, "/Statement", 2, 16},
		{[]any{"Statement", 0, "Principal", "AWS", 0}, "/Statement/Principal", 3, 18},
		{[]any{"Statement", 0, "Action", 0}, "/Statement/Action", 4, 15},
		{[]any{"Statement", 0, "Resource", 1}, "/Statement/Resource/1", 5, 23},
		{[]any{"Statement", float64(0), "Resource", json.Number("1")}, "/Statement/Resource/1", 5, 23},
		{[]any{"Statement", 0, "Resource", 7}, "/Statement/Resource", 5, 17},
		{[]any{"Statement", 0, "Condition", "Bool", "aws:SecureTransport", 0}, "/Statement/Condition/Bool/aws:SecureTransport", 6, 51},
		{[]any{"Statement", 0, "Nope"}, "/Statement", 2, 16},
		{[]any{"Statement", 1}, "/Statement", 2, 16}, // a lone statement has only index 0
	}
	for _, tt := range tests {
		n, ptr := d.Lookup(tt.path)
		got := []any{ptr, n.Start.Line, n.Start.Column}
		if diff := cmp.Diff([]any{tt.ptr, tt.line, tt.col}, got); diff != "" {
			t.Errorf("Lookup(%v) (-want +got):\n%s", tt.path, diff)
		}
	}
	if got := Pointer([]any{"Statement", 2, "Condition", "a/b~"}); got != "/Statement/2/Condition/a~1b~0" {
		t.Errorf("Pointer = %q", got)
	}
}

func TestLookupMinifiedColumns(t *testing.T) {
	// One long line: columns must still be exact (and computing them must not
	// be quadratic; see BenchmarkParse).
	var b strings.Builder
	b.WriteString(`{"Statement":[`)
	for i := 0; i < 300; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"Sid":"ä","Action":"s3:GetObject"}`)
	}
	b.WriteString(`]}`)
	d := Parse("min.json", []byte(b.String()), Options{MaxBytes: -1})
	n, _ := d.Lookup([]any{"Statement", 299, "Action"})
	// Each statement is 35 code points plus a comma; statement 299 starts at
	// column 15 + 299*36, and "Action"'s value 20 code points later.
	if want := 15 + 299*36 + 20; n.Start.Column != want || n.Start.Line != 1 {
		t.Errorf("column = %d:%d, want 1:%d", n.Start.Line, n.Start.Column, want)
	}
}

func TestCanonicalAndHash(t *testing.T) {
	a := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Principal":{"AWS":"*"}}]}`
	b := "{\r\n  \"Statement\" : [ {\n\t\"Principal\": {\"AWS\": \"*\"},\n  \"Action\": [ \"s3:GetObject\" ], \"Effect\":\"Allow\" } ],\n \"Version\": \"2012-10-17\"\n}\n"
	c := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Principal":{"AWS":"*"}}]}`
	da, db, dc := Parse("a", []byte(a), Options{}), Parse("b", []byte(b), Options{}), Parse("c", []byte(c), Options{})
	want := `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Principal":{"AWS":"*"}}],"Version":"2012-10-17"}`
	if got := string(db.Canonical()); got != want {
		t.Errorf("Canonical = %s\nwant        %s", got, want)
	}
	if da.Hash() != db.Hash() {
		t.Errorf("formatting and key order changed the hash")
	}
	if da.Hash() == dc.Hash() {
		t.Errorf(`"x" and ["x"] must hash differently (the hash identifies the document, not its meaning)`)
	}
	if len(da.Hash()) != 64 {
		t.Errorf("Hash length %d", len(da.Hash()))
	}
	// Escapes are canonical: "\u0041" and "A" are the same string.
	e1, e2 := Parse("e", []byte(`{"Sid":"\u0041\/\"\u00e4\n\u0001"}`), Options{}), Parse("e", []byte(`{"Sid":"A/\"ä\n\u0001"}`), Options{})
	if string(e1.Canonical()) != `{"Sid":"A/\"ä\n\u0001"}` || e1.Hash() != e2.Hash() {
		t.Errorf("escapes not canonical: %s", e1.Canonical())
	}
	// Canonical output is valid JSON that decodes to the same value.
	var v1, v2 any
	if err := json.Unmarshal(db.Canonical(), &v1); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &v2); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v2, v1); diff != "" {
		t.Errorf("canonical JSON decodes differently (-want +got):\n%s", diff)
	}
}

func TestDuplicateKeyLastWins(t *testing.T) {
	d := Parse("d", []byte(`{"Statement": {"Effect": "Deny", "Effect": "Allow"}}`), Options{})
	if d.Policy.Statements[0].Effect != "Allow" {
		t.Errorf("Effect = %q, want the last value like encoding/json", d.Policy.Statements[0].Effect)
	}
	if got := string(d.Canonical()); got != `{"Statement":{"Effect":"Allow"}}` {
		t.Errorf("Canonical = %s", got)
	}
	// A large object switches to an index for duplicate detection.
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 40; i++ {
		b.WriteString(`"k` + strings.Repeat("x", i) + `": 1,`)
	}
	b.WriteString(`"k": 2, "kxxx": 3}`)
	d = Parse("big", []byte(b.String()), Options{})
	var dups []string
	for _, p := range d.Problems {
		dups = append(dups, p.Pointer)
	}
	if diff := cmp.Diff([]string{"/k", "/kxxx"}, dups); diff != "" {
		t.Errorf("duplicates (-want +got):\n%s", diff)
	}
}

func TestSurrogates(t *testing.T) {
	d := Parse("s", []byte(`{"Statement": {"Sid": "\ud83d\ude00 \ud800 x"}}`), Options{})
	if got := d.Policy.Statements[0].Sid; got != "😀 \uFFFD x" {
		t.Errorf("Sid = %q", got)
	}
}
