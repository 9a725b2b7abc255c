package escape

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

// unescapeRunner undoes escaping the way the Actions runner does
// (StringEscapingUtil.UnescapeString): each replacement, in its table order,
// is turned back into its token; %25 comes last.
func unescapeRunner(s string, property bool) string {
	pairs := [][2]string{{"%0D", "\r"}, {"%0A", "\n"}}
	if property {
		pairs = append(pairs, [2]string{"%3A", ":"}, [2]string{"%2C", ","})
	}
	pairs = append(pairs, [2]string{"%25", "%"})
	for _, p := range pairs {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}

var hostile = []string{
	"",
	"plain",
	"100%",
	"%0A",
	"%250A",
	"%%0A%",
	"a\nb\r\nc\r",
	"\n::error::pwned",
	"::add-mask::secret",
	"::stop-commands::x",
	"title=x,line=1",
	"a:b,c",
	"%3A%2C",
	"ünïcödé 😀 : ,",
}

func TestWorkflowEscaping(t *testing.T) {
	tests := []struct {
		in, data, prop string
	}{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"%0A", "%250A", "%250A"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"\n::error::pwned", "%0A::error::pwned", "%0A%3A%3Aerror%3A%3Apwned"},
		{"x,line=9:y", "x,line=9:y", "x%2Cline=9%3Ay"},
		{"%3A", "%253A", "%253A"},
	}
	for _, tt := range tests {
		if got := WorkflowData(tt.in); got != tt.data {
			t.Errorf("WorkflowData(%q) = %q, want %q", tt.in, got, tt.data)
		}
		if got := WorkflowProperty(tt.in); got != tt.prop {
			t.Errorf("WorkflowProperty(%q) = %q, want %q", tt.in, got, tt.prop)
		}
	}
	for _, s := range hostile {
		d, p := WorkflowData(s), WorkflowProperty(s)
		if strings.ContainsAny(d, "\r\n") {
			t.Errorf("WorkflowData(%q) = %q keeps a line break", s, d)
		}
		if strings.ContainsAny(p, "\r\n,:") {
			t.Errorf("WorkflowProperty(%q) = %q keeps a separator", s, p)
		}
		if got := unescapeRunner(d, false); got != s {
			t.Errorf("runner reads WorkflowData(%q) back as %q", s, got)
		}
		if got := unescapeRunner(p, true); got != s {
			t.Errorf("runner reads WorkflowProperty(%q) back as %q", s, got)
		}
	}
}

func TestLogLine(t *testing.T) {
	const z = "\u200b"
	tests := []struct{ in, want string }{
		{"policies/a.json:1:1: error x", "policies/a.json:1:1: error x"},
		{"::error::pwned.json:1:1: error", ":" + z + ":error::pwned.json:1:1: error"},
		{"  \u00a0::warning::x", "  \u00a0:" + z + ":warning::x"},
		{"a ::error::x", "a ::error::x"},
		{"msg ##[add-mask]secret", "msg #" + z + "#[add-mask]secret"},
		{"##vso[task.setvariable variable=x]1", "#" + z + "#vso[task.setvariable variable=x]1"},
		{"###[x", "#" + z + "#" + z + "#[x"},
		{"#[x] # [y]", "#[x] # [y]"},
	}
	for _, tt := range tests {
		got := LogLine(tt.in)
		if got != tt.want {
			t.Errorf("LogLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Contains(got, "##") || strings.HasPrefix(strings.TrimSpace(got), "::") {
			t.Errorf("LogLine(%q) = %q still holds a command", tt.in, got)
		}
	}
}

func TestLogSafeEncodings(t *testing.T) {
	for _, s := range []string{"##[add-mask]x", "###", "a#b", "##vso[x]", "no hashes"} {
		j, _ := json.Marshal(map[string]string{"k": s})
		safe := LogSafeJSON(j)
		var back map[string]string
		if err := json.Unmarshal(safe, &back); err != nil || back["k"] != s {
			t.Errorf("LogSafeJSON(%s) = %s reads back as %q, %v", j, safe, back["k"], err)
		}
		var xb bytes.Buffer
		xml.EscapeText(&xb, []byte(s))
		safeX := LogSafeXML([]byte("<a b=\"" + xb.String() + "\">" + xb.String() + "</a>"))
		var x struct {
			B    string `xml:"b,attr"`
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal(safeX, &x); err != nil || x.B != s || x.Text != s {
			t.Errorf("LogSafeXML gives %s, read back as %+v, %v", safeX, x, err)
		}
		if bytes.Contains(safe, []byte("##")) || bytes.Contains(safeX, []byte("##")) {
			t.Errorf("%q: ## survives: %s %s", s, safe, safeX)
		}
	}
}
