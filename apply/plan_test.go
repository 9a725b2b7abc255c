package apply

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func samplePlan() *Plan {
	live, proposed := strings.Repeat("a", 64), strings.Repeat("b", 64)
	return &Plan{
		ToolVersion:      "v1.2.3",
		CreatedAt:        time.Date(2026, 5, 4, 12, 0, 0, 123456789, time.UTC),
		Target:           PlanTarget{Account: testAccount, Name: "demo", Alias: "md38enr9uo6x3.mrap"},
		Live:             PlanLive{HasPolicy: true, EstablishedHash: live, Established: `{"Version":"2012-10-17"}`, BlockPublicPolicy: true},
		Proposed:         PlanProposed{File: "p.json", FileSHA256: FileDigest([]byte("{}\n")), Hash: proposed, Policy: "{}\n"},
		Changes:          true,
		Access:           "broadens",
		Token:            Token(testAccount, "demo", live, proposed, 0),
		Findings:         json.RawMessage(`{"findings": [], "summary": {"files": 1}}`),
		Diff:             json.RawMessage(`{"changed": true, "access": "broadens", "note": "<&>"}`),
		Accepted:         []string{"team/x"},
		AcceptedFindings: json.RawMessage(`[{"rule": "team/x"}]`),
	}
}

func writePlan(t *testing.T, p *Plan) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WritePlan(&b, p); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPlanRoundTrip(t *testing.T) {
	data := writePlan(t, samplePlan())
	if !IsPlan(data) {
		t.Fatal("IsPlan(a written plan) = false")
	}
	got, err := ReadPlan(bytes.NewReader(data), "p.plan")
	if err != nil {
		t.Fatal(err)
	}
	want := samplePlan()
	want.Format = PlanFormat
	want.Checksum = got.Checksum
	// The embedded JSON comes back as written (indented); compare it as JSON.
	opt := cmp.Comparer(func(a, b json.RawMessage) bool {
		var x, y any
		return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && cmp.Equal(x, y)
	})
	if diff := cmp.Diff(want, got, opt); diff != "" {
		t.Errorf("plan after a round trip (-want +got):\n%s", diff)
	}
	// Writing what was read gives the same bytes: the checksum is stable.
	if again := writePlan(t, got); !bytes.Equal(again, data) {
		t.Errorf("rewritten plan differs:\n%s\n%s", data, again)
	}
}

