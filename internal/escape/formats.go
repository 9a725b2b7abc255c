package escape

import "strings"

var sarifText = strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `{`, `{{`, `}`, `}}`)

// SARIFText makes s a literal SARIF plain-text message (SARIF 2.1.0 §3.11):
// Terminal is applied first, then square brackets and backslashes are
// backslash-escaped so no "[text](target)" embedded link can form, and
// braces are doubled so nothing reads as a "{0}" placeholder.
func SARIFText(s string) string { return sarifText.Replace(Terminal(s)) }

// XMLChars returns s with only characters XML 1.0 allows (§2.2 Char):
// Terminal shows control characters and invalid bytes as \uXXXX and \xNN,
// and U+FFFE and U+FFFF, which Terminal keeps, are shown the same way.
// encoding/xml still has to escape <, >, & and quotes; on its own it would
// replace the forbidden characters with U+FFFD and lose what they were.
func XMLChars(s string) string {
	s = Terminal(s)
	if !strings.ContainsAny(s, "\ufffe\uffff") {
		return s
	}
	return strings.NewReplacer("\ufffe", `\ufffe`, "\uffff", `\uffff`).Replace(s)
}
