package escape

import (
	"strings"
	"testing"
)

func TestMarkdownText(t *testing.T) {
	const z = "\u200b"
	tests := []struct{ in, want string }{
		{"plain words 123", "plain words 123"},
		{"s3:GetObject", `s3\:GetObject`},
		{"**bold** _it_ `code`", `\*\*bold\*\* \_it\_ \` + "`" + `code\` + "`"},
		{"[x](https://evil.example)", `\[x\]\(https\:` + z + `//evil\.example\)`},
		{"![img](http://e/x.png)", `\!\[img\]\(http\:` + z + `//e/x\.png\)`},
		{"<img src=x onerror=alert(1)>", `&lt;img src\=x onerror\=alert\(1\)&gt;`},
		{"&amp; &#x3C;", `&amp;amp; &amp;\#x3C;`},
		{"cc @octocat and @org/team", `cc \@` + z + `octocat and \@` + z + `org/team`},
		{"see www.evil.example", `see www` + z + `\.evil\.example`},
		{"fixes #12", `fixes \#` + z + `12`},
		{"a | b", `a \| b`},
		{"line1\nline2", `line1\\nline2`},
		{"\x1b[31mred", `\\u001b\[31mred`},
		{"# heading", `\# heading`},
		{"- item", `\- item`},
		{"$x^2$", `\$x\^2\$`},
		{"~~del~~", `\~\~del\~\~`},
		{`back\slash`, `back\\slash`},
	}
	for _, tt := range tests {
		if got := MarkdownText(tt.in); got != tt.want {
			t.Errorf("MarkdownText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Whatever the input, no unescaped construct opener survives.
	for _, s := range append(hostile, "<script>", "a|b|c", "[](javascript:x)", "@@", "````") {
		got := MarkdownText(s)
		if strings.ContainsAny(got, "<>\n\r") {
			t.Errorf("MarkdownText(%q) = %q keeps HTML or a line break", s, got)
		}
		for i := 0; i < len(got); i++ {
			if strings.IndexByte("[]()`*_|!", got[i]) >= 0 && (i == 0 || got[i-1] != '\\') {
				t.Errorf("MarkdownText(%q) = %q: %q at %d is not escaped", s, got, got[i], i)
			}
		}
	}
}

func TestMarkdownCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Read", "`Read`"},
		{"a`b", "``a`b``"},
		{"``x", "``` ``x ```"},
		{"x`", "`` x` ``"},
		{" both ", "`  both  `"},
		{"   ", "`   `"},
		{"<b>@you</b>", "`<b>@you</b>`"},
		{"a|b", `a\|b`},
		{"new\nline", "`new\\nline`"},
	}
	for _, tt := range tests {
		if got := MarkdownCode(tt.in); got != tt.want {
			t.Errorf("MarkdownCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
