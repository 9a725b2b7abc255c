package cli

import (
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files and testscript expectations")

// TestMain lets testscript run this test binary as the real mrapguard
// command, so scripts exercise exactly what users run.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"mrapguard": func() {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			code := Run(ctx, os.Args, NewEnv())
			stop()
			os.Exit(code)
		},
	})
}

// TestScripts runs the repository's testdata/script/*.txtar: one script per
// feature, each driving the real binary.
func TestScripts(t *testing.T) {
	p := scriptParams()
	p.Dir = filepath.Join("..", "..", "testdata", "script")
	p.UpdateScripts = *update
	testscript.Run(t, p)
}

// scriptParams are the commands, conditions and environment every script
// gets: the feature scripts and the ones made from the docs (TestDocs).
func scriptParams() testscript.Params {
	return testscript.Params{
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":         cmdExits,
			"precommit-run": cmdPreCommitRun,
			"action-run":    cmdActionRun,
			"emulator":      cmdEmulator,
			"moto":          cmdMoto,
			"resume":        cmdResume,
			"next":          cmdNext,
			"expand":        cmdExpand,
			"fake-imds":     cmdFakeIMDS,
			"unused-port":   cmdUnusedPort,
			"bigpolicy":     cmdBigPolicy,
		},
		Condition: scriptCondition,
		Setup: func(env *testscript.Env) error {
			// Scripts never reach real AWS: no credentials, no config files.
			for _, k := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
				env.Setenv(k, "")
			}
			env.Setenv("AWS_CONFIG_FILE", env.WorkDir+"/.aws-config-none")
			env.Setenv("AWS_SHARED_CREDENTIALS_FILE", env.WorkDir+"/.aws-credentials-none")
			env.Setenv("AWS_EC2_METADATA_DISABLED", "true")
			env.Setenv("NO_COLOR", "1")
			env.Values[scriptKey{}] = &scriptState{}
			return nil
		},
	}
}

// cmdExits runs a command and checks its exact exit code, which plain
// "! exec" cannot: exits CODE COMMAND [ARGS...]. Its output is kept for
// stdout/stderr checks like exec's.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}
