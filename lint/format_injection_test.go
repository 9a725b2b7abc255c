package lint

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/internal/escape"
	"github.com/mrapguard/mrapguard/internal/mdtest"
)

// runnerCommands are the commands the GitHub Actions runner registers.
var runnerCommands = map[string]bool{
	"error": true, "warning": true, "notice": true, "debug": true, "add-mask": true,
	"stop-commands": true, "set-output": true, "set-env": true, "add-path": true,
	"save-state": true, "group": true, "endgroup": true, "echo": true,
	"add-matcher": true, "remove-matcher": true,
}

type runnerCommand struct {
	Name  string
	Props map[string]string
	Data  string
}

func runnerUnescape(s string, property bool) string {
	pairs := [][2]string{{"%0D", "\r"}, {"%0A", "\n"}}
	if property {
		pairs = append(pairs, [2]string{"%3A", ":"}, [2]string{"%2C", ","})
	}
	for _, p := range append(pairs, [2]string{"%25", "%"}) {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}

// parseRunnerLine reads one log line the way the Actions runner does
// (ActionCommandManager.TryProcessCommand): the "::" form at the start of
// the trimmed line, else the legacy "##[" form anywhere in it.
func parseRunnerLine(line string) (runnerCommand, bool) {
	if msg := strings.TrimLeftFunc(line, unicode.IsSpace); strings.HasPrefix(msg, "::") {
		if end := strings.Index(msg[2:], "::"); end >= 0 {
			info := msg[2 : end+2]
			name, props, _ := strings.Cut(info, " ")
			if runnerCommands[name] {
				c := runnerCommand{Name: name, Props: map[string]string{}}
				for _, p := range strings.Split(strings.TrimSpace(props), ",") {
					k, v, ok := strings.Cut(p, "=")
					if ok && k != "" && v != "" {
						c.Props[k] = runnerUnescape(v, true)
					}
				}
				c.Data = runnerUnescape(msg[end+4:], false)
				return c, true
			}
		}
	}
	if i := strings.Index(line, "##["); i >= 0 {
		if rb := strings.IndexByte(line[i:], ']'); rb >= 0 {
			name, _, _ := strings.Cut(line[i+3:i+rb], " ")
			if runnerCommands[name] {
				return runnerCommand{Name: name, Data: line[i+rb+1:]}, true
			}
		}
	}
	return runnerCommand{}, false
}

// logLines splits output the way a CI runner reads a stream: CR, LF and
// CRLF all end a line.
func logLines(out []byte) []string {
	s := strings.TrimSuffix(strings.ReplaceAll(strings.ReplaceAll(string(out), "\r\n", "\n"), "\r", "\n"), "\n")
	return strings.Split(s, "\n")
}

// hostileReport lints the hostile policy and adds the same findings under
// file names a pull request could add.
func hostileReport(t *testing.T) *Report {
	t.Helper()
	rep := runSet(t, goldenSet{builtin: testRules, paths: []string{"testdata/hostile"}, target: &Target{Account: "111122223333"}})
	if len(rep.Findings) < 2 {
		t.Fatalf("the hostile policy gives %d findings", len(rep.Findings))
	}
	base := append([]Finding(nil), rep.Findings...)
	for _, name := range []string{
		"po,li:cies/a::b.json",
		"x\n::error::y.json",
		"%0A%3A.json",
		"<b>@x</b>|[l](http://evil.example)`.json",
		"\x1b[31m##[add-mask]z.json",
		"::warning::lead.json",
	} {
		rep.Files = append(rep.Files, name)
		for _, f := range base {
			f.File = name
			rep.Findings = append(rep.Findings, f)
		}
	}
	return rep
}

func assertNoControlBytes(t *testing.T, format string, out []byte) {
	t.Helper()
	for i, c := range out {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			t.Errorf("%s: raw control byte %#x at %d: %q", format, c, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
	if bytes.Contains(out, []byte("\u009b")) || bytes.Contains(out, []byte("\u202e")) {
		t.Errorf("%s: raw C1 or bidi control in output", format)
	}
}

func TestInjectionGitHub(t *testing.T) {
	rep := hostileReport(t)
	o := goldenOptions
	out := render(t, "github", o, rep)
	assertNoControlBytes(t, "github", out)
	lines := logLines(out)
	if len(lines) != len(rep.Findings)+1 {
		t.Fatalf("%d lines for %d findings and a summary:\n%s", len(lines), len(rep.Findings), out)
	}
	fixes := map[string]string{}
	for _, r := range rep.Rules {
		fixes[r.ID] = r.Remediation
	}
	for i, f := range rep.Findings {
		c, ok := parseRunnerLine(lines[i])
		if !ok {
			t.Errorf("line %d is not a command: %q", i, lines[i])
			continue
		}
		want := runnerCommand{Name: map[Severity]string{SeverityError: "error", SeverityWarning: "warning", SeverityInfo: "notice"}[f.Severity],
			Props: map[string]string{"file": escape.Terminal(o.displayPath(f.File)), "title": f.Rule, "line": itoaT(f.Line), "col": itoaT(f.Column)},
			Data:  escape.Terminal(f.Message)}
		if f.EndLine == f.Line && f.EndColumn > f.Column {
			want.Props["endLine"], want.Props["endColumn"] = itoaT(f.EndLine), itoaT(f.EndColumn)
		}
		if f.Sid != "" {
			want.Data += " (Sid " + escape.Terminal(f.Sid) + ")"
		}
		if fix := fixes[f.Rule]; fix != "" {
			want.Data += "\nFix: " + fix
		}
		if diff := cmp.Diff(want, c); diff != "" {
			t.Errorf("line %d as the runner reads it (-want +got):\n%s", i, diff)
		}
	}
	if c, ok := parseRunnerLine(lines[len(lines)-1]); ok {
		t.Errorf("the summary line is a %s command", c.Name)
	}
}

func itoaT(n int) string { b, _ := json.Marshal(n); return string(b) }

// The text format is what most CI steps print: no line of it may be a
// command, and no control byte from a policy may reach the terminal.
func TestInjectionText(t *testing.T) {
	rep := hostileReport(t)
	for _, color := range []bool{false, true} {
		o := goldenOptions
		o.Color = color
		out := render(t, "text", o, rep)
		if color {
			out = stripOurANSI(out)
		}
		assertNoControlBytes(t, "text", out)
		for i, l := range logLines(out) {
			if c, ok := parseRunnerLine(l); ok {
				t.Errorf("color=%v line %d is a %s command: %q", color, i, c.Name, l)
			}
			if strings.Contains(l, "##vso[") {
				t.Errorf("color=%v line %d holds an Azure command: %q", color, i, l)
			}
		}
	}
}

// stripOurANSI removes the colour codes writeText itself writes; any other
// ESC left over came from input.
func stripOurANSI(b []byte) []byte {
	for _, code := range []string{ansiReset, ansiBold, ansiRed, ansiYellow, ansiCyan, ansiDim} {
		b = bytes.ReplaceAll(b, []byte(code), nil)
	}
	return b
}

func TestTextColor(t *testing.T) {
	rep := &Report{Files: []string{"\x1b[2Jevil.json"}, Rules: []RuleInfo{{ID: "a/b", Remediation: "fix \x1b]0;title\x07 it"}}, Findings: []Finding{
		{File: "\x1b[2Jevil.json", Rule: "a/b", Severity: SeverityError, Message: "m \x1b[31mred", Sid: "s\u009b1m", Line: 1, Column: 1},
	}}
	plain := render(t, "text", FormatOptions{}, rep)
	if bytes.ContainsRune(plain, 0x1b) {
		t.Errorf("ESC without Color:\n%q", plain)
	}
	colored := render(t, "text", FormatOptions{Color: true}, rep)
	if !bytes.Contains(colored, []byte(ansiRed)) {
		t.Errorf("no colour with Color:\n%q", colored)
	}
	if rest := stripOurANSI(colored); bytes.ContainsRune(rest, 0x1b) || bytes.ContainsRune(rest, 0x9b) || bytes.Contains(rest, []byte{0x07}) {
		t.Errorf("control bytes from the input reached the terminal:\n%q", rest)
	}
	for _, want := range []string{`\u001b[2Jevil.json`, `m \u001b[31mred`, `(Sid s\u009b1m)`, `fix \u001b]0;title\u0007 it`} {
		if !bytes.Contains(plain, []byte(want)) {
			t.Errorf("text output lacks %q:\n%s", want, plain)
		}
	}
}

// unescapedPipes counts the "|" that split a GFM table row.
func unescapedPipes(row string) int {
	n, slashes := 0, 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			slashes++
			continue
		case '|':
			if slashes%2 == 0 {
				n++
			}
		}
		slashes = 0
	}
	return n
}

func TestInjectionMarkdown(t *testing.T) {
	rep := hostileReport(t)
	out := string(render(t, "markdown", goldenOptions, rep))
	assertNoControlBytes(t, "markdown", []byte(out))
	rows, inTable := 0, false
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(l, "| Severity | Location |"):
			inTable = true
		case l == "":
			inTable = false
		case inTable && !strings.HasPrefix(l, "| :--"):
			rows++
			if n := unescapedPipes(l); n != 6 {
				t.Errorf("row has %d cell separators, want 6: %q", n, l)
			}
		}
		text := mdtest.StripCodeSpans(l)
		for _, bad := range []string{"<", ">", "](http://evil", "](https://evil", "](javascript", "![", "://evil", "www.evil", "\n::"} {
			if strings.Contains(text, bad) {
				t.Errorf("%q survives in %q", bad, l)
			}
		}
		for i := 0; i+1 < len(text); i++ {
			if next, _ := utf8.DecodeRuneInString(text[i+1:]); text[i] == '@' && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
				t.Errorf("a mention survives in %q", l)
			}
			if text[i] == '#' && text[i+1] >= '0' && text[i+1] <= '9' {
				t.Errorf("an issue reference survives in %q", l)
			}
		}
		// Every link left is one of ours.
		for rest := text; ; {
			i := strings.Index(rest, "](")
			if i < 0 {
				break
			}
			if dest := rest[i+2:]; !strings.HasPrefix(dest, goldenOptions.LinkBase) && !strings.HasPrefix(dest, DefaultDocsURL+"#") {
				t.Errorf("foreign link %q in %q", dest[:min(len(dest), 40)], l)
			}
			rest = rest[i+2:]
		}
	}
	if rows < len(rep.Findings) {
		t.Errorf("%d finding rows for %d findings", rows, len(rep.Findings))
	}
}

