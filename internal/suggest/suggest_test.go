package suggest

import "testing"

func TestClosest(t *testing.T) {
	commands := []string{"lint", "diff", "plan", "apply", "wait", "rules", "emulator", "version"}
	for _, tc := range []struct {
		typed string
		cands []string
		want  string
	}{
		{"lnit", commands, "lint"},  // swapped neighbours: one edit
		{"lin", commands, "lint"},   // one deletion
		{"aply", commands, "apply"}, // one deletion
		{"emulater", commands, "emulator"},
		{"verison", commands, "version"},
		{"xyz", commands, ""}, // nothing near
		{"lintt", commands, "lint"},
		{"emu", commands, "emulator"}, // the start of exactly one
		{"fromat", []string{"format", "fail-on", "output"}, "format"},
		{"lst", []string{"list", "show", "doc", "test"}, "list"},
		{"princpal/public", []string{"principal/public", "principal/empty"}, "principal/public"},
		{"", commands, ""},
		{"p", []string{"plan", "profile"}, ""}, // the start of two: no guess
	} {
		if got := Closest(tc.typed, tc.cands); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"lint", "lint", 0},
		{"lnit", "lint", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
		{"ünï", "üni", 1},
	} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
