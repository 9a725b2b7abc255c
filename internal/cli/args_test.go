package cli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalizeArgs(t *testing.T) {
	cmds := commands(&Env{})
	for _, tc := range []struct{ in, want string }{
		{"lint p.json --format json", "lint --format=json p.json"},
		{"lint -f json p.json -o sarif=a.sarif --output markdown=b.md", "lint --format=json --output=sarif=a.sarif --output=markdown=b.md p.json"},
		{"lint --max-bytes -1 p.json", "lint --max-bytes=-1 p.json"},
		{"lint - --fail-on=none", "lint --fail-on=none -"},
		{"lint --format json -- -x.json --y", "lint --format=json -- -x.json --y"},
		{"lint -- p.json", "lint p.json"},
		{"plan --account 111122223333 --name demo policy.json --out PLAN", "plan --account=111122223333 --name=demo --out=PLAN policy.json"},
		{"wait ARN --account 111122223333 --debug", "wait --account=111122223333 --debug ARN"},
		{"apply p.json --auto-approve=false", "apply --auto-approve=false p.json"},
		{"rules show principal/public --config c.yaml", "rules show --config=c.yaml principal/public"},
		{"rules test -v dir", "rules test --verbose dir"},
		{"help", "--help"},
		{"help lint", "lint --help"},
		{"help rules show", "rules show --help"},
		{"rules help", "rules --help"},
		{"rules help show", "rules show --help"},
		{"rules", "rules"},
		{"lint p.json -h", "lint --help"},
		{"--version", "--version"},
		{"", ""},
	} {
		got, err := normalizeArgs(cmds, append([]string{"mrapguard"}, strings.Fields(tc.in)...))
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(append([]string{"mrapguard"}, strings.Fields(tc.want)...), got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, diff)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"lnit", `unknown command "lnit"; did you mean "lint"?`},
		{"lint --fromat json p.json", "lint: unknown option --fromat; did you mean --format?"},
		{"rules lst", `unknown rules subcommand "lst"; did you mean "list"?`},
		{"emulator --propagation 3", `emulator: --propagation "3": want a duration such as 3s`},
		{"lint --max-bytes x p.json", `lint: --max-bytes "x": want a whole number`},
		{"lint p.json --format", "lint: option --format needs a value"},
	} {
		_, err := normalizeArgs(cmds, append([]string{"mrapguard"}, strings.Fields(tc.in)...))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}
