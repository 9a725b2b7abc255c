package pipeline

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoCommandLineLibrary keeps the pipeline usable without the command
// line: neither this package nor anything it imports may pull in a CLI
// library.
func TestNoCommandLineLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 || !strings.Contains(string(out), "github.com/mrapguard/mrapguard/apply") {
		t.Fatalf("go list -deps listed %d packages, not this package's imports:\n%s", len(deps), out)
	}
	for _, d := range deps {
		for _, banned := range []string{"github.com/urfave/cli", "github.com/spf13/cobra", "github.com/spf13/pflag", "github.com/mrapguard/mrapguard/internal/cli"} {
			if d == banned || strings.HasPrefix(d, banned+"/") {
				t.Errorf("the pipeline imports %s", d)
			}
		}
	}
}
