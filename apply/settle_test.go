package apply

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/s3control/types"
	"github.com/google/go-cmp/cmp"
)

// Unit tests of reading until a policy settles (Verify, WaitPending,
// InFlight) and of Wait under throttling, with a fake API that answers
// GetMultiRegionAccessPointPolicy from a script.

// policySeq answers policy reads in turn (the last one repeats); "" for
// Proposed means none.
type policySeq struct {
	fakeAPI
	states [][2]string // {Established, Proposed}
	reads  int
}

func (p *policySeq) GetMultiRegionAccessPointPolicy(context.Context, *s3control.GetMultiRegionAccessPointPolicyInput, ...func(*s3control.Options)) (*s3control.GetMultiRegionAccessPointPolicyOutput, error) {
	st := p.states[min(p.reads, len(p.states)-1)]
	p.reads++
	d := &types.MultiRegionAccessPointPolicyDocument{}
	if st[0] != "" {
		d.Established = &types.EstablishedMultiRegionAccessPointPolicy{Policy: aws.String(st[0])}
	}
	if st[1] != "" {
		d.Proposed = &types.ProposedMultiRegionAccessPointPolicy{Policy: aws.String(st[1])}
	}
	return &s3control.GetMultiRegionAccessPointPolicyOutput{Policy: d}, nil
}

func newPolicySeq(states ...[2]string) *policySeq {
	return &policySeq{
		fakeAPI: fakeAPI{
			mrap:   &s3control.GetMultiRegionAccessPointOutput{AccessPoint: &types.MultiRegionAccessPointReport{Name: aws.String("demo")}},
			status: &s3control.GetMultiRegionAccessPointPolicyStatusOutput{Established: &types.PolicyStatus{}},
		},
		states: states,
	}
}

// ident hashes a policy as itself, so the tests read like the states.
func ident(s string) (string, error) { return s, nil }

func TestVerify(t *testing.T) {
	tests := []struct {
		name      string
		states    [][2]string
		wantReads int
		wantErr   string
	}{
		{"in force at once", [][2]string{{"B", "B"}}, 1, ""},
		{"read path lagging: Proposed is ours", [][2]string{{"A", "B"}, {"A", "B"}, {"B", "B"}}, 3, ""},
		{"first policy lagging", [][2]string{{"", "B"}, {"B", ""}}, 2, ""},
		{"another policy in force", [][2]string{{"C", "C"}}, 1, `the policy in force (sha256:C) is not the proposed one (sha256:B)`},
		{"another change proposed", [][2]string{{"A", "C"}}, 1, `the policy in force (sha256:A) is not the proposed one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newPolicySeq(tt.states...)
			clock := newFakeClock()
			_, err := NewFromAPI(api, nil).Verify(context.Background(), testAccount, "demo", "B", VerifyOptions{Hash: ident, Wait: clock.waitOptions()})
			got := ""
			if err != nil {
				got = err.Error()
				var ve *VerifyError
				if !errors.As(err, &ve) {
					t.Errorf("error %T, want *VerifyError", err)
				}
			}
			if (tt.wantErr == "") != (got == "") || !strings.Contains(got, tt.wantErr) {
				t.Errorf("error %q, want %q", got, tt.wantErr)
			}
			if api.reads != tt.wantReads {
				t.Errorf("%d policy reads, want %d", api.reads, tt.wantReads)
			}
		})
	}
}

func TestVerifyLagUntilDeadline(t *testing.T) {
	api := newPolicySeq([2]string{"A", "B"})
	ctx, cancel := context.WithCancel(context.Background())
	wo := WaitOptions{MinInterval: time.Millisecond, Sleep: func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }}
	_, err := NewFromAPI(api, nil).Verify(ctx, testAccount, "demo", "B", VerifyOptions{Hash: ident, Wait: wo})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestInFlight(t *testing.T) {
	tests := []struct {
		name        string
		est, prop   string
		wantBusy    bool
		wantPending string
	}{
		{"nothing proposed", "A", "", false, ""},
		{"settled", "A", "A", false, "A"},
		{"change in flight", "A", "B", true, "B"},
		{"first policy in flight", "", "B", true, "B"},
	}
	for _, tt := range tests {
		live := &Live{HasPolicy: tt.est != "", Established: tt.est, HasProposed: tt.prop != "", Proposed: tt.prop}
		busy, pending, err := InFlight(live, ident)
		if err != nil || busy != tt.wantBusy || pending != tt.wantPending {
			t.Errorf("%s: InFlight = %v, %q, %v; want %v, %q", tt.name, busy, pending, err, tt.wantBusy, tt.wantPending)
		}
	}
}

func TestWaitPending(t *testing.T) {
	api := newPolicySeq([2]string{"A", "B"}, [2]string{"A", "B"}, [2]string{"B", "B"})
	clock := newFakeClock()
	var seen []Progress
	wo := clock.waitOptions()
	wo.Progress = func(p Progress) { seen = append(seen, p) }
	live, err := NewFromAPI(api, nil).WaitPending(context.Background(), testAccount, "demo", VerifyOptions{Hash: ident, Wait: wo})
	if err != nil {
		t.Fatal(err)
	}
	if live.Established != "B" || api.reads != 3 {
		t.Errorf("Established %q after %d reads, want B after 3", live.Established, api.reads)
	}
	want := []Progress{{Status: StatusInFlight, Polls: 1}, {Status: StatusInFlight, Elapsed: time.Second, Polls: 2}}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}

	// Cancelled while waiting: an error wrapping the context's.
	ctx, cancel := context.WithCancel(context.Background())
	wo.Sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	_, err = NewFromAPI(newPolicySeq([2]string{"A", "B"}), nil).WaitPending(ctx, testAccount, "demo", VerifyOptions{Hash: ident, Wait: wo})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), `wait for the change in flight on "demo"`) {
		t.Errorf("error = %v, want one naming the MRAP and wrapping context.Canceled", err)
	}
}

// TestWaitThrottled: throttling that outlasts the SDK's retries does not
// end the wait; other errors still do.
func TestWaitThrottled(t *testing.T) {
	throttled := apiErr("SlowDown")
	api := &fakeAPI{describe: []describeAnswer{{status: "IN_PROGRESS"}, {err: throttled}, {err: throttled}, {status: "SUCCEEDED"}}}
	clock := newFakeClock()
	op, err := NewFromAPI(api, nil).Wait(context.Background(), fakeARN, clock.waitOptions())
	if err != nil || op.Status != StatusSucceeded || api.polls != 4 {
		t.Errorf("Wait = %+v, %v after %d polls; want SUCCEEDED after 4", op, err, api.polls)
	}
}
