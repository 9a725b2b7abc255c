package apply

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"

	"github.com/mrapguard/mrapguard/internal/awsid"
)

// Terminal request statuses. Anything else means "keep polling".
const (
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
)

// Defaults for WaitOptions.
const (
	DefaultMinInterval   = time.Second
	DefaultMaxInterval   = 15 * time.Second
	DefaultNotFoundGrace = 30 * time.Second
)

// WaitOptions configure Wait. The zero value polls every 1s, doubling up to
// 15s, on the real clock.
type WaitOptions struct {
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// MinInterval is the first delay between polls; it doubles up to
	// MaxInterval. Each delay is jittered down by up to half.
	MinInterval time.Duration
	MaxInterval time.Duration
	// Rand returns a number in [0, 1) for the jitter (nil: math/rand).
	Rand func() float64
	// NotFoundGrace is how long after the start NoSuchAsyncRequest is taken
	// for a token AWS has not made visible yet rather than a wrong one.
	NotFoundGrace time.Duration
	// Progress, if set, is called after every successful poll.
	Progress func(Progress)
}

// Progress is a snapshot of an operation being waited for.
type Progress struct {
	TokenARN string
	Status   string
	Regions  []RegionStatus
	Elapsed  time.Duration
	Polls    int
}

// RegionStatus is the progress of an operation in one region.
type RegionStatus struct {
	Region string
	Status string
}

// Operation is what DescribeMultiRegionAccessPointOperation reports.
type Operation struct {
	TokenARN  string
	Operation string // PutMultiRegionAccessPointPolicy, …
	Status    string
	Created   time.Time
	Name      string // MRAP the operation is about
	Policy    string // requested policy, for a put
	Regions   []RegionStatus
	// Error details when Status is FAILED (raw, untrusted).
	ErrorCode, ErrorMessage, ErrorResource, ErrorRequestID string
}

// AccountFromTokenARN returns the account id inside a request token ARN
// (arn:aws:s3:REGION:ACCOUNT:async-request/mrap/…).
func AccountFromTokenARN(arn string) (string, error) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "s3" || !awsid.Account(parts[4]) ||
		!strings.HasPrefix(parts[5], "async-request/") || len(arn) > 1024 {
		return "", fmt.Errorf("request token ARN %q: want arn:aws:s3:us-west-2:ACCOUNT:async-request/mrap/…: %w", arn, ErrInvalidInput)
	}
	return parts[4], nil
}

// Wait polls the operation until it is SUCCEEDED (returned with a nil
// error) or FAILED (*OperationError). Other statuses keep it polling, with
// capped exponential backoff and jitter; so does throttling that outlasted
// the SDK's retries. If ctx ends or polling fails, it returns a *WaitError
// carrying the token ARN.
func (c *Client) Wait(ctx context.Context, tokenARN string, o WaitOptions) (*Operation, error) {
	account, err := AccountFromTokenARN(tokenARN)
	if err != nil {
		return nil, err
	}
	o = o.withDefaults()
	start := o.Now()
	last := ""
	interval := o.MinInterval
	for polls := 1; ; polls++ {
		var out *s3control.DescribeMultiRegionAccessPointOperationOutput
		err := c.call(ctx, func(ctx context.Context) (err error) {
			out, err = c.api.DescribeMultiRegionAccessPointOperation(ctx, &s3control.DescribeMultiRegionAccessPointOperationInput{AccountId: &account, RequestTokenARN: &tokenARN})
			return err
		})
		switch {
		case err != nil && ctx.Err() != nil:
			return nil, &WaitError{TokenARN: tokenARN, LastStatus: last, Err: ctx.Err()}
		case err != nil && hasCode(err, codeNoSuchAsyncRequest) && o.Now().Sub(start) < o.NotFoundGrace:
			c.debug.printf("operation %s not visible yet", tokenARN)
		case err != nil && c.callError("DescribeMultiRegionAccessPointOperation", tokenARN, err).Throttled():
			// The SDK's retries ran out while AWS asked us to slow down.
			// The operation goes on regardless; giving up would only lose
			// track of it, so back off and poll again.
			c.debug.printf("describe operation %s throttled; polling again after the next delay", tokenARN)
		case err != nil && hasCode(err, codeNoSuchAsyncRequest):
			return nil, &WaitError{TokenARN: tokenARN, LastStatus: last,
				Err: &noSuchOperationError{account: account, call: c.callError("DescribeMultiRegionAccessPointOperation", tokenARN, err)}}
		case err != nil:
			return nil, &WaitError{TokenARN: tokenARN, LastStatus: last, Err: c.callError("DescribeMultiRegionAccessPointOperation", tokenARN, err)}
		default:
			op := operationFrom(tokenARN, out)
			last = op.Status
			if o.Progress != nil {
				o.Progress(Progress{TokenARN: tokenARN, Status: op.Status, Regions: op.Regions, Elapsed: o.Now().Sub(start), Polls: polls})
			}
			switch op.Status {
			case StatusSucceeded:
				return op, nil
			case StatusFailed:
				return op, &OperationError{TokenARN: tokenARN, Code: op.ErrorCode, Message: op.ErrorMessage,
					Resource: op.ErrorResource, RequestID: op.ErrorRequestID, Operation: op}
			}
		}
		d := interval/2 + time.Duration(o.Rand()*float64(interval/2))
		if err := o.Sleep(ctx, d); err != nil {
			return nil, &WaitError{TokenARN: tokenARN, LastStatus: last, Err: err}
		}
		interval = min(interval*2, o.MaxInterval)
	}
}

