package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/pipeline"
)

// TestNotionsOfPublic judges the same statements by every stage that
// speaks of public, and checks that each notion gets one answer
// everywhere (issue 11): open (callers the owner does not control get in)
// from lint's principal/public, the diff's tag and public_after, and the
// plan's open_statements; public to AWS (S3 Block Public Access) from the
// diff's tag and public_to_aws_after, the apply guard's refusal on an MRAP
// that blocks public policies, exit code 4, and the plan's
// public_statements, in the text, markdown and json formats.
func TestNotionsOfPublic(t *testing.T) {
	const star = `"Principal": "*"`
	tests := []struct {
		name        string
		who, cond   string // the statement's principal element and condition object ("" for none)
		effect      string // "" for Allow
		open, toAWS bool
	}{
		{"no condition", star, ``, "", true, true},
		{"aws:SourceIp block", star, `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, "", true, false},
		{"aws:SourceIp /8", star, `{"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`, "", true, false},
		{"aws:SourceIp broader than /8", star, `{"IpAddress": {"aws:SourceIp": "10.0.0.0/7"}}`, "", true, true},
		{"aws:SourceIp negated", star, `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, "", true, true},
		{"aws:SourceVpce", star, `{"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}`, "", false, false},
		{"aws:SourceVpce IfExists", star, `{"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1a2b3c4d"}}`, "", true, true},
		{"aws:PrincipalOrgID StringLike fixed", star, `{"StringLike": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`, "", false, false},
		{"aws:PrincipalOrgID StringLike pattern", star, `{"StringLike": {"aws:PrincipalOrgID": "o-a1b2*"}}`, "", true, true},
		{"aws:PrincipalOrgID ForAllValues", star, `{"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`, "", true, true},
		{"aws:PrincipalOrgPaths", star, `{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"}}`, "", false, false},
		{"aws:PrincipalOrgPaths any organization", star, `{"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-*/r-ab12/*"}}`, "", true, true},
		{"aws:Referer", star, `{"StringLike": {"aws:Referer": "https://www.example.com/*"}}`, "", true, true},
		{"aws:SecureTransport", star, `{"Bool": {"aws:SecureTransport": "true"}}`, "", true, true},
		{"aws:userid fixed", star, `{"StringEquals": {"aws:userid": "AROAEXAMPLEID:alice"}}`, "", true, false},
		{"NotPrincipal", `"NotPrincipal": {"AWS": "444455556666"}`, ``, "", true, true},
		{"a named account", `"Principal": {"AWS": "444455556666"}`, ``, "", false, false},
		{"a Deny to everyone", star, ``, "Deny", false, false},
	}
	r := newRig(t, 0)
	p := r.pipeline(pipeline.Options{})
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			effect := tt.effect
			if effect == "" {
				effect = "Allow"
			}
			st := `{"Sid": "S", "Effect": "` + effect + `", ` + tt.who + `, "Action": "s3:GetObject", "Resource": "arn:aws:s3::` + acct + `:accesspoint/` + demoAlias + `/object/*"`
			if tt.cond != "" {
				st += `, "Condition": ` + tt.cond
			}
			file := filepath.Join(r.dir, fmt.Sprintf("p%d.json", i))
			if err := os.WriteFile(file, []byte(`{"Version": "2012-10-17", "Statement": [`+st+`}]}`), 0o644); err != nil {
				t.Fatal(err)
			}
			outs, code := p.Plan(context.Background(), []pipeline.Target{{Account: acct, Name: "demo", File: file}})
			pl := outs[0].Planned
			if pl == nil || pl.Diff == nil || len(pl.Diff.Statements) != 1 {
				t.Fatalf("plan: %+v", outs[0])
			}
			sc := pl.Diff.Statements[0]
			text, md, js := formatAll(t, outs, code)

			// One row per place that answers; every row of a notion must
			// give the notion's answer.
			type answers struct {
				LintFinding, DiffOpen, DiffTagOpen, PlanOpenJSON bool
				DiffToAWS, DiffTagToAWS, GuardRefuses, Exit4     bool
				TextRefusal, MarkdownRefusal, PlanPublicJSON     bool
			}
			got := answers{
				LintFinding:     hasRule(pl, "principal/public"),
				DiffOpen:        sc.PublicAfter,
				DiffTagOpen:     strings.Contains(sc.Reason, "(open; "),
				PlanOpenJSON:    len(js.Targets[0].Open) > 0,
				DiffToAWS:       sc.PublicToAWSAfter,
				DiffTagToAWS:    strings.HasSuffix(sc.Reason, "(open; public to AWS)"),
				GuardRefuses:    refusesPublic(pl),
				Exit4:           code == pipeline.ExitRefused,
				TextRefusal:     strings.Contains(text, "is public to AWS (statement \"S\""),
				MarkdownRefusal: strings.Contains(md, "is public to AWS") && strings.Contains(md, `Block Public Access\)\: AWS would refuse it`),
				PlanPublicJSON:  len(js.Targets[0].Public) > 0,
			}
			want := answers{
				LintFinding: tt.open, DiffOpen: tt.open, DiffTagOpen: tt.open, PlanOpenJSON: tt.open,
				DiffToAWS: tt.toAWS, DiffTagToAWS: tt.toAWS, GuardRefuses: tt.toAWS, Exit4: tt.toAWS,
				TextRefusal: tt.toAWS, MarkdownRefusal: tt.toAWS, PlanPublicJSON: tt.toAWS,
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("answers (-want +got):\n%s\ndiff reason: %s\n%s", d, sc.Reason, text)
			}
			// Open but not public to AWS: every place that says "open"
			// also says AWS would take it, so nobody reads one notion for
			// the other.
			if tt.open && !tt.toAWS {
				for where, out := range map[string]string{"diff": sc.Reason, "lint": findingMessage(pl, "principal/public")} {
					if !strings.Contains(out, "not public to AWS") {
						t.Errorf("%s does not say the statement is not public to AWS: %s", where, out)
					}
				}
			}
		})
	}
}

func hasRule(pl *pipeline.Planned, rule string) bool { return findingMessage(pl, rule) != "" }

func findingMessage(pl *pipeline.Planned, rule string) string {
	for _, f := range pl.Findings {
		if f.Rule == rule {
			return f.Message
		}
	}
	return ""
}

// refusesPublic: the apply guard refuses the plan because AWS would call
// the policy public.
func refusesPublic(pl *pipeline.Planned) bool {
	for _, r := range pl.Refusals {
		if strings.Contains(r.Reason, "is public to AWS") && strings.Contains(r.Reason, "blocks public policies") {
			return true
		}
	}
	return false
}

// formatAll renders a plan run in the text, markdown and json formats.
func formatAll(t *testing.T, outs []pipeline.Outcome, code int) (text, md string, js pipeline.PlanJSON) {
	t.Helper()
	render := func(name string) []byte {
		f, err := pipeline.NewFormatter(name, pipeline.FormatOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := f.Format(&b, outs, code); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if err := json.Unmarshal(render("json"), &js); err != nil || len(js.Targets) != 1 {
		t.Fatalf("plan json: %v", err)
	}
	return string(render("text")), string(render("markdown")), js
}
