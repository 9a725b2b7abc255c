package lint

import (
	"strings"
	"testing"
)

func TestTargetCheck(t *testing.T) {
	for _, tc := range []struct {
		t    Target
		want string // "" for valid
	}{
		{Target{}, ""},
		{Target{Account: "111122223333", Name: "demo", Alias: "mfzwi23gnjvgw.mrap"}, ""},
		{Target{Account: "11112222333"}, `account "11112222333": an AWS account ID is 12 digits`},
		{Target{Account: "1111222233334"}, "12 digits"},
		{Target{Account: "abc"}, "12 digits"},
		{Target{Name: "Demo"}, `name "Demo": an MRAP name is`},
		{Target{Alias: "demo"}, `alias "demo": an MRAP alias looks like mfzwi23gnjvgw.mrap (lowercase letters and digits, then .mrap); this looks like the MRAP's name, which goes in --name`},
		{Target{Alias: "MFZWI.mrap"}, `alias "MFZWI.mrap": an MRAP alias looks like`},
		{Target{Alias: "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap"}, "an MRAP alias looks like"},
	} {
		err := tc.t.Check()
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: Check() = %v, want %q", tc.t, err, tc.want)
		}
	}
}