func TestInjectionSARIFAndJUnit(t *testing.T) {
	rep := hostileReport(t)
	o := goldenOptions
	sarif := render(t, "sarif", o, rep)
	validateSARIF(t, loadSARIFSchema(t), sarif)
	var log struct {
		Runs []struct {
			Results []struct {
				Message struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal(sarif, &log); err != nil {
		t.Fatal(err)
	}
	for i, res := range log.Runs[0].Results {
		msg := res.Message.Text
		if strings.ContainsAny(msg, "\x1b\n\r") {
			t.Errorf("result %d: control character in message %q", i, msg)
		}
		if unescapedBrackets(msg) {
			t.Errorf("result %d: unescaped [ or ] could form an embedded link: %q", i, msg)
		}
		if want := escape.SARIFText(rep.Findings[i].Message); msg != want {
			t.Errorf("result %d: message %q, want %q", i, msg, want)
		}
	}

	junit := render(t, "junit", o, rep)
	assertNoControlBytes(t, "junit", junit)
	var parsed junitTestSuites
	if err := xml.Unmarshal(junit, &parsed); err != nil {
		t.Fatalf("junit output is not well-formed XML: %v", err)
	}
	var all strings.Builder
	for _, s := range parsed.Suites {
		all.WriteString(s.Name + "\n")
		for _, c := range s.Cases {
			all.WriteString(c.Classname + "\n" + c.SystemOut)
			if c.Failure != nil {
				all.WriteString(c.Failure.Message + "\n" + c.Failure.Text)
			}
		}
	}
	for _, f := range rep.Findings {
		for _, want := range []string{escape.XMLChars(f.Message), escape.XMLChars(f.Sid), escape.XMLChars(o.displayPath(f.File))} {
			if !strings.Contains(all.String(), want) {
				t.Errorf("junit lost %q", want)
			}
		}
	}
	if strings.ContainsAny(all.String(), "\x1b\r\ufffd") {
		t.Errorf("junit text holds raw control or replacement characters")
	}
}

func unescapedBrackets(s string) bool {
	slashes := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			slashes++
			continue
		case '[', ']':
			if slashes%2 == 0 {
				return true
			}
		}
		slashes = 0
	}
	return false
}

// Any format may be printed straight into a CI log (--format X without a
// redirect): then no line may be a command the runner would act on, other
// than the github format's own annotations.
func TestInjectionAnyFormatInLog(t *testing.T) {
	rep := hostileReport(t)
	for _, name := range FormatNames() {
		out := render(t, name, goldenOptions, rep)
		assertNoControlBytes(t, name, out)
		for i, l := range logLines(out) {
			c, ok := parseRunnerLine(l)
			if ok && !(name == "github" && (c.Name == "error" || c.Name == "warning" || c.Name == "notice") && strings.HasPrefix(l, "::"+c.Name+" ")) {
				t.Errorf("%s line %d is a %s command: %q", name, i, c.Name, l)
			}
			if strings.Contains(l, "##vso[") {
				t.Errorf("%s line %d holds an Azure command: %q", name, i, l)
			}
		}
	}
}
