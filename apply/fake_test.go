package apply

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// Unit tests of Fetch, Wait and Token with a fake API: the cases a real
// server does not produce on demand (odd statuses, missing elements,
// hostile strings).

type fakeAPI struct {
	mrap      *s3control.GetMultiRegionAccessPointOutput
	mrapErr   error
	policy    *s3control.GetMultiRegionAccessPointPolicyOutput
	policyErr error
	status    *s3control.GetMultiRegionAccessPointPolicyStatusOutput
	statusErr error
	// describe answers in turn; the last one repeats.
	describe []describeAnswer
	polls    int
}

type describeAnswer struct {
	status string
	err    error
	errDet *types.AsyncErrorDetails
}

func (f *fakeAPI) GetMultiRegionAccessPoint(context.Context, *s3control.GetMultiRegionAccessPointInput, ...func(*s3control.Options)) (*s3control.GetMultiRegionAccessPointOutput, error) {
	return f.mrap, f.mrapErr
}

func (f *fakeAPI) GetMultiRegionAccessPointPolicy(context.Context, *s3control.GetMultiRegionAccessPointPolicyInput, ...func(*s3control.Options)) (*s3control.GetMultiRegionAccessPointPolicyOutput, error) {
	return f.policy, f.policyErr
}

func (f *fakeAPI) GetMultiRegionAccessPointPolicyStatus(context.Context, *s3control.GetMultiRegionAccessPointPolicyStatusInput, ...func(*s3control.Options)) (*s3control.GetMultiRegionAccessPointPolicyStatusOutput, error) {
	return f.status, f.statusErr
}

func (f *fakeAPI) PutMultiRegionAccessPointPolicy(context.Context, *s3control.PutMultiRegionAccessPointPolicyInput, ...func(*s3control.Options)) (*s3control.PutMultiRegionAccessPointPolicyOutput, error) {
	return nil, errors.New("not used")
}

func (f *fakeAPI) DescribeMultiRegionAccessPointOperation(_ context.Context, in *s3control.DescribeMultiRegionAccessPointOperationInput, _ ...func(*s3control.Options)) (*s3control.DescribeMultiRegionAccessPointOperationOutput, error) {
	a := f.describe[min(f.polls, len(f.describe)-1)]
	f.polls++
	if a.err != nil {
		return nil, a.err
	}
	return &s3control.DescribeMultiRegionAccessPointOperationOutput{AsyncOperation: &types.AsyncOperation{
		RequestTokenARN: in.RequestTokenARN,
		RequestStatus:   aws.String(a.status),
		ResponseDetails: &types.AsyncResponseDetails{ErrorDetails: a.errDet},
	}}, nil
}

func apiErr(code string) error {
	return &smithy.GenericAPIError{Code: code, Message: code + " message"}
}

const fakeARN = "arn:aws:s3:us-west-2:111122223333:async-request/mrap/put/abc"

