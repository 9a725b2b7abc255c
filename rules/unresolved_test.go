package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/mrapguard/mrapguard/policy"
)

// TestRulesSkipUnresolved: a template may leave any value of a policy to
// deploy time. Every built-in rule must skip such a value instead of
// reporting it, while iac/unresolved says what was not checked. The test
// takes a clean policy and makes each of its values, one at a time, an
// Unresolved node (as the template readers do): the only finding must then
// be the one iac/unresolved for it, with and without a target.
func TestRulesSkipUnresolved(t *testing.T) {
	clean, err := os.ReadFile(filepath.Join("..", "testdata", "policies", "clean.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A lone statement object: pointers without an index.
	lone := []byte(`{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*",
		"Action": ["s3:PutObject", "s3:AbortMultipartUpload"],
		"Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/uploads/*",
		"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "s3:x-amz-server-side-encryption": "aws:kms"}}}}`)
	es := engines{}
	for _, src := range [][]byte{clean, lone} {
		var paths [][]any
		collect(policy.Parse("clean.json", src, policy.Options{}).Root, nil, &paths)
		if len(paths) < 12 {
			t.Fatalf("walked only %d values", len(paths))
		}
		skipEach(t, es, src, paths)
	}
}

func skipEach(t *testing.T, es engines, src []byte, paths [][]any) {
	for _, target := range []bool{false, true} {
		for _, path := range paths {
			doc := policy.Parse("clean.json", src, policy.Options{})
			n := doc.Root
			for _, step := range path[:len(path)-1] {
				n = child(n, step)
			}
			last := path[len(path)-1]
			u := &policy.Node{Kind: policy.Unresolved, Text: "${Expr}", Expr: &policy.Expr{Why: "test"}}
			if i, ok := last.(int); ok {
				u.Start = n.Elems[i].Start
				n.Elems[i] = u
			} else {
				m := member(n, last.(string))
				u.Start = m.Value.Start
				m.Value = u
			}
			built := policy.Build("clean.json", nil, doc.Root, policy.Options{})
			var tgt = exampleTarget
			if !target {
				tgt = nil
			}
			got := results(t, es.get(t, defaultSizeLimit), built, tgt)
			if len(got) != 1 || got[0].Rule != "iac/unresolved" {
				t.Errorf("%s unresolved (target %v): want only iac/unresolved, got %v", policy.Pointer(path), target, got)
			}
		}
	}
}

// collect appends the path of every value below n (not n itself).
func collect(n *policy.Node, prefix []any, out *[][]any) {
	for i, e := range n.Elems {
		p := append(append([]any{}, prefix...), i)
		*out = append(*out, p)
		collect(e, p, out)
	}
	for _, m := range n.Members {
		p := append(append([]any{}, prefix...), m.Key)
		*out = append(*out, p)
		collect(m.Value, p, out)
	}
}

func child(n *policy.Node, step any) *policy.Node {
	if i, ok := step.(int); ok {
		return n.Elems[i]
	}
	return member(n, step.(string)).Value
}

func member(n *policy.Node, key string) *policy.Member {
	for i := range n.Members {
		if n.Members[i].Key == key {
			return &n.Members[i]
		}
	}
	panic(fmt.Sprintf("no member %q", key))
}
