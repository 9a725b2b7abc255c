package main

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

const (
	sourceDir = "../../iam/source"
	outFile   = "../../iam/catalog_gen.go"
)

// The committed catalog_gen.go must be what the generator makes from the
// committed sources: a hand edit or a forgotten `go generate ./iam` fails
// here.
func TestCommittedOutputIsCurrent(t *testing.T) {
	want, err := Generate(os.DirFS(sourceDir))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s is stale: run go generate ./iam", outFile)
	}
}

type generated struct {
	Actions             map[string]Action
	ConditionKeys       map[string]Key
	GlobalConditionKeys map[string]Key
	Operations          map[string]Operation
	ViaMRAP             []string
}

func load(t *testing.T) generated {
	t.Helper()
	m, err := Build(os.DirFS(sourceDir))
	if err != nil {
		t.Fatal(err)
	}
	g := generated{Actions: map[string]Action{}, ConditionKeys: m.S3Keys, GlobalConditionKeys: m.GlobalKeys, Operations: m.Operations}
	for k, a := range m.Actions {
		g.Actions[k] = *a
		if a.ViaMRAP {
			g.ViaMRAP = append(g.ViaMRAP, k)
		}
	}
	return g
}

func TestDerivations(t *testing.T) {
	g := load(t)
	if len(g.Actions) != 180 {
		t.Errorf("got %d actions, want the catalog's 180", len(g.Actions))
	}
	str := func(s string) *string { return &s }
	tests := []struct {
		key  string
		want Action
	}{
		// Versioned variant derived from the name; object form.
		{"s3:getobjectversion", Action{Name: "s3:GetObjectVersion", AccessLevel: "Read", ViaMRAP: true, MRAPResource: str("object")}},
		// Operation name differs from the action (ListObjectsV2); bucket form.
		{"s3:listbucket", Action{Name: "s3:ListBucket", AccessLevel: "List", ViaMRAP: true, MRAPResource: str("bucket")}},
		{"s3:listbucketmultipartuploads", Action{Name: "s3:ListBucketMultipartUploads", AccessLevel: "List", ViaMRAP: true, MRAPResource: str("bucket")}},
		// "Permissions management, Write" upstream keeps the specific level.
		{"s3:putobjectacl", Action{Name: "s3:PutObjectAcl", AccessLevel: "Permissions management", ViaMRAP: true, MRAPResource: str("object")}},
		{"s3:putbucketpolicy", Action{Name: "s3:PutBucketPolicy", AccessLevel: "Permissions management"}},
		{"s3:deleteobjecttagging", Action{Name: "s3:DeleteObjectTagging", AccessLevel: "Tagging", ViaMRAP: true, MRAPResource: str("object")}},
		// Not usable through an MRAP although it is an object action.
		{"s3:getobjectattributes", Action{Name: "s3:GetObjectAttributes", AccessLevel: "Read"}},
		{"s3:putobjectversionacl", Action{Name: "s3:PutObjectVersionAcl", AccessLevel: "Permissions management", ViaMRAP: true, MRAPResource: str("object")}},
	}
	for _, tt := range tests {
		got, ok := g.Actions[tt.key]
		if !ok {
			t.Errorf("action %s missing", tt.key)
			continue
		}
		got.ResourceTypes, got.ConditionKeys = nil, nil
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("action %s (-want +got):\n%s", tt.key, diff)
		}
	}
	for _, k := range g.ViaMRAP {
		if !g.Actions[k].ViaMRAP {
			t.Errorf("via_mrap_actions lists %s but the action is not via_mrap", k)
		}
	}
}

func TestConditionKeys(t *testing.T) {
	g := load(t)
	// The S3 key s3:DataAccessPointArn comes from the accesspointobject
	// resource type, not from GetObject's own list.
	found := false
	for _, k := range g.Actions["s3:getobject"].ConditionKeys {
		found = found || k == "s3:dataaccesspointarn"
	}
	if !found {
		t.Errorf("s3:getobject condition keys lack s3:dataaccesspointarn: %v", g.Actions["s3:getobject"].ConditionKeys)
	}
	// The catalog gives s3:ListBucketMultipartUploads only the bucket
	// resource type; through an MRAP it is an access-point request too.
	found = false
	for _, k := range g.Actions["s3:listbucketmultipartuploads"].ConditionKeys {
		found = found || k == "s3:dataaccesspointaccount"
	}
	if !found {
		t.Errorf("s3:listbucketmultipartuploads condition keys lack s3:dataaccesspointaccount: %v", g.Actions["s3:listbucketmultipartuploads"].ConditionKeys)
	}
	tests := []struct {
		table map[string]Key
		key   string
		want  Key
	}{
		{g.GlobalConditionKeys, "aws:principaltag/*", Key{Name: "aws:PrincipalTag/tag-key", Type: "String"}},
		{g.GlobalConditionKeys, "aws:sourcevpcarn", Key{Name: "aws:SourceVpcArn", Type: "ARN"}},
		{g.GlobalConditionKeys, "aws:securetransport", Key{Name: "aws:SecureTransport", Type: "Bool"}},
		{g.ConditionKeys, "s3:max-keys", Key{Name: "s3:max-keys", Type: "Numeric", Actions: []string{"s3:listbucket", "s3:listbucketversions"}}},
		// Carried by nearly every action: no inverse list.
		{g.ConditionKeys, "s3:authtype", Key{Name: "s3:authType", Type: "String"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.table[tt.key]); diff != "" {
			t.Errorf("key %s (-want +got):\n%s", tt.key, diff)
		}
	}
}

func TestOperations(t *testing.T) {
	g := load(t)
	tests := []struct {
		op   string
		want Operation
	}{
		{"headobject", Operation{Name: "HeadObject", ViaMRAP: true, Actions: []string{"s3:GetObject"}, Conditional: []string{"s3:GetObjectVersion"}}},
		{"putobjectretention", Operation{Name: "PutObjectRetention", ViaMRAP: true, Actions: []string{"s3:PutObjectRetention"}, Conditional: []string{"s3:BypassGovernanceRetention"}}},
		{"copyobject", Operation{Name: "CopyObject", Actions: []string{"s3:GetObject", "s3:PutObject"}, Conditional: []string{}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, g.Operations[tt.op]); diff != "" {
			t.Errorf("operation %s (-want +got):\n%s", tt.op, diff)
		}
	}
}

func TestUnknownActionInOperationsFails(t *testing.T) {
	files := fstest.MapFS{}
	for _, name := range []string{catalogFile, globalKeysFile, correctionsFile} {
		b, err := os.ReadFile(sourceDir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = &fstest.MapFile{Data: b}
	}
	files[operationsFile] = &fstest.MapFile{Data: []byte(`{"operations": ["ListObjectsV2"], "actions_by_operation": {"ListObjectsV2": ["s3:ListObjects"]}}`)}
	if _, err := Generate(files); err == nil {
		t.Fatal("Generate accepted an operation mapped to an action missing from the catalog")
	}
}
