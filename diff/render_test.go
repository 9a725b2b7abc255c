package diff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/internal/mdtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func goldenDiff(t *testing.T, oldFile, newFile string) Diff {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	return Options{Catalog: testCatalog(t)}.Compute(parse(t, oldFile, read(oldFile)), parse(t, newFile, read(newFile)))
}

func TestGolden(t *testing.T) {
	cases := []struct{ name, old, new string }{
		{"changed", "old.json", "new.json"},
		{"nochange", "old.json", "old.json"},
		{"hostile", "hostile-old.json", "hostile-new.json"},
	}
	renders := []struct {
		ext    string
		format string
		opts   RenderOptions
	}{
		{"txt", "text", RenderOptions{}},
		{"color.txt", "text", RenderOptions{Color: true}},
		{"json", "json", RenderOptions{}},
		{"md", "markdown", RenderOptions{}},
	}
	for _, c := range cases {
		d := goldenDiff(t, c.old, c.new)
		for _, r := range renders {
			t.Run(c.name+"."+r.ext, func(t *testing.T) {
				rd, err := NewRenderer(r.format, r.opts)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := rd.Render(&buf, d); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "golden", c.name+"."+r.ext)
				if *update {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if d := cmp.Diff(string(want), buf.String()); d != "" {
					t.Errorf("%s (-want +got):\n%s", path, d)
				}
			})
		}
	}
}

// Nothing from a policy reaches a terminal or a Markdown page unescaped.
func TestRenderEscapes(t *testing.T) {
	d := goldenDiff(t, "hostile-old.json", "hostile-new.json")
	for _, format := range Formats {
		rd, _ := NewRenderer(format, RenderOptions{})
		var buf bytes.Buffer
		if err := rd.Render(&buf, d); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		// No line may read as a CI runner command.
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "::") || strings.Contains(line, "##[") || strings.Contains(line, "##vso") {
				t.Errorf("%s output has a runner command: %q", format, line)
			}
		}
		if format == "json" {
			continue
		}
		for _, bad := range []string{"\x1b", "\r", "\u202e"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s output contains %q", format, bad)
			}
		}
		if format != "markdown" {
			continue
		}
		// Code spans are inert; everything else must not carry syntax.
		if m := regexp.MustCompile(`@[A-Za-z0-9]`).FindString(mdtest.StripCodeSpans(out)); m != "" {
			t.Errorf("markdown output has a mention: %q", m)
		}
		// Escaped characters are inert too: drop them.
		plain := regexp.MustCompile(`\\.`).ReplaceAllString(mdtest.StripCodeSpans(out), "")
		for _, bad := range []string{"<img", "<b>", "](https://", "![i]", "@octocat", "https://evil", "www.evil", "*emph*", "_u_"} {
			if strings.Contains(plain, bad) {
				t.Errorf("markdown output contains %q", bad)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if !strings.HasPrefix(line, "| ") {
				continue
			}
			// A row has 7 unescaped pipes (6 columns).
			n := strings.Count(line, "|") - strings.Count(line, `\|`)
			if n != 7 {
				t.Errorf("table row has %d cell separators, want 7: %s", n, line)
			}
		}
	}
}

func TestMarkdownCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"s3:GetObject", "`s3:GetObject`"},
		{"a`b", "``a`b``"},
		{"``x", "``` ``x ```"},
		{"a|b", "a\\|b"}, // no code span: renderers disagree on \| inside one
		{"a##[error]b", "a\\#\\#\\[error\\]b"},
		{"", "*(empty)*"},
		{"line\nbreak", "`line\\nbreak`"},
	}
	for _, tt := range tests {
		if got := mdCode(tt.in); got != tt.want {
			t.Errorf("mdCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJSONSchemaFields(t *testing.T) {
	d := goldenDiff(t, "old.json", "new.json")
	var buf bytes.Buffer
	rd, _ := NewRenderer("json", RenderOptions{})
	if err := rd.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(buf.Bytes(), &top); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range top {
		keys = append(keys, k)
	}
	want := []string{"access", "after", "before", "changed", "document_changes", "reason", "statements"}
	if diff := cmp.Diff(want, sortedKeys(top)); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	if top["changed"] != true || top["access"] != "broadens" {
		t.Errorf("changed = %v, access = %v; want true, broadens", top["changed"], top["access"])
	}
}

func TestNewRendererUnknown(t *testing.T) {
	_, err := NewRenderer("yaml", RenderOptions{})
	if err == nil || !strings.Contains(err.Error(), "text, json, markdown") {
		t.Errorf("NewRenderer(yaml) error = %v, want one listing the valid formats", err)
	}
}
