package iac

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mrapguard/mrapguard/policy"
)

// problems lists a Load's problems as "file:line:col rule" (file only when
// it is not name), with messages checked by the caller where they matter.
func problems(name string, docs []*policy.Document) []string {
	var out []string
	for _, d := range docs {
		for _, p := range d.Problems {
			where := ""
			if d.Name != name {
				where = filepath.Base(d.Name) + ":"
			}
			out = append(out, fmt.Sprintf("%s%d:%d %s", where, p.Pos.Line, p.Pos.Column, p.Rule))
		}
	}
	return out
}

func message(docs []*policy.Document, rule string) string {
	for _, d := range docs {
		for _, p := range d.Problems {
			if p.Rule == rule {
				return p.Message
			}
		}
	}
	return ""
}

func TestLoadDecidesByContent(t *testing.T) {
	tests := []struct {
		name, src string
		explicit  bool
		skipped   bool
		resource  string // the first document's Resource
	}{
		{name: "p.json", src: `{"Version": "2012-10-17", "Statement": []}`},
		{name: "p.json", src: `{"Statement": [`, explicit: false},                   // a broken policy is still a policy
		{name: "package.json", src: `{"name": "x", "version": "1"}`, skipped: true}, // not when found in a directory
		{name: "package.json", src: `{"name": "x", "version": "1"}`, explicit: true},
		{name: "tsconfig.json", src: "{\n // comment\n \"compilerOptions\": {},\n}", skipped: true},
		{name: "list.json", src: `[1]`, skipped: true},
		{name: "mentions.json", src: `{"note": "see \"Version\" below", }`, skipped: true},                          // broken, and Version is no key
		{name: "data.json", src: `{"Version": "1", "rows": ["` + strings.Repeat("x", 1<<20) + `"]}`, skipped: true}, // too large for a policy
		{name: "empty.json", src: ``, skipped: true},
		{name: "t.json", src: `{"Resources": {"P": {"Type": "AWS::S3::MultiRegionAccessPointPolicy", "Properties": {"MrapName": "m-1", "Policy": {}}}}}`, resource: "P"},
		{name: "t.template", src: "Resources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties: {MrapName: m-1, Policy: {}}\n", resource: "P"},
		{name: "workflow.yml", src: "on: push\njobs: {}\n", skipped: true},
		{name: "broken.yml", src: "a: [\n", skipped: true},
		{name: "broken-template.yml", src: "Resources: [\n", resource: ""},
		{name: "main.tf", src: "resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name = \"m-1\"\n    policy = jsonencode({})\n  }\n}\n", resource: "aws_s3control_multi_region_access_point_policy.p"},
		{name: "plan.json", src: `{"format_version": "1.2", "resource_changes": [{"address": "aws_s3control_multi_region_access_point_policy.p", "mode": "managed", "type": "aws_s3control_multi_region_access_point_policy", "change": {"actions": ["create"], "after": {"details": [{"name": "m", "policy": "{}"}]}, "after_unknown": {}}}]}`, resource: "aws_s3control_multi_region_access_point_policy.p"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, skipped := Load(tt.name, []byte(tt.src), tt.explicit, Options{Root: t.TempDir()})
			if skipped != tt.skipped {
				t.Fatalf("skipped = %v, want %v", skipped, tt.skipped)
			}
			if skipped {
				if docs != nil {
					t.Errorf("a skipped file has documents")
				}
				return
			}
			if len(docs) == 0 {
				t.Fatalf("no documents")
			}
			if docs[0].Resource != tt.resource {
				t.Errorf("Resource = %q, want %q", docs[0].Resource, tt.resource)
			}
		})
	}
}

func TestFormatFlag(t *testing.T) {
	tf := "resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name = \"m-1\"\n    policy = jsonencode({Version = 1})\n  }\n}\n"
	docs, _ := Load("<stdin>", []byte(tf), true, Options{Format: Terraform})
	if len(docs) != 1 || docs[0].Resource != "aws_s3control_multi_region_access_point_policy.p" {
		t.Fatalf("--input-format terraform: %+v", docs)
	}
	docs, _ = Load("<stdin>", []byte(tf), true, Options{Format: Policy})
	if len(docs) != 1 || docs[0].Root != nil || docs[0].Problems[0].Rule != policy.RuleSyntax {
		t.Fatalf("--input-format policy reads JSON only: %+v", docs)
	}
	if _, err := ParseFormat("hcl"); err == nil || !strings.Contains(err.Error(), "auto, policy, cloudformation, terraform, plan") {
		t.Errorf("ParseFormat(hcl) = %v", err)
	}
}