func TestWaitPolling(t *testing.T) {
	tests := []struct {
		name       string
		answers    []describeAnswer
		wantStatus string
		wantSleeps []time.Duration
		wantErr    func(error) bool
	}{
		{
			name:       "unknown statuses keep polling; backoff doubles to the cap",
			answers:    []describeAnswer{{status: "IN_PROGRESS"}, {status: "NEW_STATUS"}, {status: ""}, {status: "IN_PROGRESS"}, {status: "IN_PROGRESS"}, {status: "SUCCEEDED"}},
			wantStatus: "SUCCEEDED",
			// Rand 0.5: d/2 + d/4 of 1s, 2s, 4s, 8s, 8s.
			wantSleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second, 6 * time.Second},
		},
		{
			name:       "not visible yet, then done",
			answers:    []describeAnswer{{err: apiErr("NoSuchAsyncRequest")}, {status: "SUCCEEDED"}},
			wantStatus: "SUCCEEDED",
			wantSleeps: []time.Duration{750 * time.Millisecond},
		},
		{
			name:       "not found beyond the grace",
			answers:    []describeAnswer{{err: apiErr("NoSuchAsyncRequest")}},
			wantSleeps: []time.Duration{750 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second, 6 * time.Second},
			wantErr: func(err error) bool {
				var we *WaitError
				var ce *CallError
				return errors.As(err, &we) && we.TokenARN == fakeARN && errors.As(err, &ce) && ce.Code == "NoSuchAsyncRequest" &&
					errors.Is(err, ErrNoSuchOperation)
			},
		},
		{
			name:       "describe fails",
			answers:    []describeAnswer{{status: "IN_PROGRESS"}, {err: apiErr("AccessDenied")}},
			wantSleeps: []time.Duration{750 * time.Millisecond},
			wantErr: func(err error) bool {
				var we *WaitError
				var ce *CallError
				return errors.As(err, &we) && we.LastStatus == "IN_PROGRESS" && errors.As(err, &ce) && ce.Code == "AccessDenied"
			},
		},
		{
			name:       "failed with details",
			answers:    []describeAnswer{{status: "FAILED", errDet: &types.AsyncErrorDetails{Code: aws.String("AccessDenied"), Message: aws.String("no"), Resource: aws.String("arn:r"), RequestId: aws.String("R")}}},
			wantStatus: "FAILED",
			wantErr: func(err error) bool {
				var oe *OperationError
				return errors.As(err, &oe) && cmp.Equal([]string{oe.TokenARN, oe.Code, oe.Message, oe.Resource, oe.RequestID}, []string{fakeARN, "AccessDenied", "no", "arn:r", "R"})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			var sleeps []time.Duration
			wo := WaitOptions{
				Now: clock.Now,
				Sleep: func(ctx context.Context, d time.Duration) error {
					sleeps = append(sleeps, d)
					return clock.Sleep(ctx, d)
				},
				MinInterval: time.Second, MaxInterval: 8 * time.Second, Rand: func() float64 { return 0.5 },
				NotFoundGrace: 10 * time.Second,
			}
			c := NewFromAPI(&fakeAPI{describe: tt.answers}, nil)
			op, err := c.Wait(context.Background(), fakeARN, wo)
			if tt.wantErr == nil && err != nil {
				t.Fatalf("error %v", err)
			}
			if tt.wantErr != nil && !tt.wantErr(err) {
				t.Fatalf("error = %#v (%v), not the expected one", err, err)
			}
			if tt.wantStatus != "" && (op == nil || op.Status != tt.wantStatus) {
				t.Errorf("operation %+v, want status %s", op, tt.wantStatus)
			}
			if diff := cmp.Diff(tt.wantSleeps, sleeps); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWaitRejectsBadARN(t *testing.T) {
	for _, arn := range []string{"", "not-an-arn", "arn:aws:s3:us-west-2:1234:async-request/mrap/put/x", "arn:aws:iam::111122223333:role/x"} {
		_, err := NewFromAPI(&fakeAPI{}, nil).Wait(context.Background(), arn, WaitOptions{})
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("Wait(%q) error = %v, want ErrInvalidInput", arn, err)
		}
	}
}

func TestWaitCancelledWhileSleeping(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	wo := WaitOptions{Sleep: func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }}
	_, err := NewFromAPI(&fakeAPI{describe: []describeAnswer{{status: "IN_PROGRESS"}}}, nil).Wait(ctx, fakeARN, wo)
	var we *WaitError
	if !errors.As(err, &we) || we.TokenARN != fakeARN || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), fakeARN) {
		t.Errorf("error = %v, want a WaitError naming the ARN and wrapping context.Canceled", err)
	}
}

