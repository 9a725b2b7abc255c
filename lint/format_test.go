package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mrapguard/mrapguard/internal/escape"
)

var update = flag.Bool("update", false, "rewrite golden files (go test ./lint -run Golden -update)")

// goldenSet is a rule set and the policies the golden files are made from.
type goldenSet struct {
	builtin fs.FS // nil: the embedded built-in rules (rules.FS)
	paths   []string
	target  *Target
}

// goldenSource is what every golden file is made from: the built-in rules
// over the repository's sample policies, good and bad. Refresh with
// go test ./lint -run Golden -update.
var goldenSource = goldenSet{paths: []string{"../testdata/policies", "../testdata/bad", "../testdata/templates/cloudformation/forms.yaml"}, target: &Target{Account: "111122223333", Alias: "mfzwi23gnjvgw.mrap"}}

// goldenOptions pretend the repository is checked out at /repo, so no
// machine path or tool version ends up in a golden file.
var goldenOptions = FormatOptions{
	FailOn:      SeverityError,
	ToolVersion: "test",
	RepoRoot:    "/repo",
	WorkDir:     "/repo/lint",
	LinkBase:    "https://github.com/OWNER/REPO/blob/0123456789abcdef0123456789abcdef01234567/",
}

func runSet(t *testing.T, set goldenSet) *Report {
	t.Helper()
	e := newTestEngine(t, Options{Builtin: set.builtin})
	if set.builtin == nil {
		// newTestEngine fills in testRules for a nil Builtin; the real
		// rules need an explicit nil.
		var err error
		if e, err = New(context.Background(), Options{}); err != nil {
			t.Fatalf("New: %v", err)
		}
	}
	files, err := ExpandPaths(set.paths)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.Run(context.Background(), files, RunOptions{Target: set.target, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func render(t *testing.T, name string, o FormatOptions, r *Report) []byte {
	t.Helper()
	f, err := NewFormatter(name, o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Format(&buf, r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	rep := runSet(t, goldenSource)
	if len(rep.Findings) == 0 {
		t.Fatal("the golden policies produce no findings: the golden files would show nothing")
	}
	for _, name := range FormatNames() {
		t.Run(name, func(t *testing.T) {
			got := render(t, name, goldenOptions, rep)
			path := filepath.Join("testdata", "golden", "lint."+name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./lint -run Golden -update)", err)
			}
			if !bytes.Equal(want, got) {
				t.Errorf("%s output differs from %s (-want +got):\n%s", name, path, cmp.Diff(string(want), string(got)))
			}
			for _, bad := range []string{"/work/", "/tmp/", "/root/", "/home/"} {
				if bytes.Contains(got, []byte(bad)) {
					t.Errorf("%s output holds a machine path (%s)", name, bad)
				}
			}
		})
	}
}

func TestFormatNames(t *testing.T) {
	want := []string{"github", "json", "junit", "markdown", "sarif", "text"}
	if diff := cmp.Diff(want, FormatNames()); diff != "" {
		t.Errorf("FormatNames (-want +got):\n%s", diff)
	}
	if _, err := NewFormatter("yaml", FormatOptions{}); err == nil || !strings.Contains(err.Error(), "valid: github, json, junit, markdown, sarif, text") {
		t.Errorf("unknown format: err = %v", err)
	}
}

func loadSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	// The schema's own id (draft-04 "id") names it; its "$schema" selects
	// draft-04, whose metaschema the library carries.
	if err := c.AddResource(sarifSchema, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("sarif output is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("sarif output does not validate: %v", err)
	}
}

func TestSARIFSchema(t *testing.T) {
	sch := loadSARIFSchema(t)
	// The schema must be able to fail: a log without runs is invalid.
	if inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version": "2.1.0", "runs": [{"tool": {}}]}`)); sch.Validate(inst) == nil {
		t.Fatal("the schema accepts a run whose tool has no driver")
	}
	rep := runSet(t, goldenSource)
	stdin := &Report{Files: []string{StdinName}, Rules: rep.Rules, Findings: []Finding{
		{File: StdinName, Rule: "json/syntax", Severity: SeverityError, Message: "bad", Line: 2, Column: 3},
		{File: StdinName, Rule: "action/unknown", Severity: SeverityWarning, Message: "x", Path: "/Statement/0/Action/a~1b", Line: 1, Column: 1},
		{File: "/elsewhere/p.json", Rule: "not/listed", Severity: SeverityInfo, Message: "from a filter"},
	}}
	for name, tc := range map[string]struct {
		r *Report
		o FormatOptions
	}{
		"golden":         {rep, goldenOptions},
		"no repo root":   {rep, FormatOptions{}},
		"stdin":          {stdin, goldenOptions},
		"no findings":    {&Report{Files: []string{"a.json"}, Rules: rep.Rules}, goldenOptions},
		"hostile policy": {runSet(t, goldenSet{builtin: testRules, paths: []string{"testdata/hostile"}, target: &Target{Account: "111122223333"}}), goldenOptions},
	} {
		t.Run(name, func(t *testing.T) { validateSARIF(t, sch, render(t, "sarif", tc.o, tc.r)) })
	}

	// What GitHub code scanning needs: one run, tool name and version,
	// %SRCROOT%-relative URIs, every rule that ran, a result per finding.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name, Version string
					Rules         []struct{ ID string }
				}
			}
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn, EndLine, EndColumn int }
					}
					LogicalLocations []struct{ FullyQualifiedName string }
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(render(t, "sarif", goldenOptions, rep), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	var ruleIDs, wantIDs []string
	for _, r := range run.Tool.Driver.Rules {
		ruleIDs = append(ruleIDs, r.ID)
	}
	for _, r := range rep.Rules {
		wantIDs = append(wantIDs, r.ID)
	}
	if diff := cmp.Diff(wantIDs, ruleIDs); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if d := run.Tool.Driver; d.Name != "mrapguard" || d.Version != "test" {
		t.Errorf("driver = %q %q", d.Name, d.Version)
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///repo/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	if len(run.Results) != len(rep.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(rep.Findings))
	}
	fps := map[string]bool{}
	for i, res := range run.Results {
		f := rep.Findings[i]
		if res.RuleID != f.Rule || run.Tool.Driver.Rules[res.RuleIndex].ID != f.Rule {
			t.Errorf("result %d: rule %q index %d, want %q", i, res.RuleID, res.RuleIndex, f.Rule)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc == nil || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || strings.Contains(loc.ArtifactLocation.URI, "://") {
			t.Errorf("result %d: location %+v is not relative to %%SRCROOT%%", i, loc)
		} else if loc.Region.StartLine != f.Line || loc.Region.StartColumn != f.Column || loc.Region.EndLine != f.EndLine || loc.Region.EndColumn != f.EndColumn {
			t.Errorf("result %d: region %+v, finding %+v", i, loc.Region, f)
		}
		fp := res.PartialFingerprints[fingerprintKey]
		if fp == "" || fps[fp] {
			t.Errorf("result %d: fingerprint %q missing or repeated", i, fp)
		}
		fps[fp] = true
	}
}

func TestSARIFURIs(t *testing.T) {
	o := FormatOptions{RepoRoot: "/repo", WorkDir: "/repo/sub"}
	r := &Report{Findings: []Finding{
		{File: "team a/x#1?.json", Rule: "r/x", Severity: SeverityError, Line: 1, Column: 1},
		{File: "c:d.json", Rule: "r/x", Severity: SeverityError, Line: 1, Column: 1},
		{File: "../../outside.json", Rule: "r/x", Severity: SeverityError, Line: 1, Column: 1},
		{File: StdinName, Rule: "r/x", Severity: SeverityError, Line: 1, Column: 1},
	}}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct{ URI, URIBaseID string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(render(t, "sarif", o, r), &log); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, res := range log.Runs[0].Results {
		if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil {
			got = append(got, "-")
			continue
		}
		a := res.Locations[0].PhysicalLocation.ArtifactLocation
		got = append(got, a.URIBaseID+" "+a.URI)
	}
	want := []string{"%SRCROOT% sub/team%20a/x%231%3F.json", "%SRCROOT% sub/c%3Ad.json", " file:///outside.json", "-"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("URIs (-want +got):\n%s", diff)
	}
}

func TestFingerprintFollowsSid(t *testing.T) {
	a := Finding{Rule: "action/unknown", Path: "/Statement/0/Action/1", Sid: "Read"}
	b := Finding{Rule: "action/unknown", Path: "/Statement/3/Action/1", Sid: "Read"}
	c := Finding{Rule: "action/unknown", Path: "/Statement/0/Action/1"}
	d := Finding{Rule: "action/unknown", Path: "/Statement/3/Action/1"}
	if fingerprintInput(a, "p.json") != fingerprintInput(b, "p.json") {
		t.Errorf("moving a statement with a Sid changes its fingerprint")
	}
	if fingerprintInput(c, "p.json") == fingerprintInput(d, "p.json") {
		t.Errorf("statements without Sid at different indexes share a fingerprint")
	}
	if fingerprintInput(a, "p.json") == fingerprintInput(a, "q.json") {
		t.Errorf("the file is not part of the fingerprint")
	}
}

// The JUnit report parsed back with encoding/xml has the right counts and
// every message; findings below --fail-on are kept in system-out.
func TestJUnitRoundTrip(t *testing.T) {
	rep := runSet(t, goldenSource)
	o := goldenOptions
	o.FailOn = SeverityError
	var got junitTestSuites
	if err := xml.Unmarshal(render(t, "junit", o, rep), &got); err != nil {
		t.Fatal(err)
	}
	wantFailures := map[[2]string]bool{}
	for _, f := range rep.Findings {
		if f.Severity >= o.FailOn {
			wantFailures[[2]string{o.displayPath(f.File), f.Rule}] = true
		}
	}
	if got.Tests != len(rep.Files)*len(rep.Rules) || got.Failures != len(wantFailures) || len(got.Suites) != len(rep.Files) {
		t.Errorf("testsuites: tests=%d failures=%d suites=%d; want %d, %d, %d",
			got.Tests, got.Failures, len(got.Suites), len(rep.Files)*len(rep.Rules), len(wantFailures), len(rep.Files))
	}
	texts := map[[2]string]string{}
	sumTests, sumFailures := 0, 0
	for _, s := range got.Suites {
		failures := 0
		for _, c := range s.Cases {
			k := [2]string{c.Classname, c.Name}
			if c.Failure != nil {
				failures++
				if !wantFailures[k] {
					t.Errorf("%s %s fails but has no finding at or above %s", c.Classname, c.Name, o.FailOn)
				}
				texts[k] += c.Failure.Text
			} else if wantFailures[k] {
				t.Errorf("%s %s passes but has a finding at or above %s", c.Classname, c.Name, o.FailOn)
			}
			texts[k] += c.SystemOut
		}
		if s.Tests != len(s.Cases) || s.Failures != failures {
			t.Errorf("suite %s: tests=%d failures=%d, counted %d and %d", s.Name, s.Tests, s.Failures, len(s.Cases), failures)
		}
		sumTests += s.Tests
		sumFailures += s.Failures
	}
	if sumTests != got.Tests || sumFailures != got.Failures {
		t.Errorf("totals %d/%d do not add up to %d/%d", got.Tests, got.Failures, sumTests, sumFailures)
	}
	for _, f := range rep.Findings {
		if !strings.Contains(texts[[2]string{o.displayPath(f.File), f.Rule}], escape.XMLChars(f.Message)) {
			t.Errorf("finding %q is missing from its test case", f.Message)
		}
	}
}

func TestAnnotationPosition(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{}, ""},
		{Finding{Line: 3, Column: 5}, "line=3,col=5"},
		{Finding{Line: 3, Column: 5, EndLine: 3, EndColumn: 9}, "line=3,col=5,endLine=3,endColumn=9"},
		{Finding{Line: 3, Column: 5, EndLine: 7, EndColumn: 2}, "line=3,endLine=7"},
		{Finding{Line: 3, Column: 5, EndLine: 2, EndColumn: 9}, "line=3,col=5"},
		{Finding{Line: 3, Column: 5, EndLine: 3, EndColumn: 5}, "line=3,col=5"},
		{Finding{Line: 3}, "line=3"},
	}
	for _, tt := range tests {
		var parts []string
		for _, p := range annotationPosition(tt.f) {
			parts = append(parts, p.key+"="+strconv.Itoa(p.val))
		}
		if got := strings.Join(parts, ","); got != tt.want {
			t.Errorf("annotationPosition(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestPathsAndAnchors(t *testing.T) {
	anchors := map[string]string{
		"principal/public":          "principalpublic",
		"resource/account-mismatch": "resourceaccount-mismatch",
		"json/syntax":               "jsonsyntax",
	}
	for in, want := range anchors {
		if got := Anchor(in); got != want {
			t.Errorf("Anchor(%q) = %q, want %q", in, got, want)
		}
	}
	o := FormatOptions{RepoRoot: "/repo", WorkDir: "/repo/lint"}
	paths := []struct {
		in   string
		want string
		ok   bool
	}{
		{"testdata/a.json", "lint/testdata/a.json", true},
		{"../policies/b.json", "policies/b.json", true},
		{"/repo/c.json", "c.json", true},
		{"/other/d.json", "", false},
		{"../../e.json", "", false},
		{StdinName, "", false},
	}
	for _, p := range paths {
		got, ok := o.repoPath(p.in)
		if got != p.want || ok != p.ok {
			t.Errorf("repoPath(%q) = %q, %v; want %q, %v", p.in, got, ok, p.want, p.ok)
		}
	}
	if got, ok := (FormatOptions{}).repoPath("./x/../y.json"); got != "y.json" || !ok {
		t.Errorf("without a root: repoPath = %q, %v", got, ok)
	}
	if got := uriPath("a b/c:d#e%f(g)ü"); got != "a%20b/c%3Ad%23e%25f%28g%29%C3%BC" {
		t.Errorf("uriPath = %q", got)
	}
}

// BenchmarkFormats renders a report of 1,000 findings over 100 files in
// every format.
func BenchmarkFormats(b *testing.B) {
	rep := &Report{Rules: []RuleInfo{{ID: "action/unknown", Severity: SeverityError, Builtin: true, Remediation: "Use an action from the catalog."}}}
	for i := range 100 {
		file := "policies/team" + strconv.Itoa(i) + ".json"
		rep.Files = append(rep.Files, file)
		for j := range 10 {
			rep.Findings = append(rep.Findings, Finding{File: file, Rule: "action/unknown", Severity: SeverityError,
				Message: `unknown action "s3:GetObjekt"`, Path: "/Statement/" + strconv.Itoa(j) + "/Action/0",
				Line: j + 2, Column: 5, EndLine: j + 2, EndColumn: 19, Sid: "Read" + strconv.Itoa(j)})
		}
	}
	for _, name := range FormatNames() {
		f, err := NewFormatter(name, goldenOptions)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := f.Format(io.Discard, rep); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSARIFIsCapped: GitHub code scanning rejects a run of more than
// 25,000 results; the report keeps the most severe MaxSARIFResults and
// says how many it left out.
func TestSARIFIsCapped(t *testing.T) {
	rep := &Report{Files: []string{"p.json"}, Rules: []RuleInfo{{ID: "a/error", Default: SeverityError}, {ID: "a/info", Default: SeverityInfo}}}
	for i := range 30000 {
		sev, rule := SeverityInfo, "a/info"
		if i%10 == 7 {
			sev, rule = SeverityError, "a/error"
		}
		rep.Findings = append(rep.Findings, Finding{File: "p.json", Rule: rule, Severity: sev, Message: fmt.Sprintf("finding %d", i), Line: i + 1, Column: 1})
	}
	var out bytes.Buffer
	f, _ := NewFormatter("sarif", FormatOptions{})
	if err := f.Format(&out, rep); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, loadSARIFSchema(t), out.Bytes())
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notes []struct{ Message struct{ Text string } } `json:"toolExecutionNotifications"`
			}
			Results []struct {
				RuleID string
				Level  string
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	res := log.Runs[0].Results
	if len(res) != MaxSARIFResults || MaxSARIFResults > 25000 {
		t.Fatalf("%d results, want %d (and at most 25,000)", len(res), MaxSARIFResults)
	}
	errs := 0
	for _, r := range res {
		if r.Level == "error" {
			errs++
		}
	}
	if errs != 3000 {
		t.Errorf("%d errors kept, want all 3000", errs)
	}
	if n := log.Runs[0].Invocations; len(n) != 1 || len(n[0].Notes) != 1 || !strings.Contains(n[0].Notes[0].Message.Text, "found 30000 findings; this report holds the 5000 most severe") {
		t.Errorf("no note on the findings left out: %+v", n)
	}
}
