package pipeline

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/apply"
)

// TestProgress: plain lines only when the status changes; on a terminal,
// one line redrawn; server text escaped either way.
func TestProgress(t *testing.T) {
	steps := []apply.Progress{
		{Status: "IN_PROGRESS", Regions: []apply.RegionStatus{{Region: "us-east-1", Status: "IN_PROGRESS"}}, Elapsed: 1500 * time.Millisecond},
		{Status: "IN_PROGRESS", Regions: []apply.RegionStatus{{Region: "us-east-1", Status: "IN_PROGRESS"}}, Elapsed: 3 * time.Second},
		{Status: "DONE\x1b[2J", Regions: []apply.RegionStatus{{Region: "eu\nwest", Status: "OK"}}, Elapsed: 4 * time.Second},
	}
	var plain strings.Builder
	p := NewTextProgress(nil, &plain, false, "")
	for _, s := range steps {
		p.Update(s)
	}
	p.Note("done")
	p.Command("mrapguard wait 'arn\x1b' --account 111122223333")
	want := "mrapguard: waiting: IN_PROGRESS (us-east-1 IN_PROGRESS) after 1s\n" +
		"mrapguard: waiting: DONE\\u001b[2J (eu\\nwest OK) after 4s\n" +
		"mrapguard: done\n" +
		// A command to copy stands alone on its line (issue 15 item 20).
		"mrapguard wait 'arn\\u001b' --account 111122223333\n"
	if diff := cmp.Diff(want, plain.String()); diff != "" {
		t.Errorf("plain progress (-want +got):\n%s", diff)
	}

	var tty strings.Builder
	p = NewTextProgress(nil, &tty, true, "")
	for _, s := range steps {
		p.Update(s)
	}
	p.Command("mrapguard wait ARN --account 111122223333")
	p.Done()
	want = "\r\x1b[Kwaiting 1s: IN_PROGRESS (us-east-1 IN_PROGRESS)" +
		"\r\x1b[Kwaiting 3s: IN_PROGRESS (us-east-1 IN_PROGRESS)" +
		"\r\x1b[Kwaiting 4s: DONE\\u001b[2J (eu\\nwest OK)\n" +
		"mrapguard wait ARN --account 111122223333\n"
	if diff := cmp.Diff(want, tty.String()); diff != "" {
		t.Errorf("terminal progress (-want +got):\n%s", diff)
	}
}

// TestPlanJSON: plan --format json embeds lint's and diff's JSON and says
// what apply would refuse.
