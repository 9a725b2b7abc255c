package escape

import "strings"

// MarkdownText makes s literal inline text in GitHub-flavoured Markdown,
// safe in a table cell. It first applies Terminal (so the result is one line
// and control characters are visible), then:
//   - writes &, < and > as entities, so no HTML tag or entity survives;
//   - backslash-escapes the punctuation that starts Markdown constructs
//     (emphasis, code, links, images, headings, lists, tables, strikethrough,
//     math), including | so a cell cannot be split;
//   - puts a zero-width space after "@", after ":" in "://", inside "www." and
//     after "#" before a digit, so GitHub's mention, autolink and issue
//     reference filters, which run on the rendered text and ignore
//     backslashes, find nothing to link.
func MarkdownText(s string) string {
	s = Terminal(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '@':
			b.WriteString(`\@` + zwsp)
		case ':':
			b.WriteString(`\:`)
			if strings.HasPrefix(s[i+1:], "//") {
				b.WriteString(zwsp)
			}
		case '#':
			b.WriteString(`\#`)
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				b.WriteString(zwsp)
			}
		case 'w', 'W':
			if len(s)-i >= 4 && strings.EqualFold(s[i:i+4], "www.") {
				b.WriteString(s[i:i+3] + zwsp)
				i += 2
				continue
			}
			b.WriteByte(c)
		case '\\', '`', '*', '_', '[', ']', '(', ')', '+', '-', '.', '!', '|', '~', '$', '{', '}', '^', '=':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// MarkdownCode writes s as an inline code span, in which Markdown, HTML,
// mentions and autolinks are not interpreted. Terminal is applied first. The
// fence is longer than any run of backticks in s. Text containing "|" is
// written with MarkdownText instead: GFM splits table rows before it parses
// code spans, and how it treats a backslash before "|" inside one differs
// between renderers; so is text containing "##", which a code span would
// have to keep and a CI log would read as a command. Empty text gives "".
func MarkdownCode(s string) string {
	s = Terminal(s)
	if s == "" {
		return ""
	}
	if strings.Contains(s, "|") || strings.Contains(s, "##") {
		return MarkdownText(s)
	}
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	// A leading or trailing backtick would merge with the fence; one space on
	// each side is stripped by the renderer.
	if s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
