package escape

import (
	"bytes"
	"encoding/xml"
	"testing"
)

func TestSARIFText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"unknown action \"s3:GetObjekt\"", "unknown action \"s3:GetObjekt\""},
		{"[click](https://evil.example)", `\[click\](https://evil.example)`},
		{"[here](1)", `\[here\](1)`},
		{`\[x](2)`, `\\\[x\](2)`},
		{"{0} {{1}}", "{{0}} {{{{1}}}}"},
		{"a\nb\x1b", `a\\nb\\u001b`},
	}
	for _, tt := range tests {
		if got := SARIFText(tt.in); got != tt.want {
			t.Errorf("SARIFText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestXMLChars(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ok <&>", "ok <&>"},
		{"\x01\x1b[0m", `\u0001\u001b[0m`},
		{"nul\x00", `nul\u0000`},
		{"\ufffe\uffff", `\ufffe\uffff`},
		{"bad \xff", `bad \xff`},
	}
	for _, tt := range tests {
		got := XMLChars(tt.in)
		if got != tt.want {
			t.Errorf("XMLChars(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// encoding/xml must accept what it escapes from our output, and
		// give it back unchanged.
		var buf bytes.Buffer
		if err := xml.EscapeText(&buf, []byte(got)); err != nil {
			t.Fatal(err)
		}
		var back struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte("<a>"+buf.String()+"</a>"), &back); err != nil {
			t.Errorf("XMLChars(%q): not well-formed XML: %v", tt.in, err)
		} else if back.Text != got {
			t.Errorf("XMLChars(%q): round trip gave %q", tt.in, back.Text)
		}
	}
	// Without XMLChars, encoding/xml silently replaces forbidden characters.
	var buf bytes.Buffer
	xml.EscapeText(&buf, []byte("\x1b"))
	if buf.String() != "\ufffd" {
		t.Errorf("encoding/xml escapes ESC as %q; update the XMLChars doc", buf.String())
	}
}
