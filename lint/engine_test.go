package lint

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/mrapguard/mrapguard/internal/sample"
	"github.com/mrapguard/mrapguard/policy"
	"github.com/mrapguard/mrapguard/rules"
)

// testRules is a small built-in rule set that exercises the contract: parser
// problems forwarded with explicit positions, paths into normalized input,
// data mounting, and target-dependent silence.
var testRules = fstest.MapFS{
	"json_syntax.rego": {Data: []byte(`# METADATA
# title: Invalid JSON
# description: The file is not JSON.
# custom:
#   id: json/syntax
#   severity: error
#   remediation: Fix the JSON.
package mrapguard.rules.json.syntax

deny contains {"msg": p.msg, "pointer": p.pointer, "line": p.line, "column": p.column} if {
	some p in input.problems
	p.rule == "json/syntax"
}
`)},
	"version_missing.rego": {Data: []byte(`# METADATA
# title: Version missing
# description: Without Version, policy variables are literal.
# custom:
#   id: version/missing
#   severity: warning
#   remediation: 'Add "Version": "2012-10-17".'
package mrapguard.rules.version.missing

deny contains {"msg": "the policy has no Version"} if {
	input.policy
	not "Version" in object.keys(input.policy)
}
`)},
	"action_unknown.rego": {Data: []byte(`# METADATA
# title: Unknown action
# description: The action does not exist.
# custom:
#   id: action/unknown
#   severity: error
#   remediation: Use an action from the S3 catalog.
package mrapguard.rules.action.unknown

deny contains {"msg": sprintf("unknown action %q", [a]), "path": ["Statement", i, "Action", j]} if {
	some i, s in input.policy.Statement
	some j, a in s.Action
	not data.mrapguard.iam.actions[lower(a)]
}
`)},
	"resource_account.rego": {Data: []byte(`# METADATA
# title: Account mismatch
# description: The ARN's account is not the target's.
# custom:
#   id: resource/account-mismatch
#   severity: error
#   remediation: Use the target account.
package mrapguard.rules.resource.account_mismatch

deny contains {"msg": sprintf("account %s, target is %s", [acct, input.target.account]), "path": ["Statement", i, "Resource", j]} if {
	some i, s in input.policy.Statement
	some j, r in s.Resource
	acct := split(r, ":")[4]
	acct != input.target.account
}
`)},
	"data/iam.json": {Data: []byte(`{"actions": {"s3:getobject": {"name": "s3:GetObject"}, "s3:putobject": {"name": "s3:PutObject"}}}`)},
}

