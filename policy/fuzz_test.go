package policy

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics and keeps its contracts on any
// input: positions inside the input, a tree exactly when encoding/json agrees
// the input is JSON, and a canonical form that is a fixed point.
// Seeds live in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"}]}`))
	f.Add([]byte("\xEF\xBB\xBF{\"a\":[1,2,{\"b\":null}],\"a\":true}"))
	f.Add([]byte(`{"Statement":{"Condition":{"StringEquals":{"k":["\ud83d\ude00",1e5,false]}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := Parse("fuzz.json", data, Options{MaxBytes: 4096})
		for _, p := range d.Problems {
			if p.Pos.Line < 1 || p.Pos.Column < 1 || p.Pos.Offset < 0 || p.Pos.Offset > len(data) {
				t.Fatalf("problem position out of range: %+v", p)
			}
			if p.Message == "" || p.Rule == "" {
				t.Fatalf("problem without rule or message: %+v", p)
			}
		}
		body := bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		if d.Root != nil && !json.Valid(body) {
			t.Fatalf("Parse accepted input that encoding/json rejects")
		}
		if d.Root == nil && json.Valid(body) && utf8.Valid(body) && len(data) <= (Options{}).ReadLimit() &&
			bytes.Count(body, []byte("["))+bytes.Count(body, []byte("{")) <= DefaultMaxDepth {
			t.Fatalf("Parse rejected valid JSON: %+v", d.Problems)
		}
		if d.Root == nil {
			return
		}
		c := d.Canonical()
		d2 := Parse("canonical.json", c, Options{MaxBytes: -1})
		if d2.Root == nil {
			t.Fatalf("canonical form does not parse: %s: %+v", c, d2.Problems)
		}
		if c2 := d2.Canonical(); !bytes.Equal(c, c2) {
			t.Fatalf("canonical form is not a fixed point:\n%s\n%s", c, c2)
		}
		if d.Hash() != d2.Hash() {
			t.Fatalf("hash changed after canonicalization")
		}
		_ = d.Normalized()
		for _, p := range d.Problems {
			if p.Pointer != "" {
				d.Lookup([]any{p.Pointer})
			}
		}
		for _, s := range d.Policy.Statements {
			if n, _ := d.Lookup([]any{"Statement", s.Index}); n == nil {
				t.Fatalf("statement %d does not resolve", s.Index)
			}
		}
	})
}
