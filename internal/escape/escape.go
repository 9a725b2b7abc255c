// Package escape makes untrusted text (from policy files, rules and server
// replies) inert for the place it is printed. Each function targets one
// output; none of them interprets its input.
package escape

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Terminal escapes everything a terminal could act on: C0 and C1 control
// bytes (ANSI escape sequences start with ESC or CSI), DEL, line and
// paragraph separators and the bidirectional overrides that can reorder what
// the reader sees. Tabs stay. Invalid UTF-8 bytes are shown as \xNN.
// The result is a single line.
func Terminal(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' || c >= 0x7f {
			return false
		}
	}
	return true
}

// unsafeRune reports runes a terminal or a reader could be fooled by.
func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		r == 0x2028 || r == 0x2029 ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200e || r == 0x200f || r == 0x061c
}
