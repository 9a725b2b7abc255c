package apply

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The interop tests run the same client code against the emulator and
// moto_server: two independent servers of the same wire protocol. They only
// assert what both implement (moto completes operations at once, has no
// Proposed policy, does not validate policies and has no idempotency).

var aliasRe = regexp.MustCompile(`^[a-z][-a-z0-9]*[.]mrap$`)

func TestInteropFetch(t *testing.T) {
	for bname, start := range backends(t) {
		t.Run(bname, func(t *testing.T) {
			b := start(t)
			c := testClient(t, b.endpoint)
			ctx := context.Background()

			_, err := c.Fetch(ctx, testAccount, uniqueName("absent"))
			if !errors.Is(err, ErrNoSuchMRAP) {
				t.Fatalf("Fetch(absent MRAP) error = %v, want ErrNoSuchMRAP", err)
			}

			name := uniqueName("fresh")
			alias := create(t, c, name, true)
			live, err := c.Fetch(ctx, testAccount, name)
			if err != nil {
				t.Fatal(err)
			}
			if !aliasRe.MatchString(alias) {
				t.Errorf("alias %q does not look like an MRAP alias", alias)
			}
			var regions []string
			for _, r := range live.Regions {
				regions = append(regions, r.Bucket)
			}
			sort.Strings(regions)
			got := struct {
				Name        string
				Buckets     []string
				PAB         PublicAccessBlock
				HasPolicy   bool
				HasProposed bool
				IsPublic    *bool
			}{live.Name, regions, live.PublicAccessBlock, live.HasPolicy, live.HasProposed, live.IsPublic}
			want := got
			want.Name = name
			want.Buckets = []string{name + "-eu-west-1", name + "-us-east-1"}
			want.PAB = PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
			want.HasPolicy, want.HasProposed, want.IsPublic = false, false, nil
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Fetch of a new MRAP (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInteropPutWaitFetch(t *testing.T) {
	for bname, start := range backends(t) {
		t.Run(bname, func(t *testing.T) {
			b := start(t)
			c := testClient(t, b.endpoint)
			ctx := context.Background()
			tests := []struct {
				name       string
				block      bool
				principal  string
				wantPublic bool
			}{
				{"private", true, `{"AWS":"arn:aws:iam::` + testAccount + `:root"}`, false},
				{"public", false, `"*"`, true},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					name := uniqueName(tt.name)
					alias := create(t, c, name, tt.block)
					doc := policyFor(alias, tt.principal)
					arn, err := c.Put(ctx, testAccount, name, doc, Token(testAccount, name, NoLivePolicy, mustHash(t, doc), 0))
					if err != nil {
						t.Fatal(err)
					}
					if _, err := AccountFromTokenARN(arn); err != nil {
						t.Errorf("token ARN: %v", err)
					}
					op, err := c.Wait(ctx, arn, WaitOptions{MinInterval: 10 * time.Millisecond, MaxInterval: 20 * time.Millisecond})
					if err != nil {
						t.Fatal(err)
					}
					wantOp := struct{ Status, Operation, Name, Policy string }{StatusSucceeded, "PutMultiRegionAccessPointPolicy", name, doc}
					if diff := cmp.Diff(wantOp, struct{ Status, Operation, Name, Policy string }{op.Status, op.Operation, op.Name, op.Policy}); diff != "" {
						t.Errorf("operation (-want +got):\n%s", diff)
					}
					live, err := c.Fetch(ctx, testAccount, name)
					if err != nil {
						t.Fatal(err)
					}
					if !live.HasPolicy || live.Established != doc {
						t.Errorf("Established = %v %q, want the put policy", live.HasPolicy, live.Established)
					}
					if live.IsPublic == nil || *live.IsPublic != tt.wantPublic {
						t.Errorf("IsPublic = %v, want %v", live.IsPublic, tt.wantPublic)
					}
				})
			}
		})
	}
}

func TestInteropPutAndVerifyFirstApply(t *testing.T) {
	for bname, start := range backends(t) {
		t.Run(bname, func(t *testing.T) {
			b := start(t)
			c := testClient(t, b.endpoint)
			name := uniqueName("first")
			alias := create(t, c, name, true)
			doc := privatePolicy(alias)
			res, err := c.PutAndVerify(context.Background(), Change{Account: testAccount, Name: name, Policy: doc, LiveHash: NoLivePolicy, ProposedHash: mustHash(t, doc)},
				VerifyOptions{Hash: testHash, Wait: WaitOptions{MinInterval: 10 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Puts != 1 || res.Live.Established != doc {
				t.Errorf("PutAndVerify = %d puts, Established %q; want 1 put of %q", res.Puts, res.Live.Established, doc)
			}
		})
	}
}

func TestInteropMissing(t *testing.T) {
	for bname, start := range backends(t) {
		t.Run(bname, func(t *testing.T) {
			b := start(t)
			c := testClient(t, b.endpoint)
			ctx := context.Background()
			name := uniqueName("absent")
			doc := privatePolicy("mabcdefghijkl.mrap")
			if _, err := c.Put(ctx, testAccount, name, doc, Token(testAccount, name, NoLivePolicy, mustHash(t, doc), 0)); !errors.Is(err, ErrNoSuchMRAP) {
				t.Errorf("Put(absent MRAP) error = %v, want ErrNoSuchMRAP", err)
			}
			arn := "arn:aws:s3:us-west-2:" + testAccount + ":async-request/mrap/put/00000000000000000000000000000000"
			_, err := c.Wait(ctx, arn, WaitOptions{NotFoundGrace: time.Nanosecond, MinInterval: time.Millisecond})
			var we *WaitError
			var ce *CallError
			if !errors.As(err, &we) || !errors.As(err, &ce) || ce.Code != "NoSuchAsyncRequest" || we.TokenARN != arn {
				t.Errorf("Wait(unknown token) error = %#v, want *WaitError with the ARN wrapping NoSuchAsyncRequest", err)
			}
		})
	}
}
