package escape

import "testing"

func TestShell(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/ab": "arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/ab",
		"http://127.0.0.1:9000": "http://127.0.0.1:9000",
		"my profile":            "'my profile'",
		"it's":                  `'it'\''s'`,
		"":                      "''",
		"$(rm -rf x)":           "'$(rm -rf x)'",
	} {
		if got := Shell(in); got != want {
			t.Errorf("Shell(%q) = %s, want %s", in, got, want)
		}
	}
}
