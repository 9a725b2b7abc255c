package lint

import (
	"fmt"
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// TargetError is a Target field that cannot be an MRAP's: the rules that
// compare ARNs with it would silently never match.
type TargetError struct {
	Field string // "account", "name" or "alias"
	Value string
	Want  string
}

func (e *TargetError) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Want)
}

// Check reports the first field that is set and is not a valid account ID,
// MRAP name or MRAP alias.
func (t *Target) Check() error {
	if t == nil {
		return nil
	}
	if t.Account != "" && !awsid.Account(t.Account) {
		return &TargetError{"account", t.Account, "an AWS account ID is 12 digits"}
	}
	if t.Name != "" && !awsid.MRAPName(t.Name) {
		return &TargetError{"name", t.Name, "an MRAP name is 3-50 lowercase letters, digits and hyphens"}
	}
	if t.Alias != "" && !awsid.MRAPAlias(t.Alias) {
		want := "an MRAP alias looks like mfzwi23gnjvgw.mrap (lowercase letters and digits, then .mrap)"
		if !strings.HasSuffix(t.Alias, ".mrap") && awsid.MRAPName(t.Alias) {
			want += "; this looks like the MRAP's name, which goes in --name"
		}
		return &TargetError{"alias", t.Alias, want}
	}
	return nil
}
