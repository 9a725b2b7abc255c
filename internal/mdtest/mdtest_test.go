package mdtest

import "testing"

func TestStripCodeSpans(t *testing.T) {
	for in, want := range map[string]string{
		"a `@user` b":          "a CODE b",
		"``x ` y`` @z":         "CODE @z",
		"\\`not code\\` @x":    "\\`not code\\` @x",
		"unclosed ` @mention":  "unclosed ` @mention",
		"`a` and ``b`` and `c": "CODE and CODE and `c",
	} {
		if got := StripCodeSpans(in); got != want {
			t.Errorf("StripCodeSpans(%q) = %q, want %q", in, got, want)
		}
	}
}