func TestFetchShapes(t *testing.T) {
	okMRAP := &s3control.GetMultiRegionAccessPointOutput{AccessPoint: &types.MultiRegionAccessPointReport{
		Name: aws.String("demo"), Alias: aws.String("mabc.mrap"), Status: types.MultiRegionAccessPointStatusReady,
		PublicAccessBlock: &types.PublicAccessBlockConfiguration{BlockPublicPolicy: aws.Bool(false)},
		Regions:           []types.RegionReport{{Bucket: aws.String("b"), Region: aws.String("us-east-1")}},
	}}
	pol := func(est, prop *string) *s3control.GetMultiRegionAccessPointPolicyOutput {
		d := &types.MultiRegionAccessPointPolicyDocument{}
		if est != nil {
			d.Established = &types.EstablishedMultiRegionAccessPointPolicy{Policy: est}
		}
		if prop != nil {
			d.Proposed = &types.ProposedMultiRegionAccessPointPolicy{Policy: prop}
		}
		return &s3control.GetMultiRegionAccessPointPolicyOutput{Policy: d}
	}
	yes := true
	type view struct {
		HasPolicy, HasProposed bool
		Established, Proposed  string
		IsPublic               *bool
		PAB                    PublicAccessBlock
	}
	allOn := PublicAccessBlock{true, true, true, true}
	tests := []struct {
		name    string
		api     *fakeAPI
		want    view
		wantErr func(error) bool
	}{
		{
			name: "no policy",
			api:  &fakeAPI{mrap: okMRAP, policyErr: apiErr("NoSuchMultiRegionAccessPointPolicy")},
			want: view{PAB: PublicAccessBlock{true, true, false, true}},
		},
		{
			name: "empty policy document",
			api:  &fakeAPI{mrap: okMRAP, policy: pol(nil, aws.String(""))},
			want: view{PAB: PublicAccessBlock{true, true, false, true}},
		},
		{
			name: "proposed only (first put propagating)",
			api:  &fakeAPI{mrap: okMRAP, policy: pol(nil, aws.String("B"))},
			want: view{HasProposed: true, Proposed: "B", PAB: PublicAccessBlock{true, true, false, true}},
		},
		{
			name: "established, public, no block settings reported",
			api: &fakeAPI{mrap: &s3control.GetMultiRegionAccessPointOutput{AccessPoint: &types.MultiRegionAccessPointReport{Name: aws.String("demo")}},
				policy: pol(aws.String("A"), aws.String("B")),
				status: &s3control.GetMultiRegionAccessPointPolicyStatusOutput{Established: &types.PolicyStatus{IsPublic: true}}},
			want: view{HasPolicy: true, Established: "A", HasProposed: true, Proposed: "B", IsPublic: &yes, PAB: allOn},
		},
		{
			name: "policy status unknown",
			api:  &fakeAPI{mrap: okMRAP, policy: pol(aws.String("A"), nil), statusErr: apiErr("NoSuchMultiRegionAccessPointPolicy")},
			want: view{HasPolicy: true, Established: "A", PAB: PublicAccessBlock{true, true, false, true}},
		},
		{
			name:    "no MRAP",
			api:     &fakeAPI{mrapErr: apiErr("NoSuchMultiRegionAccessPoint")},
			wantErr: func(err error) bool { return errors.Is(err, ErrNoSuchMRAP) },
		},
		{
			name: "MRAP deleted between calls",
			api:  &fakeAPI{mrap: okMRAP, policyErr: apiErr("NoSuchMultiRegionAccessPoint")},
			wantErr: func(err error) bool {
				return errors.Is(err, ErrNoSuchMRAP)
			},
		},
		{
			name: "access denied",
			api:  &fakeAPI{mrap: okMRAP, policyErr: apiErr("AccessDenied")},
			wantErr: func(err error) bool {
				var ce *CallError
				return errors.As(err, &ce) && ce.Op == "GetMultiRegionAccessPointPolicy" && ce.Code == "AccessDenied"
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live, err := NewFromAPI(tt.api, nil).Fetch(context.Background(), testAccount, "demo")
			if tt.wantErr != nil {
				if !tt.wantErr(err) {
					t.Fatalf("error = %v, not the expected one", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := view{live.HasPolicy, live.HasProposed, live.Established, live.Proposed, live.IsPublic, live.PublicAccessBlock}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestInputValidation(t *testing.T) {
	c := NewFromAPI(&fakeAPI{}, nil)
	ctx := context.Background()
	cases := map[string]error{}
	_, cases["short account"] = c.Fetch(ctx, "1234", "demo")
	_, cases["bad name"] = c.Fetch(ctx, testAccount, "Demo")
	_, cases["empty token"] = c.Put(ctx, testAccount, "demo", "{}", "")
	_, cases["long token"] = c.Put(ctx, testAccount, "demo", "{}", strings.Repeat("a", 65))
	_, cases["token with space"] = c.Put(ctx, testAccount, "demo", "{}", "a b")
	_, cases["empty policy"] = c.Put(ctx, testAccount, "demo", " ", "t")
	_, cases["no hash"] = c.PutAndVerify(ctx, Change{}, VerifyOptions{})
	for name, err := range cases {
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error = %v, want ErrInvalidInput", name, err)
		}
	}
}

func TestToken(t *testing.T) {
	base := Token(testAccount, "demo", NoLivePolicy, "b", 0)
	if len(base) != 64 || strings.Trim(base, "0123456789abcdef") != "" {
		t.Fatalf("token %q is not 64 hex digits", base)
	}
	if again := Token(testAccount, "demo", NoLivePolicy, "b", 0); again != base {
		t.Errorf("same transition, different tokens: %s %s", base, again)
	}
	others := map[string]string{
		"account":          Token("444455556666", "demo", NoLivePolicy, "b", 0),
		"name":             Token(testAccount, "demo2", NoLivePolicy, "b", 0),
		"live":             Token(testAccount, "demo", "a", "b", 0),
		"proposed":         Token(testAccount, "demo", NoLivePolicy, "c", 0),
		"attempt 1":        Token(testAccount, "demo", NoLivePolicy, "b", 1),
		"attempt 2":        Token(testAccount, "demo", NoLivePolicy, "b", 2),
		"reverse":          Token(testAccount, "demo", "b", NoLivePolicy, 0),
		"field boundaries": Token(testAccount, "demo"+NoLivePolicy, "", "b", 0),
	}
	seen := map[string]string{base: "base"}
	for name, tok := range others {
		if prev, dup := seen[tok]; dup {
			t.Errorf("%s gives the same token as %s", name, prev)
		}
		seen[tok] = name
	}
}

func TestErrorTextsAreSafe(t *testing.T) {
	hostile := "bad\x1b[31mred\r\nforged line\u202e"
	errs := []error{
		&CallError{Op: "GetMultiRegionAccessPoint", Subject: "demo", Code: hostile, Message: hostile, RequestID: hostile, StatusCode: 500, Attempts: 3},
		&CallError{Op: "GetMultiRegionAccessPoint", Subject: "demo", Err: errors.New(hostile)},
		&OperationError{TokenARN: fakeARN, Code: hostile, Message: hostile, Resource: hostile},
		&WaitError{TokenARN: fakeARN, LastStatus: hostile, Err: errors.New(hostile)},
		fmt.Errorf("wrapped: %w", &OperationError{TokenARN: fakeARN, Message: hostile}),
	}
	for _, err := range errs {
		s := err.Error()
		if strings.ContainsAny(s, "\x1b\r\n\u202e") {
			t.Errorf("%T.Error() = %q keeps control characters", err, s)
		}
		if !strings.Contains(s, `\u001b[31mred\r\nforged line\u202e`) && !strings.Contains(s, "wrapped") {
			t.Errorf("%T.Error() = %q, want the text escaped, not dropped", err, s)
		}
	}
	var oe *OperationError
	errors.As(errs[2], &oe)
	if oe.Message != hostile {
		t.Errorf("OperationError.Message = %q, want the raw server text", oe.Message)
	}
	want := `get multi-region access point "demo": SlowDown: Please reduce your request rate. (HTTP 503, request id R1, gave up after 5 attempts)`
	got := (&CallError{Op: "GetMultiRegionAccessPoint", Subject: "demo", Code: "SlowDown", Message: "Please reduce your request rate.", RequestID: "R1", StatusCode: 503, Attempts: 5}).Error()
	if got != want {
		t.Errorf("CallError text\n got %s\nwant %s", got, want)
	}
}
