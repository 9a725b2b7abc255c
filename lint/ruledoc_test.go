package lint

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// hostileRule is a pull request's rule whose METADATA tries every way out
// of a terminal, a CI log and Markdown.
const hostileRule = "# METADATA\n" +
	"# title: \"::error::pwned \\u001b[31mred ##[add-mask]x\"\n" +
	"# description: |\n" +
	"#   ::warning file=a::injected\n" +
	"#   <img src=x onerror=alert(1)> @octocat [click](https://evil.example) \\u001b]8;;http://x\\u001b\\\\\n" +
	"#   ##vso[task.setvariable variable=x]1\n" +
	"# custom:\n" +
	"#   id: team/hostile\n" +
	"#   remediation: \"::add-mask::y <script>alert(1)</script>\"\n" +
	"#   bad: |\n" +
	"#     {\"x\": \"```\"}\n" +
	"#     ::error::in an example\n" +
	"package team.hostile\n\n" +
	"deny contains 1 if false\n"

func hostileRuleInfo(t *testing.T) RuleInfo {
	t.Helper()
	e := newTestEngine(t, Options{NoBuiltin: true, RuleDirs: []string{writeRules(t, map[string]string{"h.rego": hostileRule})}})
	for _, r := range e.AllRules() {
		if r.ID == "team/hostile" {
			if !strings.Contains(r.Title, "\x1b") || !strings.Contains(r.Description, "::warning") {
				t.Fatalf("the test rule's metadata did not load as intended: %+v", r)
			}
			return r
		}
	}
	t.Fatal("team/hostile not loaded")
	return RuleInfo{}
}

// checkLogSafe fails on anything a terminal or a CI runner would act on.
func checkLogSafe(t *testing.T, what, out string) {
	t.Helper()
	for i, line := range strings.Split(out, "\n") {
		switch {
		case strings.ContainsAny(line, "\x1b\r\x07\x9b"):
			t.Errorf("%s line %d has a control byte: %q", what, i+1, line)
		case strings.HasPrefix(strings.TrimSpace(line), "::"):
			t.Errorf("%s line %d is a workflow command: %q", what, i+1, line)
		case strings.Contains(line, "##[") || strings.Contains(line, "##vso["):
			t.Errorf("%s line %d has a log command: %q", what, i+1, line)
		}
	}
}

func TestRuleTextIsEscaped(t *testing.T) {
	r := hostileRuleInfo(t)
	var out bytes.Buffer
	if err := WriteRuleText(&out, r); err != nil {
		t.Fatal(err)
	}
	checkLogSafe(t, "rules show", out.String())
	if !strings.Contains(out.String(), `\u001b[31mred`) {
		t.Errorf("the escape byte is not shown escaped:\n%s", out.String())
	}
}

func TestCatalogIsEscaped(t *testing.T) {
	r := hostileRuleInfo(t)
	var out bytes.Buffer
	if err := WriteCatalog(&out, []RuleInfo{r}); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	checkLogSafe(t, "rules doc", md)
	for _, bad := range []string{"<img", "<script", "](https://evil", "@octocat"} {
		if strings.Contains(md, bad) {
			t.Errorf("rules doc keeps %q from a user rule:\n%s", bad, md)
		}
	}
	if !strings.Contains(md, "&lt;img src\\=x") {
		t.Errorf("the HTML is not shown as text:\n%s", md)
	}
	// The example stays a code block: its fence is longer than the
	// backticks inside.
	if !strings.Contains(md, "````json\n{\"x\": \"```\"}\n:\u200b:error::in an example\n````") {
		t.Errorf("the example is not one fenced block:\n%s", md)
	}
	if strings.Contains(md, "Access Analyzer") {
		t.Errorf("a catalog of user rules only has the Access Analyzer coverage of the built-in ones:\n%s", md)
	}
}

// TestCatalogCoverage: with the built-in rules, the catalog ends with the
// table of IAM Access Analyzer's checks, each answered by the rules that
// list its code.
func TestCatalogCoverage(t *testing.T) {
	e, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteCatalog(&out, e.AllRules()); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	_, table, ok := strings.Cut(md, "\n## IAM Access Analyzer coverage\n")
	if !ok {
		t.Fatalf("no coverage section:\n%s", md)
	}
	for _, want := range []string{
		"| Invalid action | `INVALID_ACTION` | ERROR | [`action/unknown`](#actionunknown) |",
		"| Missing version | `MISSING_VERSION` | GENERAL_WARNING | [`version/missing`](#versionmissing) |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("coverage table lacks %q:\n%s", want, table)
		}
	}
	if n := strings.Count(table, "\n| ") - 1; n != 113 {
		t.Errorf("coverage table has %d checks, want 113", n)
	}
}

func TestConftestRuleIDsArePlain(t *testing.T) {
	dir := writeRules(t, map[string]string{"p.rego": "package a[\"::error::x y\"]\n\ndeny contains 1 if false\n"})
	_, err := New(context.Background(), Options{NoBuiltin: true, RuleDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "cannot name a rule") {
		t.Errorf("a package path with a quoted string named a rule: %v", err)
	}
}
