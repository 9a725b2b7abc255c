package cli

import (
	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/apply"
	"github.com/mrapguard/mrapguard/pipeline"
	"github.com/mrapguard/mrapguard/policy"
)

func waitCommand(e *Env) *cli.Command {
	return &cli.Command{
		Name:      "wait",
		Usage:     "wait for an MRAP operation to finish and verify its result (resume an apply)",
		ArgsUsage: "TOKEN_ARN",
		Description: "Polls the asynchronous operation (as apply does after a put) until it is\n" +
			"SUCCEEDED or FAILED, then verifies that the policy the operation put is in force:\n" +
			"by default the policy and MRAP named in the operation itself; --name and --policy\n" +
			"name the MRAP and the policy file to expect instead. It never puts anything.\n" +
			"apply prints the exact command when Ctrl-C or --timeout stops its wait.\n\n" +
			"Examples:\n" +
			"  mrapguard wait arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/abc --account 111122223333\n" +
			"  mrapguard wait ARN --account 111122223333 --name demo --policy policy.json\n\n" +
			"Exit codes: 0 succeeded (and verified when there was something to verify),\n" +
			"3 the operation FAILED, an AWS call failed, verification failed or --timeout ran\n" +
			"out, 64 usage or input error (a malformed token ARN, or one AWS does not know),\n" +
			"130 interrupted.",
		Flags: append(awsFlags(),
			&cli.StringFlag{Name: "policy", Usage: "verify that the policy in `FILE` is in force (default: the one the operation put; at most 4 MiB)"},
		),
		Action: func(c *cli.Context) error { return runWait(c, e) },
	}
}

func runWait(c *cli.Context, e *Env) error {
	if c.NArg() == 0 {
		return usageErrorf("wait: give the request token ARN that apply printed (mrapguard wait TOKEN_ARN --account ID)")
	}
	if c.NArg() > 1 {
		return usageErrorf("wait: want one request token ARN, got %d arguments (mrapguard wait TOKEN_ARN --account ID)", c.NArg())
	}
	if err := checkTargetFlags(c); err != nil {
		return err
	}
	arn := c.Args().First()
	account, err := apply.AccountFromTokenARN(arn)
	if err != nil {
		return pipeline.InputError{Err: err}
	}
	if a := c.String("account"); a != "" && a != account {
		return usageErrorf("wait: --account %s, but the operation %s belongs to account %s", a, arn, account)
	}
	var want []byte
	if f := c.String("policy"); f != "" {
		if want, err = pipeline.ReadFile(f, "policy file", policy.HardMaxBytes); err != nil {
			return err
		}
	}
	wo, timeout, err := waitOptions(c, e)
	if err != nil {
		return err
	}
	cl, err := newClient(c, e)
	if err != nil {
		return err
	}
	p := pipeline.New(pipeline.Options{
		Client: cl, Wait: wo, Timeout: timeout, Now: e.Now, ResumeFlags: resumeFlags(c),
		Progress: func(pipeline.Target) pipeline.Progress {
			return pipeline.NewTextProgress(nil, e.Stderr, e.Interactive, "")
		},
	})
	return p.Wait(c.Context, pipeline.WaitRequest{TokenARN: arn, Name: c.String("name"), Policy: want, PolicyName: c.String("policy")}, e.Stdout)
}
