package escape

import "testing"

func TestTerminal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text: ok", "plain text: ok"},
		{"tab\tstays", "tab\tstays"},
		{"äöü 😀", "äöü 😀"},
		{"\x1b[31mred\x1b[0m", `\u001b[31mred\u001b[0m`},
		{"line1\nline2\r\n", `line1\nline2\r\n`},
		{"csi \u009b31m", `csi \u009b31m`},
		{"bell\a del\x7f", `bell\u0007 del\u007f`},
		{"bidi \u202eevil\u202c", `bidi \u202eevil\u202c`},
		{"bad utf8 \xff\xfe", `bad utf8 \xff\xfe`},
		{"osc \x1b]8;;http://x\x1b\\link", `osc \u001b]8;;http://x\u001b\link`},
	}
	for _, tt := range tests {
		if got := Terminal(tt.in); got != tt.want {
			t.Errorf("Terminal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