func newTestEngine(t *testing.T, opts Options) *Engine {
	t.Helper()
	if opts.Builtin == nil {
		opts.Builtin = testRules
	}
	e, err := New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func lintString(t *testing.T, e *Engine, src string, target *Target) []Finding {
	t.Helper()
	f, err := e.Lint(context.Background(), policy.Parse("p.json", []byte(src), policy.Options{}), target)
	if err != nil {
		t.Fatalf("Lint: %v", err)
	}
	SortFindings(f, nil)
	return f
}

func TestLintFindingsHavePositions(t *testing.T) {
	e := newTestEngine(t, Options{})
	src := `{
  "Statement": [
    {"Sid": "Read", "Action": ["s3:GetObject", "s3:GetObjekt"],
     "Resource": "arn:aws:s3::444455556666:accesspoint/mfzwi23gnjvgw.mrap"},
    {"Action": "s3:putobject"}
  ]
}`
	got := lintString(t, e, src, &Target{Account: "111122223333"})
	want := []Finding{
		{File: "p.json", Rule: "version/missing", Severity: SeverityWarning, Message: "the policy has no Version", Line: 1, Column: 1},
		{File: "p.json", Rule: "action/unknown", Severity: SeverityError, Message: `unknown action "s3:GetObjekt"`,
			Path: "/Statement/0/Action/1", Line: 3, Column: 48, EndLine: 3, EndColumn: 62, Sid: "Read"},
		{File: "p.json", Rule: "resource/account-mismatch", Severity: SeverityError, Message: "account 444455556666, target is 111122223333",
			Path: "/Statement/0/Resource", Line: 4, Column: 18, EndLine: 4, EndColumn: 75, Sid: "Read"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// Without a target the target-dependent rule is silent.
	for _, f := range lintString(t, e, src, nil) {
		if f.Rule == "resource/account-mismatch" {
			t.Errorf("target rule fired without a target: %+v", f)
		}
	}
}

func TestLintSyntaxErrorIsAFinding(t *testing.T) {
	e := newTestEngine(t, Options{})
	got := lintString(t, e, "{\n  \"Version\": \"2012-10-17\",\n}", nil)
	want := []Finding{{File: "p.json", Rule: "json/syntax", Severity: SeverityError,
		Message: "trailing comma before '}': JSON does not allow it", Line: 3, Column: 1}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestRuleSettings(t *testing.T) {
	e := newTestEngine(t, Options{Rules: map[string]RuleSetting{
		"version/missing": {Disabled: true},
		"action/unknown":  {Severity: SeverityInfo},
	}})
	got := lintString(t, e, `{"Statement": {"Action": "s3:Nope"}}`, nil)
	want := []Finding{{File: "p.json", Rule: "action/unknown", Severity: SeverityInfo, Message: `unknown action "s3:Nope"`,
		Path: "/Statement/Action", Line: 1, Column: 26, EndLine: 1, EndColumn: 35}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	var ids []string
	for _, r := range e.Rules() {
		ids = append(ids, r.ID+"="+r.Severity.String())
	}
	if diff := cmp.Diff([]string{"action/unknown=info", "json/syntax=error", "resource/account-mismatch=error"}, ids); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if _, err := New(context.Background(), Options{Builtin: testRules, Rules: map[string]RuleSetting{"no/such": {Disabled: true}}}); err == nil ||
		!strings.Contains(err.Error(), `rule "no/such", which does not exist`) {
		t.Errorf("unknown rule in settings: err = %v", err)
	}
	// mrapguard's own findings cannot be switched off or re-graded.
	for _, id := range []string{RuleFileNotRead, RuleOverBudget, RuleIgnoreExpired} {
		for _, set := range []RuleSetting{{Disabled: true}, {Severity: SeverityInfo}} {
			if _, err := New(context.Background(), Options{Builtin: testRules, Rules: map[string]RuleSetting{id: set}}); err == nil ||
				!strings.Contains(err.Error(), "cannot be disabled, re-graded or ignored") {
				t.Errorf("setting %+v for %s: err = %v", set, id, err)
			}
		}
	}
}

func writeRules(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestUserRules(t *testing.T) {
	dir := writeRules(t, map[string]string{
		"conftest.rego": `package main

deny contains msg if {
	some s in input.policy.Statement
	s.Effect == "Allow"
	msg := sprintf("statement %v allows", [s.Sid])
}

warn contains "no Id" if not input.policy.Id
`,
		"legacy/v0.rego": `package legacy

violation[msg] {
	input.policy.Version == "2008-10-17"
	msg := "old version"
}
`,
		"annotated.rego": `# METADATA
# title: Team tag required
# custom:
#   id: team/sid-prefix
#   severity: info
package team.sids

deny contains {"msg": "Sid must start with Team", "path": ["Statement", i, "Sid"]} if {
	some i, s in input.policy.Statement
	not startswith(s.Sid, "Team")
	data.team.enforce
}
`,
		"data.yaml": "team:\n  enforce: true\n",
	})
	e := newTestEngine(t, Options{NoBuiltin: true, RuleDirs: []string{dir}, DataFiles: []string{filepath.Join(dir, "data.yaml")}})
	var ids []string
	for _, r := range e.Rules() {
		ids = append(ids, r.ID+"="+r.Severity.String())
	}
	if diff := cmp.Diff([]string{"legacy/violation=error", "main/deny=error", "main/warn=warning", "team/sid-prefix=info"}, ids); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	got := lintString(t, e, `{"Version": "2008-10-17", "Statement": {"Sid": "Ops", "Effect": "Allow"}}`, nil)
	want := []Finding{
		{Rule: "legacy/violation", Severity: SeverityError, Message: "old version"},
		{Rule: "main/deny", Severity: SeverityError, Message: "statement Ops allows"},
		{Rule: "main/warn", Severity: SeverityWarning, Message: "no Id"},
		{Rule: "team/sid-prefix", Severity: SeverityInfo, Message: "Sid must start with Team", Path: "/Statement/Sid", Sid: "Ops"},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Finding{}, "File", "Line", "Column", "EndLine", "EndColumn")); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// A result may carry a severity of its own; the rule's configured
// severity replaces it, and a severity that is not one is ignored.
func TestResultSeverity(t *testing.T) {
	dir := writeRules(t, map[string]string{"graded.rego": `# METADATA
# title: Graded
# custom:
#   id: team/graded
#   severity: error
package team.graded

deny contains {"msg": "plain"} if true

deny contains {"msg": "minor", "severity": "info"} if true

deny contains {"msg": "bogus", "severity": "fatal"} if true
`})
	for _, tt := range []struct {
		settings map[string]RuleSetting
		want     map[string]Severity
	}{
		{nil, map[string]Severity{"plain": SeverityError, "minor": SeverityInfo, "bogus": SeverityError}},
		{map[string]RuleSetting{"team/graded": {Severity: SeverityWarning}},
			map[string]Severity{"plain": SeverityWarning, "minor": SeverityWarning, "bogus": SeverityWarning}},
	} {
		e := newTestEngine(t, Options{NoBuiltin: true, RuleDirs: []string{dir}, Rules: tt.settings})
		got := map[string]Severity{}
		for _, f := range lintString(t, e, `{"Statement": []}`, nil) {
			got[f.Message] = f.Severity
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("settings %v: severities (-want +got):\n%s", tt.settings, diff)
		}
	}
}

func TestUserRulesCannotReachOut(t *testing.T) {
	for _, call := range []string{
		`http.send({"method": "GET", "url": "http://169.254.169.254/"})`,
		`net.lookup_ip_addr("example.com")`,
		`net.cidr_contains("10.0.0.0/8", "10.1.1.1")`,
		`opa.runtime().env.AWS_SECRET_ACCESS_KEY`,
		`providers.aws.sign_req({}, {}, 0)`,
	} {
		name := strings.SplitN(call, "(", 2)[0]
		t.Run(name, func(t *testing.T) {
			dir := writeRules(t, map[string]string{"evil.rego": "package evil\n\ndeny contains x if {\n\tx := " + call + "\n}\n"})
			_, err := New(context.Background(), Options{Builtin: testRules, RuleDirs: []string{dir}})
			if err == nil {
				t.Fatalf("a rule calling %s compiled", name)
			}
			if want := name + " is disabled"; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "evil.rego:4") {
				t.Errorf("error %q does not say %q with the file and line", err, want)
			}
		})
	}
	for _, b := range DisabledBuiltins() {
		if !disabled(b) {
			t.Errorf("%s listed but not disabled", b)
		}
	}
	if len(DisabledBuiltins()) < 5 {
		t.Errorf("DisabledBuiltins = %v", DisabledBuiltins())
	}
}

func TestEngineErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no rules", map[string]string{"lib.rego": "package x\n\nf(a) := a\n"}, "no rules to run"},
		{"parse error", map[string]string{"bad.rego": "package x\n\ndeny contains 1 if {\n"}, "bad.rego:4"},
		{"bad id", map[string]string{"r.rego": "# METADATA\n# custom:\n#   id: Not An ID\npackage x\n\ndeny contains 1 if true\n"}, "is not a rule ID"},
		{"bad severity", map[string]string{"r.rego": "# METADATA\n# custom:\n#   id: a/b\n#   severity: fatal\npackage x\n\ndeny contains 1 if true\n"}, "custom.severity fatal"},
		{"builtin id clash", map[string]string{"r.rego": "# METADATA\n# custom:\n#   id: json/syntax\npackage x\n\ndeny contains 1 if true\n"}, "rule json/syntax is defined twice"},
		{"empty dir", map[string]string{"README": "x"}, "no .rego files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeRules(t, tt.files)
			opts := Options{Builtin: testRules, RuleDirs: []string{dir}}
			if tt.name == "no rules" {
				opts.NoBuiltin = true
			}
			_, err := New(context.Background(), opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	// User data must not replace built-in data, nor add to it.
	for _, d := range []string{`{"mrapguard": {"iam": {"actions": {}}}}`, `{"mrapguard": {"rules": {"principal": {"public": {"narrowed": true}}}}}`} {
		dir := writeRules(t, map[string]string{"d.json": d})
		if _, err := New(context.Background(), Options{Builtin: testRules, DataFiles: []string{filepath.Join(dir, "d.json")}}); err == nil ||
			!strings.Contains(err.Error(), "d.json: data.mrapguard is reserved") {
			t.Errorf("data file %s: err = %v", d, err)
		}
	}
}

// TestUserRulesCannotOverrideBuiltins is issue 10's attack 3: a user module
// that declares a built-in package adds a clause to a built-in rule's
// helper and switches the rule off. It must be a load error naming the file.
func TestUserRulesCannotOverrideBuiltins(t *testing.T) {
	public := []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/*"}]}`)
	builtin, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := builtin.Lint(context.Background(), policy.Parse("p.json", public, policy.Options{}), nil)
	if err != nil || !slices.ContainsFunc(fs, func(f Finding) bool { return f.Rule == "principal/public" }) {
		t.Fatalf("the built-in rules do not catch the public policy: %v %v", fs, err)
	}
	for name, src := range map[string]string{
		"rule.rego":       "package mrapguard.rules.principal.public\n\nnarrowed(_) := true\n",
		"lib.rego":        "package mrapguard.lib.iam\n\nextra := 1\n",
		"catalog.rego":    "package mrapguard.iam\n\nactions := {}\n",
		"root.rego":       "package mrapguard\n\nrules.principal.public.narrowed(_) := true\n",
		"v0.rego":         "package mrapguard.rules.principal.public\n\nnarrowed(_) = true { true }\n",
		"sub/x_test.rego": "package mrapguard.rules.principal.public\n\ntest_x if true\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeRules(t, map[string]string{name: src, "ok.rego": "package team.ok\n\ndeny contains 1 if false\n"})
			_, err := New(context.Background(), Options{RuleDirs: []string{dir}})
			if strings.HasSuffix(name, "_test.rego") {
				// Tests are loaded only by rules test.
				_, err = RunTests(context.Background(), Options{RuleDirs: []string{dir}}, TestOptions{})
			}
			if err == nil {
				t.Fatalf("a user module in the built-in namespace loaded")
			}
			if want := filepath.Join(dir, name) + ":1: package mrapguard"; !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "is reserved") {
				t.Errorf("error %q does not name the file (%s) and say the package is reserved", err, want)
			}
		})
	}
}

func TestRunParallelKeepsOrder(t *testing.T) {
	e := newTestEngine(t, Options{})
	dir := t.TempDir()
	var files []string
	for i, src := range []string{`{"Version": "2012-10-17"}`, `{"Version": `, `{"Version": "2012-10-17", "Statement": {"Action": "x"}}`, `{"Statement": []}`} {
		p := filepath.Join(dir, string(rune('a'+i))+".json")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	got, err := ExpandPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := Inputs(files...)
	for i := range want {
		want[i].Tree = dir
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("ExpandPaths (-want +got):\n%s", diff)
	}
	rep, err := e.Run(context.Background(), got, RunOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	var gotRules []string
	for _, f := range rep.Findings {
		gotRules = append(gotRules, filepath.Base(f.File)+" "+f.Rule)
	}
	if diff := cmp.Diff([]string{"b.json json/syntax", "c.json action/unknown", "d.json version/missing"}, gotRules); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if _, err := e.Run(context.Background(), nil, RunOptions{}); err == nil {
		t.Errorf("zero files must be an error")
	}
	if _, err := e.Run(context.Background(), Inputs(filepath.Join(dir, "missing.json")), RunOptions{}); err == nil {
		t.Errorf("a missing file must be an error")
	}
}

// TestDirectoryWalkSkipsOtherFiles: in a directory, files that are neither
// policies nor templates (package.json, tsconfig.json with comments,
// workflow YAML, node_modules) are skipped and counted; named on the
// command line they are linted (and reported as broken policies).
func TestDirectoryWalkSkipsOtherFiles(t *testing.T) {
	e := newTestEngine(t, Options{})
	dir := writeRules(t, map[string]string{
		"package.json":                `{"name": "app", "version": "1.0.0"}`,
		"tsconfig.json":               "{\n  // comments are fine here\n  \"compilerOptions\": {},\n}",
		".github/workflows/ci.yml":    "on: push\njobs: {}\n",
		"ci.yml":                      "on: push\njobs: {}\n",
		"node_modules/x/package.json": `{"Version": "is not looked at"}`,
		"list.json":                   `[1, 2]`,
		"notes.txt":                   "not searched at all",
		"policies/p.json":             `{"Version": "2012-10-17", "Statement": []}`,
		"policies/broken.json":        `{"Version": "2012-10-17", "Statement": [],}`,
		"template.yaml":               "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n",
	})
	policy, broken := filepath.Join(dir, "policies/p.json"), filepath.Join(dir, "policies/broken.json")

	files, err := ExpandPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.Run(context.Background(), files, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{broken, policy, filepath.Join(dir, "template.yaml")}, rep.Files); diff != "" {
		t.Errorf("files linted (-want +got):\n%s", diff)
	}
	if rep.Skipped != 4 {
		t.Errorf("skipped %d files, want 4 (package.json, tsconfig.json, ci.yml, list.json)", rep.Skipped)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != "json/syntax" || rep.Findings[0].File != broken {
		t.Errorf("findings = %+v, want json/syntax in %s", rep.Findings, broken)
	}

	// Named explicitly, a JSON file that is not a policy is linted as one.
	pkg := filepath.Join(dir, "package.json")
	rep, err = e.Run(context.Background(), Inputs(pkg), RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 0 || len(rep.Files) != 1 {
		t.Errorf("named file: skipped %d, files %v", rep.Skipped, rep.Files)
	}
}

// TestBuiltinRulesPassEveryCheck compiles the embedded rules with every
// compiler stage and the restricted capabilities, as written (METADATA
// included); BuildBuiltin does so at build time. And the engines that load
// them compiled (no user rules) or parsed (with user rules) at build time
// find the same as one that parses and compiles them from source.
func TestBuiltinRulesPassEveryCheck(t *testing.T) {
	names, err := fs.Glob(rules.FS, "*.rego")
	if err != nil {
		t.Fatal(err)
	}
	mods := map[string]*ast.Module{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.rego") {
			continue
		}
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		if mods[n], err = parseModule(n, src, true); err != nil {
			t.Fatal(err)
		}
	}
	c := ast.NewCompiler().WithCapabilities(restrictedCapabilities()).WithDefaultRegoVersion(ast.RegoV1)
	if c.Compile(mods); c.Failed() {
		t.Fatalf("built-in rules fail a compiler check: %v", c.Errors)
	}
	pre, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if pre.precompiled == nil {
		t.Fatal("an engine without user rules should load the rules compiled at build time (is rules/compiled.bin stale? run go generate ./rules)")
	}
	full, err := New(context.Background(), Options{RuleDirs: []string{writeRules(t, map[string]string{"noop.rego": "package noop\n\ndeny contains 1 if false\n"})}})
	if err != nil {
		t.Fatal(err)
	}
	if full.precompiled != nil {
		t.Fatal("an engine with user rules should compile everything with every stage")
	}
	source, err := New(context.Background(), Options{Builtin: rules.FS})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../testdata/bad/*.json")
	more, _ := filepath.Glob("../testdata/*/real/*.json")
	files = append(append(files, more...), "../testdata/policies/clean.json")
	if len(files) < 20 {
		t.Fatalf("found %d test policies", len(files))
	}
	var docs []*policy.Document
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, policy.Parse(f, src, policy.Options{}))
	}
	for i, c := range sample.Corpus(3, 200) {
		docs = append(docs, policy.Parse(fmt.Sprintf("sample%d.json", i), c, policy.Options{}))
	}
	targets := []*Target{nil, {Account: "111122223333", Name: "mrap", Alias: "mfzwi23gnjvgw.mrap"}}
	for i, doc := range docs {
		target := targets[i%len(targets)]
		a, err1 := pre.Lint(context.Background(), doc, target)
		b, err2 := full.Lint(context.Background(), doc, target)
		c, err3 := source.Lint(context.Background(), doc, target)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		if diff := cmp.Diff(c, a); diff != "" {
			t.Errorf("%s: the precompiled rules find otherwise (-from source +precompiled):\n%s", doc.Name, diff)
		}
		if diff := cmp.Diff(c, b); diff != "" {
			t.Errorf("%s: the parsed rules with a user rule find otherwise (-from source +parsed):\n%s", doc.Name, diff)
		}
	}
}

// The embedded rules parse to the same rules, package and imports when
// their comment lines are blanked, as lint parses them.
func TestBlankComments(t *testing.T) {
	names, err := fs.Glob(rules.FS, "*.rego")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		src, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		full, err := parseModule(n, src, true)
		if err != nil {
			t.Fatal(err)
		}
		blank, err := parseModule(n, src, false)
		if err != nil {
			t.Fatalf("%s with comments blanked: %v", n, err)
		}
		full.Comments, full.Annotations = nil, nil
		if !full.Equal(blank) || full.String() != blank.String() {
			t.Errorf("%s parses differently with comments blanked", n)
		}
		for i, r := range full.Rules {
			if r.Location.Row != blank.Rules[i].Location.Row {
				t.Errorf("%s: rule %d moved from line %d to %d", n, i, r.Location.Row, blank.Rules[i].Location.Row)
			}
		}
	}
	if got := string(blankComments([]byte("# a\n  # b\nx := 1 # c\n#"))); got != "\n\nx := 1 # c\n" {
		t.Errorf("blankComments = %q", got)
	}
}

// TestLoadLimits: rule and data files are read with a cap, only as
// regular files, and never through a link out of their directory; a FIFO
// fails at once instead of hanging.
func TestLoadLimits(t *testing.T) {
	top := t.TempDir()
	secret := filepath.Join(top, "secret.rego")
	if err := os.WriteFile(secret, []byte("package secret\n\ndeny contains 1 if false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mk := func(files map[string]string) string { return writeRules(t, files) }
	big := mk(map[string]string{"big.rego": "package big\n\n# " + strings.Repeat("x", MaxRuleFileBytes) + "\ndeny contains 1 if false\n"})
	link := mk(map[string]string{"ok.rego": "package ok\n\ndeny contains 1 if false\n"})
	if err := os.Symlink(secret, filepath.Join(link, "zz.rego")); err != nil {
		t.Fatal(err)
	}
	fifo := mk(map[string]string{"ok.rego": "package ok\n\ndeny contains 1 if false\n"})
	if err := syscall.Mkfifo(filepath.Join(fifo, "f.rego"), 0o644); err != nil {
		t.Fatal(err)
	}
	dataDir := mk(map[string]string{"huge.yaml": "x: \"" + strings.Repeat("y", MaxDataFileBytes) + "\"\n"})
	if err := syscall.Mkfifo(filepath.Join(dataDir, "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"big rule file", Options{RuleDirs: []string{big}}, "big.rego is larger than 1 MiB, the limit for a rule file"},
		{"rule link out of the directory", Options{RuleDirs: []string{link}}, "zz.rego is a symbolic link that leads outside the directory being read"},
		{"rule FIFO", Options{RuleDirs: []string{fifo}}, "f.rego is a FIFO (named pipe), not a regular file"},
		{"big data file", Options{DataFiles: []string{filepath.Join(dataDir, "huge.yaml")}}, "huge.yaml is larger than 4 MiB, the limit for a data file"},
		{"data FIFO", Options{DataFiles: []string{filepath.Join(dataDir, "fifo.json")}}, "fifo.json is a FIFO (named pipe), not a regular file"},
		{"size limit over the hard cap", Options{Parse: policy.Options{MaxBytes: policy.HardMaxBytes + 1}}, "above the hard cap of 4194304 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Builtin = testRules
			done := make(chan error, 1)
			go func() {
				_, err := New(context.Background(), tt.opts)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("New = %v, want an error containing %q", err, tt.want)
				}
			case <-time.After(time.Minute):
				t.Fatal("New did not return within a minute")
			}
		})
	}
}
