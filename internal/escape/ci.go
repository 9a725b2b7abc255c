package escape

import (
	"bytes"
	"strings"
	"unicode"
)

// The GitHub Actions runner reads workflow commands from every line a step
// prints: "::name props::data" at the start of a line (after blanks), and the
// legacy "##[name props]data" anywhere in a line. Azure Pipelines reads
// "##vso[...]" anywhere too. WorkflowData and WorkflowProperty frame our own
// commands; LogLine makes every other line inert.

var (
	workflowData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	workflowProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// WorkflowData escapes the data of a GitHub Actions workflow command (the
// text after the second "::") exactly as actions/toolkit does: % as %25, CR
// as %0D, LF as %0A. The runner ends the command's properties at the first
// "::", so "::" in the data is harmless.
func WorkflowData(s string) string { return workflowData.Replace(s) }

// WorkflowProperty escapes a property value of a workflow command
// ("file=…,title=…") exactly as actions/toolkit does: like WorkflowData, plus
// : as %3A and , as %2C, so a value can neither end the property list nor
// add a property.
func WorkflowProperty(s string) string { return workflowProperty.Replace(s) }

// zwsp (U+200B ZERO WIDTH SPACE) is invisible when rendered and breaks the
// token a parser or linkifier looks for.
const zwsp = "\u200b"

// LogLine makes one complete output line inert for CI log command parsers:
// a line that starts (after blanks) with "::" gets a zero-width space between
// the colons, and every "##" gets one between the hashes, which defeats
// GitHub's legacy "##[cmd]" and Azure's "##vso[cmd]" forms wherever they sit
// in the line. The line must not contain newlines (escape it with Terminal
// first); it is otherwise unchanged.
func LogLine(line string) string {
	// .NET's TrimStart, which the runner uses, trims what unicode.IsSpace
	// reports.
	trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
	lead := len(line) - len(trimmed)
	if !strings.HasPrefix(trimmed, "::") && !strings.Contains(line, "##") {
		return line
	}
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		b.WriteByte(line[i])
		if i+1 < len(line) && (line[i] == '#' && line[i+1] == '#' || i == lead && strings.HasPrefix(trimmed, "::")) {
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

// LogSafeJSON rewrites every "##" in encoded JSON as "#\u0023", which JSON
// parsers read back as "##" but no CI log parser takes for a command. In
// JSON output "##" can only occur inside strings, so the document means the
// same.
func LogSafeJSON(b []byte) []byte { return bytes.ReplaceAll(b, []byte("##"), []byte(`#\u0023`)) }

// LogSafeXML does the same for encoded XML with a character reference,
// "#&#35;". "##" can only occur in text and attribute values there.
func LogSafeXML(b []byte) []byte { return bytes.ReplaceAll(b, []byte("##"), []byte("#&#35;")) }
