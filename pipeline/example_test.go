package pipeline_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/emulator"
	"github.com/mrapguard/mrapguard/lint"
	"github.com/mrapguard/mrapguard/pipeline"
)

// Drive the pipeline from Go: plan a policy for an MRAP, apply it, and
// resume the wait for its operation. The S3 Control endpoint here is the
// emulator, in this process; without EndpointURL and Credentials the
// client uses the standard AWS chain.
func Example() {
	ctx := context.Background()
	emu, err := emulator.New(emulator.Options{Propagation: 50 * time.Millisecond})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := emu.Seed("111122223333", "demo", true); err != nil { // alias md38enr9uo6x3.mrap
		log.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	defer srv.Close()

	client, err := apply.NewClient(ctx, apply.ClientOptions{
		EndpointURL: srv.URL,
		Credentials: credentials.NewStaticCredentialsProvider("id", "secret", ""),
	})
	if err != nil {
		log.Fatal(err)
	}
	engine, err := lint.New(ctx, lint.Options{}) // the built-in rules
	if err != nil {
		log.Fatal(err)
	}
	p := pipeline.New(pipeline.Options{
		Client: client,
		Engine: engine,
		FailOn: lint.SeverityError,
		Wait:   apply.WaitOptions{MinInterval: 10 * time.Millisecond},
	})

	dir, err := os.MkdirTemp("", "mrapguard-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "policy.json")
	policy := `{"Version": "2012-10-17", "Statement": [{"Sid": "AppReads", "Effect": "Allow",
	  "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject",
	  "Resource": "arn:aws:s3::111122223333:accesspoint/md38enr9uo6x3.mrap/object/*"}]}`
	if err := os.WriteFile(file, []byte(policy), 0o644); err != nil {
		log.Fatal(err)
	}
	targets := []pipeline.Target{{Account: "111122223333", Name: "demo", File: file}}

	// Plan: load, fetch, lint, diff and the guards. Nothing is put.
	outs, code := p.Plan(ctx, targets)
	pl := outs[0].Planned
	fmt.Printf("plan: %s, access %s, %d refusals, exit %d\n", outs[0].Result, pl.Access(), len(pl.Refusals), code)

	// Apply: plan again, then confirm (here without asking), put, wait and
	// verify. The plans and results are written to ApplyOptions.Out.
	outs, code, err = p.Apply(ctx, targets, pipeline.ApplyOptions{Confirm: pipeline.AutoApprove{}, Out: io.Discard})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("apply: %s, exit %d\n", outs[0].Result, code)

	// Wait resumes an apply whose wait stopped (Ctrl-C, Timeout) from the
	// operation's ARN; this one has finished, so it only verifies.
	err = p.Wait(ctx, pipeline.WaitRequest{TokenARN: outs[0].Operation}, io.Discard)
	fmt.Println("wait:", pipeline.ExitCode(err))

	// Output:
	// plan: changes, access broadens, 0 refusals, exit 0
	// apply: applied, exit 0
	// wait: 0
}
