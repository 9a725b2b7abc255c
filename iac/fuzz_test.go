package iac

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/mrapguard/mrapguard/policy"
)

// Fuzzing the readers: any input loads without a panic, and every position
// reported (problems and the nodes of each policy) lies inside the file.
// Seeds: the template fixtures, and testdata/fuzz/Fuzz*.

func FuzzYAML(f *testing.F) {
	addSeeds(f, "cloudformation", ".yaml")
	f.Add([]byte("Resources:\n  P:\n    Type: AWS::S3::MultiRegionAccessPointPolicy\n    Properties:\n      MrapName: !GetAtt M.Alias\n      Policy: !Sub |\n        {\"Statement\": [\"${AWS::AccountId}\", ${X}]}\n"))
	f.Add([]byte("a: &a [x]\nResources: {P: {Type: AWS::S3::MultiRegionAccessPointPolicy, Properties: {Policy: {Statement: *a}}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPositions(t, "t.yaml", data, CloudFormation)
	})
}

func FuzzHCL(f *testing.F) {
	addSeeds(f, "terraform", ".tf")
	f.Add([]byte("resource \"aws_s3control_multi_region_access_point_policy\" \"p\" {\n  details {\n    name = \"x\"\n    policy = \"{\\\"a\\\": \\\"${var.x}\\\"} $${y}\"\n  }\n}\n"))
	f.Add([]byte("resource \"awscc_s3_multi_region_access_point_policy\" \"p\" {\n  mrap_name = \"x\"\n  policy = <<-EOT\n    {\"a\": %{ if true }1%{ endif }}\n  EOT\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkPositions(t, "main.tf", data, Terraform)
	})
}

// addSeeds adds the template fixtures with an extension from a directory.
func addSeeds(f *testing.F, dir, ext string) {
	root := filepath.Join("..", "testdata", "templates", dir)
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ext {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
		return nil
	})
}

func checkPositions(t *testing.T, name string, data []byte, format Format) {
	// A root with no files: file() finds nothing to read.
	docs, _ := Load(name, data, true, Options{Format: format, Root: t.TempDir()})
	lines := bytes.Count(data, []byte("\n")) + 1
	inside := func(what string, p policy.Pos) {
		if p.Line < 1 || p.Line > lines || p.Column < 1 || p.Offset < 0 || p.Offset > len(data) {
			t.Fatalf("%s at %d:%d (offset %d) is outside the file (%d lines, %d bytes)", what, p.Line, p.Column, p.Offset, lines, len(data))
		}
	}
	for _, d := range docs {
		if d.Name != name {
			t.Fatalf("a document of another file: %s", d.Name)
		}
		for _, p := range d.Problems {
			if p.Rule == "" || p.Message == "" {
				t.Fatalf("problem without rule or message: %+v", p)
			}
			inside("problem "+p.Rule, p.Pos)
		}
		walkNodes(d.Root, "", func(n *policy.Node, ptr string) {
			inside("node "+ptr, n.Start)
			if n.End != (policy.Pos{}) {
				inside("end of node "+ptr, n.End)
			}
			for _, m := range n.Members {
				inside("key "+m.Key, m.KeyPos)
			}
		})
		_ = d.Canonical()
		_ = d.Normalized()
	}
}
