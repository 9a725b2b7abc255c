// Command mrapguard lints and safely applies AWS S3 Multi-Region Access Point
// resource policies. See README.md for the commands and their exit codes;
// the command line is internal/cli, the pipeline it drives is pipeline/.
package main

import (
	"context"
	"math"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"syscall"

	"github.com/mrapguard/mrapguard/internal/cli"
)

// version is set with -ldflags "-X main.version=v1.2.3"; otherwise it comes
// from the module build info (go install …@vX.Y.Z) or the VCS revision.
var version = ""

// memoryLimit is the heap mrapguard lets grow before it collects garbage
// at all (see manageGC).
const memoryLimit = 32 << 20

func main() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		manageGC()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := cli.NewEnv()
	e.Version = version
	code := cli.Run(ctx, os.Args, e)
	stop()
	os.Exit(code)
}

// manageGC: most runs are short and allocate garbage that dies with the
// process (compiling rules, evaluating them), and collecting at every heap
// doubling costs a fifth of a lint run. So the collector is off until the
// heap reaches memoryLimit; from then on it collects whenever the heap
// reaches the limit again, which frees a lot for little work while the live
// heap is small. Once the live heap is more than half the limit, that would
// collect more often than Go's default does, and more and more often as the
// live heap grows (a large diff ran 5 to 10 times slower): the collector
// switches to the default, collecting at every heap doubling, with no
// limit. GOGC or GOMEMLIMIT in the environment take precedence.
func manageGC() {
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(memoryLimit)
	watchGC()
}

// gcSentinel holds a pointer so that it is never a tiny allocation, whose
// finalizer might never run.
type gcSentinel struct {
	_ *byte
	_ [8]byte
}

// watchGC arranges a look at the live heap after the next collection.
func watchGC() {
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > memoryLimit/2 {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
			return
		}
		watchGC()
	})
}
