package awsid

import "testing"

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
