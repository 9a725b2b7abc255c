package awsid

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		f    func(string) bool
		s    string
		want bool
	}{
		{Account, "111122223333", true},
		{Account, "11112222333", false},
		{Account, "1111222233334", false},
		{Account, "11112222333a", false},
		{MRAPName, "demo", true},
		{MRAPName, "my-mrap", true},
		{MRAPName, "ab", false},
		{MRAPName, "-demo", false},
		{MRAPName, "Demo", false},
		{MRAPAlias, "mfzwi23gnjvgw.mrap", true},
		{MRAPAlias, "demo", false},
		{MRAPAlias, "MFZWI.mrap", false},
		{MRAPAlias, "1abc.mrap", false},
	} {
		if got := tc.f(tc.s); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.s, got, tc.want)
		}
	}
}

// The shapes are these patterns.
func TestShapesMatchPatterns(t *testing.T) {
	patterns := map[string]*regexp.Regexp{
		"Account":   regexp.MustCompile(`^[0-9]{12}$`),
		"MRAPName":  regexp.MustCompile(`^[a-z0-9][-a-z0-9]{1,48}[a-z0-9]$`),
		"MRAPAlias": regexp.MustCompile(`^[a-z][a-z0-9]{0,57}\.mrap$`),
	}
	funcs := map[string]func(string) bool{"Account": Account, "MRAPName": MRAPName, "MRAPAlias": MRAPAlias}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "az09-.A_\n"
	var tries []string
	for n := range 70 {
		for range 40 {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
			tries = append(tries, string(b))
			// Mostly well-formed: letters and digits, a suffix.
			for i := range b {
				b[i] = "abz019"[r.IntN(6)]
			}
			tries = append(tries, string(b), string(b)+".mrap", "-"+string(b), string(b)+"-")
			for i := range b {
				b[i] = "0123456789"[r.IntN(10)]
			}
			tries = append(tries, string(b))
		}
	}
	for name, re := range patterns {
		matched := 0
		for _, s := range tries {
			want := re.MatchString(s)
			if got := funcs[name](s); got != want {
				t.Errorf("%s(%q) = %v, the pattern says %v", name, s, got, want)
			}
			if want {
				matched++
			}
		}
		if matched < 20 {
			t.Errorf("%s: only %d of the strings tried match", name, matched)
		}
	}
}