func operationFrom(tokenARN string, out *s3control.DescribeMultiRegionAccessPointOperationOutput) *Operation {
	op := &Operation{TokenARN: tokenARN}
	a := out.AsyncOperation
	if a == nil {
		return op
	}
	op.Operation = string(a.Operation)
	op.Status = aws.ToString(a.RequestStatus)
	op.Created = aws.ToTime(a.CreationTime)
	if p := a.RequestParameters; p != nil && p.PutMultiRegionAccessPointPolicyRequest != nil {
		op.Name = aws.ToString(p.PutMultiRegionAccessPointPolicyRequest.Name)
		op.Policy = aws.ToString(p.PutMultiRegionAccessPointPolicyRequest.Policy)
	}
	if d := a.ResponseDetails; d != nil {
		if m := d.MultiRegionAccessPointDetails; m != nil {
			for _, r := range m.Regions {
				op.Regions = append(op.Regions, RegionStatus{Region: aws.ToString(r.Name), Status: aws.ToString(r.RequestStatus)})
			}
		}
		if e := d.ErrorDetails; e != nil {
			op.ErrorCode = aws.ToString(e.Code)
			op.ErrorMessage = aws.ToString(e.Message)
			op.ErrorResource = aws.ToString(e.Resource)
			op.ErrorRequestID = aws.ToString(e.RequestId)
		}
	}
	return op
}

// withDefaults fills in the clock, the backoff bounds and the jitter source.
func (o WaitOptions) withDefaults() WaitOptions {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = SleepContext
	}
	if o.MinInterval <= 0 {
		o.MinInterval = DefaultMinInterval
	}
	if o.MaxInterval < o.MinInterval {
		o.MaxInterval = max(DefaultMaxInterval, o.MinInterval)
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.NotFoundGrace <= 0 {
		o.NotFoundGrace = DefaultNotFoundGrace
	}
	return o
}

// SleepContext waits for d or until ctx is done, whichever comes first: the
// default Sleep of the clock the waiting functions take.
func SleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// noSuchOperationError is an operation AWS does not know after the grace
// period: most likely a mistyped or foreign ARN (ErrNoSuchOperation).
type noSuchOperationError struct {
	account string
	call    *CallError
}

func (e *noSuchOperationError) Error() string {
	return fmt.Sprintf("AWS knows no such operation in account %s (%s); check the ARN: apply prints it when its wait stops", e.account, safe(e.call.Code))
}

func (e *noSuchOperationError) Unwrap() []error { return []error{ErrNoSuchOperation, e.call} }
