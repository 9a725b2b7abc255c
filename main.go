// Command mrapguard lints and safely applies AWS S3 Multi-Region Access Point
// resource policies. See README.md for the commands and their exit codes;
// the command line is internal/cli, the pipeline it drives is pipeline/.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/mrapguard/mrapguard/internal/cli"
)

// version is set with -ldflags "-X main.version=v1.2.3"; otherwise it comes
// from the module build info (go install …@vX.Y.Z) or the VCS revision.
var version = ""

// memoryLimit bounds the Go heap when mrapguard manages garbage collection
// itself (see main).
const memoryLimit = 40 << 20

func main() {
	// Most runs are short and allocate garbage that dies with the process
	// (compiling rules, evaluating them): collecting at every heap doubling
	// costs a fifth of a lint run. Collect only as the heap nears a bound
	// instead, which also caps memory on big runs. GOGC or GOMEMLIMIT in the
	// environment take precedence.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := cli.NewEnv()
	e.Version = version
	code := cli.Run(ctx, os.Args, e)
	stop()
	os.Exit(code)
}
