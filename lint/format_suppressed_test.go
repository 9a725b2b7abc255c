package lint

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSuppressedInEveryFormat: findings that an ignore of mrapguard.yaml
// covers do not count, but every format shows them (issue 15 item 10): a
// count in text, github and markdown's summary, a "suppressed" list in
// JSON, SARIF results with suppressions (the reason as justification),
// JUnit's system-out, a Markdown table.
func TestSuppressedInEveryFormat(t *testing.T) {
	rules := []RuleInfo{{ID: "principal/public", Severity: SeverityError, Default: SeverityError, Title: "Public", Builtin: true}}
	sup := Finding{File: "/repo/policies/site.json", Rule: "principal/public", Severity: SeverityError, Message: "statement allows any principal",
		Path: "/Statement/0/Principal", Line: 7, Column: 20, Sid: "PublicRead",
		Suppression: &Suppression{Reason: "public website assets, SEC-123", Expires: "2027-03-31", Config: "/repo/mrapguard.yaml", Line: 9}}
	r := &Report{Files: []string{"/repo/policies/site.json"}, Rules: rules, Suppressed: []Finding{sup}}

	text := string(render(t, "text", goldenOptions, r))
	if want := "mrapguard: no findings in 1 file (1 rule; 1 suppressed by an ignore)\n"; text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
	github := string(render(t, "github", goldenOptions, r))
	if strings.Contains(github, "::error") || !strings.Contains(github, "1 suppressed by an ignore") {
		t.Errorf("github: a suppressed finding is no annotation, but counted:\n%s", github)
	}

	var js struct {
		Findings   []Finding
		Suppressed []Finding
		Summary    struct{ Errors, Suppressed int }
	}
	if err := json.Unmarshal(render(t, "json", goldenOptions, r), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Findings) != 0 || js.Summary.Errors != 0 || js.Summary.Suppressed != 1 || len(js.Suppressed) != 1 {
		t.Fatalf("json: %+v", js)
	}
	got := js.Suppressed[0]
	got.EndLine, got.EndColumn = 0, 0
	if diff := cmp.Diff(sup, got); diff != "" {
		t.Errorf("json suppressed (-want +got):\n%s", diff)
	}

	sarifOut := render(t, "sarif", goldenOptions, r)
	validateSARIF(t, loadSARIFSchema(t), sarifOut)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string
				Suppressions []struct {
					Kind, Status, Justification string
					Location                    struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
							Region           struct{ StartLine int }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal(sarifOut, &log); err != nil {
		t.Fatal(err)
	}
	if res := log.Runs[0].Results; len(res) != 1 || len(res[0].Suppressions) != 1 {
		t.Fatalf("sarif: want one result with one suppression: %s", sarifOut)
	}
	s := log.Runs[0].Results[0].Suppressions[0]
	if s.Kind != "external" || s.Status != "accepted" || s.Justification != "public website assets, SEC-123 (until 2027-03-31)" ||
		s.Location.PhysicalLocation.ArtifactLocation.URI != "mrapguard.yaml" || s.Location.PhysicalLocation.Region.StartLine != 9 {
		t.Errorf("sarif suppression = %+v", s)
	}

	junit := string(render(t, "junit", goldenOptions, r))
	if !strings.Contains(junit, "<system-out>policies/site.json:7:20: error: statement allows any principal (Sid PublicRead) [suppressed: public website assets, SEC-123 (until 2027-03-31; mrapguard.yaml:9)]") ||
		strings.Contains(junit, "<failure") {
		t.Errorf("junit: the suppressed finding is in system-out, not a failure:\n%s", junit)
	}

	md := string(render(t, "markdown", goldenOptions, r))
	for _, want := range []string{"No findings in 1 file (1 rule; 1 suppressed by an ignore).", "### Suppressed by ignores", `public website assets, SEC\-123 \(until 2027\-03\-31; mrapguard\.yaml\:9\)`} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