// TestFileReferencesStayInTheTree: file() and templatefile() read only
// regular files inside Options.Root, whatever the path or symlink says.
func TestFileReferencesStayInTheTree(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.json")
	if err := os.WriteFile(secret, []byte(`{"Version": "2012-10-17", "Statement": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	mod := filepath.Join(root, "mod")
	if err := os.MkdirAll(filepath.Join(mod, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(mod, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(mod, "dirlink")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(mod, "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "big.json"), make([]byte, MaxFileBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	good := `{"Version": "2012-10-17", "Statement": []}`
	if err := os.WriteFile(filepath.Join(mod, "sub", "ok.json"), []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("sub", "ok.json"), filepath.Join(mod, "inside.json")); err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(mod, secret)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want string // in the iac/template message; "" means read
	}{
		{"../../../../../../../../etc/passwd", "outside the tree being linted"},
		{rel, "outside the tree being linted"},
		{secret, "outside the tree being linted"},
		{"link.json", "is a symbolic link that leads outside"},
		{"dirlink/secret.json", "is a symbolic link that leads outside"},
		{"fifo.json", "not a regular file"},
		{"big.json", "larger than"},
		{"missing.json", "no such file"},
		{"sub/ok.json", ""},
		{"inside.json", ""},
		{"./sub/../sub/ok.json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			src := fmt.Sprintf("resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name   = \"m-1\"\n    policy = file(%q)\n  }\n}\n", tt.path)
			name := filepath.Join(mod, "main.tf")
			docs, _ := Load(name, []byte(src), true, Options{Root: root})
			if len(docs) != 1 {
				t.Fatalf("%d documents", len(docs))
			}
			d := docs[0]
			if tt.want == "" {
				if d.Root == nil || len(d.Problems) != 0 || !strings.HasSuffix(d.Name, "ok.json") && !strings.HasSuffix(d.Name, "inside.json") {
					t.Errorf("not read: %s %+v", d.Name, d.Problems)
				}
				return
			}
			if d.Root != nil || len(d.Problems) != 1 || d.Problems[0].Rule != RuleTemplate ||
				!strings.Contains(d.Problems[0].Message, tt.want) || d.Problems[0].Pos.Line != 4 || d.Name != name {
				t.Errorf("want an iac/template finding at main.tf:4 with %q, got %s %+v", tt.want, d.Name, d.Problems)
			}
		})
	}
}

// TestBounds: hostile templates cost a bounded amount and say why they were
// not read.
func TestBounds(t *testing.T) {
	t.Run("billion laughs", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
		for i := 1; i < 10; i++ {
			fmt.Fprintf(&b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
		}
		b.WriteString("Resources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties:\n      MrapName: m-1\n      Policy: {Statement: *a9}\n")
		docs, _ := Load("t.yaml", []byte(b.String()), true, Options{})
		if m := message(docs, RuleTemplate); !strings.Contains(m, "more than 200000 YAML nodes") {
			t.Errorf("got %q", m)
		}
	})
	t.Run("deep YAML", func(t *testing.T) {
		src := "Resources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties:\n      MrapName: m-1\n      Policy: " +
			strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n"
		docs, _ := Load("t.yaml", []byte(src), true, Options{})
		if m := message(docs, RuleTemplate); !strings.Contains(m, "deeper than") && message(docs, policy.RuleStructure) == "" {
			t.Errorf("deep nesting not refused: %v", problems("t.yaml", docs))
		}
	})
	t.Run("deep HCL", func(t *testing.T) {
		src := "resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name = \"m-1\"\n    policy = jsonencode(" +
			strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + ")\n  }\n}\n"
		docs, _ := Load("main.tf", []byte(src), true, Options{})
		if len(docs) != 1 || message(docs, policy.RuleStructure) == "" {
			t.Errorf("deep nesting not refused: %v", problems("main.tf", docs))
		}
	})
	t.Run("huge heredoc", func(t *testing.T) {
		body := `{"Version": "2012-10-17", "Statement": [], "Id": "` + strings.Repeat("x", 1<<20) + `"}`
		src := "resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name = \"m-1\"\n    policy = <<EOT\n" + body + "\nEOT\n  }\n}\n"
		docs, _ := Load("main.tf", []byte(src), true, Options{})
		if m := message(docs, policy.RuleSize); m == "" {
			t.Errorf("no policy/size finding: %v", problems("main.tf", docs))
		}
	})
	t.Run("file too large", func(t *testing.T) {
		data := []byte("Resources:\n" + strings.Repeat("#", MaxFileBytes))
		docs, skipped := Load("t.yaml", data, false, Options{})
		if skipped || message(docs, policy.RuleSize) == "" {
			t.Errorf("skipped %v, %v", skipped, problems("t.yaml", docs))
		}
	})
}

// TestStringPositions: a policy held as a string maps every position
// through the string's quoting.
func TestStringPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"yaml-double.yaml", "Resources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties:\n      MrapName: m-1\n      Policy: \"{\\\"Version\\\": \\\"x\\u00e9\\\", \\\"Statement\\\": 5}\"\n",
			[]string{"6:58 policy/structure"}},
		{"yaml-single.yaml", "Resources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties:\n      MrapName: m-1\n      Policy: '{\"Sid''s\": 1, \"Statement\": 5}'\n",
			[]string{"6:43 policy/structure"}},
		{"yaml-folded.yaml", "Resources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties:\n      MrapName: m-1\n      Policy: >\n        {\"Statement\":\n        5}\n",
			[]string{"6:15 policy/structure"}}, // folding is not followed: the string's start
		{"json.json", "{\"Resources\": {\"P\": {\"Type\": \"AWS::S3::MultiRegionAccessPointPolicy\", \"Properties\": {\"MrapName\": \"m-1\",\n\"Policy\": \"{\\\"Id\\\": \\\"\\u00e9\\ud83d\\ude00\\\", \\\"Statement\\\": 5}\"}}}}\n",
			[]string{"2:60 policy/structure"}},
		{"main.tf", "resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name   = \"m-1\"\n    policy = \"{\\\"Id\\\": \\\"\\u00e9$${x}\\\", \\\"Statement\\\": 5}\"\n  }\n}\n",
			[]string{"4:56 policy/structure"}},
		{"syntax.tf", "resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name   = \"m-1\"\n    policy = <<EOT\n{\n  \"Statement\": [,]\n}\nEOT\n  }\n}\n",
			[]string{"6:17 json/syntax"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, _ := Load(tt.name, []byte(tt.src), true, Options{})
			if diff := cmp.Diff(tt.want, problems(tt.name, docs)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, d := range docs {
				if d.Root != nil && d.Root.Get("Id") != nil && d.Root.Get("Id").Text != "é😀" && d.Root.Get("Id").Text != "é${x}" {
					t.Errorf("Id decoded as %q", d.Root.Get("Id").Text)
				}
			}
		})
	}
}

// TestKeysWithExpressions: an expression inside a key is substituted when
// it resolves and kept as written when it does not; it never leaves filler.
func TestKeysWithExpressions(t *testing.T) {
	src := "Parameters:\n  Tag: {Type: String, Default: team}\n  Other: {Type: String}\nResources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties:\n      MrapName: m-1\n      Policy: !Sub |\n        {\"Statement\": {\"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/${Tag}\": \"x\", \"aws:ResourceTag/${Other}\": \"y\"}}}}\n"
	docs, _ := Load("t.yaml", []byte(src), true, Options{})
	if len(docs) != 1 || docs[0].Root == nil {
		t.Fatalf("%+v", docs)
	}
	var keys []string
	for _, m := range docs[0].Root.Get("Statement").Get("Condition").Get("StringEquals").Members {
		keys = append(keys, m.Key)
	}
	if diff := cmp.Diff([]string{"aws:PrincipalTag/team", "aws:ResourceTag/${Other}"}, keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
}