func TestReadPlanRefusals(t *testing.T) {
	good := string(writePlan(t, samplePlan()))
	resealed := func(edit func(*Plan)) string {
		p := samplePlan()
		edit(p)
		return string(writePlan(t, p))
	}
	tests := []struct {
		name    string
		data    string
		refused string // "" means not a plan file (ErrPlanFile)
	}{
		{"policy edited", strings.Replace(good, `"policy": "{}\n"`, `"policy": "{ }\n"`, 1), "was changed after it was written (checksum mismatch)"},
		{"hash edited", strings.Replace(good, strings.Repeat("a", 64), strings.Repeat("c", 64), 1), "checksum mismatch"},
		{"checksum removed", strings.Replace(good, `"checksum": "`, `"checksum": "0`, 1), "checksum mismatch"},
		{"field added", strings.Replace(good, `"changes": true`, `"changes": true, "approved": true`, 1), "does not read as a plan of format 1"},
		{"trailing data", good + "{}", ""},
		{"other format", strings.Replace(good, `"mrapguard_plan": 1`, `"mrapguard_plan": 2`, 1), "has format version 2; this mrapguard reads version 1"},
		{"token of another transition, resealed", resealed(func(p *Plan) { p.Token = strings.Repeat("d", 64) }), "its token is not the one of its transition"},
		{"bad account, resealed", resealed(func(p *Plan) { p.Target.Account = "1234" }), "account id \"1234\""},
		// The checksum covers the decoded plan; these edits decode to the
		// same plan, so only the bytes show them (issue 10 item 16).
		{"case-variant key before the real one", strings.Replace(good, `"target": {`, `"TARGET": {"account": "999999999999", "name": "other", "alias": "x"},
  "target": {`, 1), "not byte for byte what mrapguard plan wrote"},
		{"duplicated key", strings.Replace(good, `"changes": true`, `"changes": false, "changes": true`, 1), "not byte for byte"},
		{"reformatted", strings.Replace(good, "\n  ", "\n    ", 1), "not byte for byte"},
		{"not JSON", "hello", ""},
		{"format of the wrong type", `{"mrapguard_plan": "1"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPlan(strings.NewReader(tt.data), "p.plan")
			var r *RefusedError
			switch {
			case tt.refused == "" && !errors.Is(err, ErrPlanFile):
				t.Errorf("error = %v, want ErrPlanFile", err)
			case tt.refused != "" && (!errors.As(err, &r) || !strings.Contains(r.Reason, tt.refused)):
				t.Errorf("error = %#v, want a refusal saying %q", err, tt.refused)
			// A next step makes a new plan for the plan's target; there is
			// none when the target itself is invalid.
			case r != nil && strings.Contains(tt.name, "bad account") != (r.Next == "" && r.Rerun == nil):
				t.Errorf("error = %#v: next step and command wrong for %s", err, tt.name)
			case r != nil && r.Rerun != nil && strings.Join(r.Rerun, " ") != "plan --out p.plan":
				t.Errorf("rerun %q, want a new plan to p.plan", r.Rerun)
			}
		})
	}
}

func TestIsPlan(t *testing.T) {
	for data, want := range map[string]bool{
		`{"mrapguard_plan": 1}`:                      true,
		`{"Version": "2012-10-17", "Statement": []}`: false,
		`not json`:           false,
		`["mrapguard_plan"]`: false,
	} {
		if got := IsPlan([]byte(data)); got != want {
			t.Errorf("IsPlan(%s) = %v, want %v", data, got, want)
		}
	}
}

func TestPlanChecks(t *testing.T) {
	p := samplePlan()
	refusal := func(err error) string {
		var r *RefusedError
		if err == nil {
			return ""
		}
		if !errors.As(err, &r) || r.Next == "" {
			return "not a refusal with a next step: " + err.Error()
		}
		return r.Reason
	}
	got := map[string]string{
		"same target":    refusal(p.CheckTarget(testAccount, "demo")),
		"target unnamed": refusal(p.CheckTarget("", "")),
		"other name":     refusal(p.CheckTarget("", "web")),
		"other account":  refusal(p.CheckTarget("444455556666", "demo")),
		"same file":      refusal(p.CheckFile([]byte("{}\n"))),
		"file changed":   refusal(p.CheckFile([]byte("{ }\n"))),
		"live unchanged": refusal(p.CheckFresh(strings.Repeat("a", 64))),
		"live moved":     refusal(p.CheckFresh(strings.Repeat("e", 64))),
		"policy removed": refusal(p.CheckFresh(NoLivePolicy)),
	}
	want := map[string]string{
		"same target":    "",
		"target unnamed": "",
		"other name":     "the plan is for 111122223333/demo, not 111122223333/web",
		"other account":  "the plan is for 111122223333/demo, not 444455556666/demo",
		"same file":      "",
		"file changed":   "p.json changed since the plan was made (2026-05-04T12:00:00Z): the plan no longer shows what would be applied",
		"live unchanged": "",
		"live moved":     "stale plan: the policy in force on 111122223333/demo changed since the plan was made (planned against sha256:aaaaaaaaaaaa, now sha256:eeeeeeeeeeee)",
		"policy removed": "stale plan: the policy in force on 111122223333/demo changed since the plan was made (planned against sha256:aaaaaaaaaaaa, now no policy)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("plan checks (-want +got):\n%s", diff)
	}
}
