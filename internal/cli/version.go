package cli

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

func versionCommand(e *Env) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version of mrapguard and of the libraries that decide its results",
		Description: "Prints mrapguard's version (a release tag, or devel- and the commit it was built\n" +
			"from), then the Go, OPA and S3 Control SDK versions: include them in bug reports.\n\n" +
			"Examples:\n" +
			"  mrapguard version\n" +
			"  mrapguard --version   # the version alone",
		Action: func(c *cli.Context) error {
			fmt.Fprintf(e.Stdout, "mrapguard %s\n", buildVersion(e.Version))
			if bi, ok := debug.ReadBuildInfo(); ok {
				fmt.Fprintf(e.Stdout, "go %s\n", strings.TrimPrefix(bi.GoVersion, "go"))
				for _, d := range bi.Deps {
					switch d.Path {
					case "github.com/open-policy-agent/opa", "github.com/aws/aws-sdk-go-v2/service/s3control":
						fmt.Fprintf(e.Stdout, "%s %s\n", d.Path, d.Version)
					}
				}
			}
			return nil
		},
	}
}

// buildVersion is set (main's version, from -ldflags "-X main.version=v1.2.3")
// when given; otherwise it comes from the module build info (go install
// …@vX.Y.Z) or the VCS revision.
func buildVersion(set string) string {
	if set != "" {
		return set
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "devel"
	}
	return "devel-" + rev + dirty
}
