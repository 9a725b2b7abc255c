package diff

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mrapguard/mrapguard/policy"
)

// manyStatements is issue 10's diff attack: n statements that all share
// their actions, so every pair of statements is a candidate match.
func manyStatements(n, variant int) string {
	var st []string
	for i := range n {
		st = append(st, fmt.Sprintf(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%012d:root"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3::111122223333:accesspoint/m.mrap/object/%d-%d/*"}`,
			100000000000+i*7+variant, i, variant))
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(st, ",") + `]}`
}

// bigStatement is one statement with n resource patterns.
func bigStatement(n int, variant string) string {
	rs := make([]string, n)
	for i := range rs {
		rs[i] = fmt.Sprintf(`"arn:aws:s3::111122223333:accesspoint/m.mrap/object/%s%d*"`, variant, i)
	}
	return `{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":[` + strings.Join(rs, ",") + `]}]}`
}

// computeBounded fails the test, instead of hanging, when Compute does not
// finish within a minute. Before issue 10's fix, 2,000 statements took
// about 22 minutes.
func computeBounded(t *testing.T, before, after string) Diff {
	t.Helper()
	done := make(chan Diff, 1)
	go func() { done <- computeT(t, before, after) }()
	select {
	case d := <-done:
		return d
	case <-time.After(time.Minute):
		t.Fatal("Compute did not finish within a minute")
		return Diff{}
	}
}

func TestComputeStaysNearLinear(t *testing.T) {
	t.Run("2000 statements sharing their actions", func(t *testing.T) {
		d := computeBounded(t, manyStatements(2000, 0), manyStatements(2000, 1))
		if !d.Changed || d.Access != Broadens {
			t.Errorf("Changed %v, access %s", d.Changed, d.Access)
		}
	})
	t.Run("one statement of 15,000 resources", func(t *testing.T) {
		// 0.9 MB, within the hard cap; comparing every resource with
		// every other one would take 225 million comparisons. An element
		// past the work limit is taken as not covered, which may
		// over-report only. (The limit is lowered so the test is quick
		// under the race detector; the default costs about a second.)
		defer func(l int) { workLimit = l }(workLimit)
		workLimit = 1 << 20
		d := computeBounded(t, bigStatement(15000, "a"), bigStatement(15000, "b"))
		if !d.Changed || d.Access != Broadens {
			t.Errorf("Changed %v, access %s", d.Changed, d.Access)
		}
		found := false
		for _, fc := range d.Statements[0].Changes {
			if strings.Contains(fc.Reason, "past the diff's work limit") {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no change says the work limit was reached")
		}
	})
}

func TestComputeContextStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	before, after := parse(t, "old.json", manyStatements(300, 0)), parse(t, "new.json", manyStatements(300, 1))
	if _, err := (Options{Catalog: testCatalog(t)}).ComputeContext(ctx, before, after); err != context.Canceled {
		t.Errorf("ComputeContext with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestDuplicateKeysAreNotTrusted is issue 10 item 11: a second "Statement"
// key hides an Allow of s3:* to everyone from a reader that keeps the last
// value, as this diff does; the diff must not call the documents
// equivalent.
func TestDuplicateKeysAreNotTrusted(t *testing.T) {
	old := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}`
	hidden := `{"Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}],
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}`
	opts := Options{Catalog: testCatalog(t)}
	oldDoc := *policy.Parse("old.json", []byte(old), policy.Options{})
	newDoc := *policy.Parse("new.json", []byte(hidden), policy.Options{})
	for _, d := range []Diff{opts.Compute(oldDoc, newDoc), opts.Compute(newDoc, oldDoc)} {
		if !d.Changed || d.Access != Unknown {
			t.Errorf("Changed %v, access %s: want a change of unknown access", d.Changed, d.Access)
		}
		if len(d.Document) != 1 || d.Document[0].Field != FieldDuplicateKey || d.Document[0].Key != "Statement" {
			t.Fatalf("document changes: %+v", d.Document)
		}
		if !strings.Contains(d.Reason, `new.json has a duplicate key "Statement" at 3:3`) || !strings.Contains(d.Reason, "cannot be trusted") {
			t.Errorf("reason %q does not say why the diff cannot be trusted", d.Reason)
		}
	}
	if d := opts.Compute(newDoc, newDoc); d.Changed {
		t.Errorf("the same bytes are equivalent even with a duplicate key: %+v", d)
	}
}
