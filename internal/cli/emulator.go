package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/emulator"
)

func emulatorCommand(e *Env) *cli.Command {
	return &cli.Command{
		Name:  "emulator",
		Usage: "serve the S3 Control Multi-Region Access Point API on loopback, for demos and tests",
		Description: "Runs an emulator of the S3 Control MRAP calls (create, get, list, get/put policy,\n" +
			"policy status, describe operation) on the REST-XML wire protocol. Point mrapguard at it\n" +
			"with --endpoint-url or AWS_ENDPOINT_URL_S3_CONTROL; any credentials are accepted.\n" +
			"The first line on stdout is \"mrapguard emulator listening on URL\".\n" +
			"Stop it with Ctrl-C. docs/emulator.md describes what it emulates.\n\n" +
			"Examples:\n" +
			"  mrapguard emulator --addr 127.0.0.1:9000 --create 111122223333/demo\n" +
			"  mrapguard emulator --create 111122223333/open:public --propagation 10s\n" +
			"  mrapguard emulator --state emulator.json --fail-puts 1 --quiet",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:0", Usage: "listen on `HOST:PORT` (port 0 picks a free one)"},
			&cli.BoolFlag{Name: "allow-remote", Usage: "allow an --addr that is not loopback (the emulator accepts any credentials)"},
			&cli.StringFlag{Name: "state", Usage: "keep MRAPs, policies, operations and tokens in `FILE` across restarts"},
			&cli.DurationFlag{Name: "propagation", Value: 3 * time.Second, Usage: "how long an operation stays IN_PROGRESS"},
			&cli.StringSliceFlag{Name: "create", Usage: "seed a READY MRAP `ACCOUNT/NAME`; ACCOUNT/NAME:public leaves BlockPublicPolicy off (repeatable)"},
			&cli.IntFlag{Name: "throttle", Usage: "answer the first `N` requests with 503 SlowDown"},
			&cli.IntFlag{Name: "internal-errors", Usage: "answer the first `N` requests (after throttling) with 500 InternalError"},
			&cli.DurationFlag{Name: "latency", Usage: "delay every request by `DURATION`"},
			&cli.IntFlag{Name: "reset-after-put", Usage: "apply the first `N` puts, then reset the connection (the response is lost)"},
			&cli.IntFlag{Name: "fail-puts", Usage: "make the first `N` accepted puts end FAILED"},
			&cli.StringSliceFlag{Name: "fault-op", Usage: "limit --throttle and --internal-errors to `OPERATION` (e.g. PutMultiRegionAccessPointPolicy; repeatable)"},
			&cli.BoolFlag{Name: "quiet", Usage: "do not log requests on stderr"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageErrorf("emulator: unexpected argument %q", c.Args().First())
			}
			return runEmulator(c.Context, e, emulatorConfig{
				addr:        c.String("addr"),
				allowRemote: c.Bool("allow-remote"),
				state:       c.String("state"),
				propagation: c.Duration("propagation"),
				create:      c.StringSlice("create"),
				faults: emulator.Faults{
					Throttle:       c.Int("throttle"),
					InternalErrors: c.Int("internal-errors"),
					Latency:        c.Duration("latency"),
					ResetAfterPut:  c.Int("reset-after-put"),
					FailPuts:       c.Int("fail-puts"),
					Ops:            c.StringSlice("fault-op"),
				},
				quiet: c.Bool("quiet"),
			})
		},
	}
}

type emulatorConfig struct {
	addr        string
	allowRemote bool
	state       string
	propagation time.Duration
	create      []string
	faults      emulator.Faults
	quiet       bool
}

func runEmulator(ctx context.Context, e *Env, cfg emulatorConfig) error {
	host, _, err := net.SplitHostPort(cfg.addr)
	if err != nil {
		return usageErrorf("emulator: --addr %q: %v", cfg.addr, err)
	}
	if !cfg.allowRemote && !isLoopbackHost(host) {
		return usageErrorf("emulator: --addr %q is not a loopback address; the emulator accepts any credentials, so pass --allow-remote to listen there anyway", cfg.addr)
	}
	if cfg.propagation < 0 {
		return usageErrorf("emulator: --propagation must not be negative")
	}
	for _, n := range []int{cfg.faults.Throttle, cfg.faults.InternalErrors, cfg.faults.ResetAfterPut, cfg.faults.FailPuts} {
		if n < 0 {
			return usageErrorf("emulator: fault counts must not be negative")
		}
	}
	if err := checkFaultOps(cfg.faults.Ops); err != nil {
		return err
	}
	type seed struct {
		account, name string
		block         bool
	}
	var seeds []seed
	for _, spec := range cfg.create {
		s, public := strings.CutSuffix(spec, ":public")
		account, name, ok := strings.Cut(s, "/")
		if !ok {
			return usageErrorf("emulator: --create %q: want ACCOUNT/NAME or ACCOUNT/NAME:public", spec)
		}
		seeds = append(seeds, seed{account, name, !public})
	}

	var log io.Writer
	if !cfg.quiet {
		log = e.Stderr
	}
	srv, err := emulator.New(emulator.Options{Propagation: cfg.propagation, Now: e.Now, StatePath: cfg.state, Faults: cfg.faults, Log: log})
	if err != nil {
		return usageErrorf("emulator: %v", err)
	}
	defer srv.Close()
	for _, s := range seeds {
		alias, err := srv.Seed(s.account, s.name, s.block)
		if err != nil {
			return usageErrorf("emulator: --create: %v", err)
		}
		block := "on"
		if !s.block {
			block = "off"
		}
		fmt.Fprintf(e.Stderr, "emulator: MRAP %s/%s, alias %s, BlockPublicPolicy %s\n", s.account, s.name, alias, block)
	}

	l, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("emulator: listen: %w", err)
	}
	hs := srv.HTTPServer()
	fmt.Fprintf(e.Stdout, "mrapguard emulator listening on http://%s\n", l.Addr())
	served := make(chan error, 1)
	go func() { served <- hs.Serve(l) }()
	select {
	case err := <-served:
		return fmt.Errorf("emulator: serve: %w", err)
	case <-ctx.Done():
	}
	// Ctrl-C is how the emulator is meant to stop: a clean exit.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("emulator: shut down: %w", err)
	}
	hs.Close()
	return nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

func checkFaultOps(ops []string) error {
	valid := []string{emulator.OpCreate, emulator.OpGet, emulator.OpList, emulator.OpGetPolicy,
		emulator.OpGetPolicyStatus, emulator.OpPutPolicy, emulator.OpDescribe}
	for _, op := range ops {
		ok := false
		for _, v := range valid {
			ok = ok || op == v
		}
		if !ok {
			return usageErrorf("emulator: --fault-op %q: valid operations are %s", op, strings.Join(valid, ", "))
		}
	}
	return nil
}
