// Package mdtest helps tests check that Markdown built from untrusted text
// stays inert. It is used only by tests.
package mdtest

import "strings"

// StripCodeSpans replaces every inline code span (a run of n backticks up to
// the next run of exactly n) with "CODE": GitHub interprets nothing inside
// one, so what is left is the text its Markdown filters act on. Backslash
// escapes are kept as they are.
func StripCodeSpans(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '\\' && i+1 < len(s) {
			b.WriteString(s[i : i+2])
			i += 2
			continue
		}
		if s[i] != '`' {
			b.WriteByte(s[i])
			i++
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		fence := strings.Repeat("`", n)
		end := -1
		for j := i + n; j <= len(s)-n; j++ {
			if s[j:j+n] == fence && (j+n == len(s) || s[j+n] != '`') && s[j-1] != '`' {
				end = j
				break
			}
		}
		if end < 0 {
			b.WriteString(fence)
			i += n
			continue
		}
		b.WriteString("CODE")
		i = end + n
	}
	return b.String()
}
