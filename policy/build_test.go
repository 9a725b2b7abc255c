package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tree helpers: positions are line l, column 1, offset l, so a test can
// tell which node a problem points at.
func at(l int) Pos { return Pos{Line: l, Column: 1, Offset: l} }

func str(l int, s string) *Node { return &Node{Kind: String, Text: s, Start: at(l), End: at(l)} }

func unres(l int, text, why string) *Node {
	return &Node{Kind: Unresolved, Text: text, Start: at(l), End: at(l), Expr: &Expr{Why: why}}
}

func obj(l int, kv ...any) *Node {
	n := &Node{Kind: Object, Start: at(l), End: at(l)}
	for i := 0; i < len(kv); i += 2 {
		v := kv[i+1].(*Node)
		n.Members = append(n.Members, Member{Key: kv[i].(string), KeyPos: v.Start, Value: v})
	}
	return n
}

func arr(l int, elems ...*Node) *Node {
	return &Node{Kind: Array, Start: at(l), End: at(l), Elems: elems}
}

func TestBuildUnresolved(t *testing.T) {
	root := obj(1,
		"Version", str(2, "2012-10-17"),
		"Statement", arr(3,
			obj(4,
				"Effect", str(5, "Allow"),
				"Principal", obj(6, "AWS", arr(7, str(8, "arn:aws:iam::111122223333:root"), unres(9, "!Ref Reader", "parameter Reader has no Default"))),
				"Action", unres(10, "!Ref Actions", "parameter Actions has no Default"),
				"Resource", unres(11, "arn:aws:s3::${AWS::AccountId}:accesspoint/${Mrap.Alias}/object/*", "AWS::AccountId: give --account"),
				"Condition", obj(12, "StringEquals", obj(13, "aws:SourceAccount", unres(14, "${AWS::AccountId}", ""))),
			),
			unres(15, "!If [Cond, {...}, !Ref AWS::NoValue]", ""),
		),
	)
	d := Build("template.yaml", nil, root, Options{})
	type prob struct {
		Rule, Pointer string
		Line          int
	}
	var got []prob
	for _, p := range d.Problems {
		got = append(got, prob{p.Rule, p.Pointer, p.Pos.Line})
	}
	want := []prob{
		{RuleUnresolved, "/Statement/0/Principal/AWS/1", 9},
		{RuleUnresolved, "/Statement/0/Action", 10},
		{RuleUnresolved, "/Statement/0/Resource", 11},
		{RuleUnresolved, "/Statement/0/Condition/StringEquals/aws:SourceAccount", 14},
		{RuleUnresolved, "/Statement/1", 15},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		i   int
		has string
	}{
		{0, `Principal AWS is "!Ref Reader", known only at deploy time (parameter Reader has no Default)`},
		{2, `Resource is "arn:aws:s3::${AWS::AccountId}:accesspoint/${Mrap.Alias}/object/*"`},
		{3, "condition key aws:SourceAccount"},
		{4, "Statement 1 is"},
	} {
		if m := d.Problems[tt.i].Message; !strings.Contains(m, tt.has) {
			t.Errorf("problem %d: %q lacks %q", tt.i, m, tt.has)
		}
	}
	if d.Resolved() || !d.HasErrors() {
		t.Errorf("Resolved() = %v, HasErrors() = %v; want false, true", d.Resolved(), d.HasErrors())
	}

	// The typed view holds the known values only, and no structure problem
	// was recorded for the unresolved ones.
	wantPolicy := Policy{Version: "2012-10-17", HasVersion: true, Statements: []Statement{{
		Effect:    "Allow",
		Principal: Principal{"AWS": {"arn:aws:iam::111122223333:root"}},
		Condition: Condition{"StringEquals": {}},
	}}}
	if diff := cmp.Diff(wantPolicy, d.Policy); diff != "" {
		t.Errorf("Policy (-want +got):\n%s", diff)
	}

	// Rules see null where a value is unresolved.
	wantNorm := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{
			map[string]any{
				"Effect":    "Allow",
				"Principal": map[string]any{"AWS": []any{"arn:aws:iam::111122223333:root", nil}},
				"Action":    nil,
				"Resource":  nil,
				"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": nil}},
			},
			nil,
		},
	}
	if diff := cmp.Diff(wantNorm, d.Normalized()); diff != "" {
		t.Errorf("Normalized (-want +got):\n%s", diff)
	}

	// Canonical JSON marks them, and so does the hash.
	if c := string(d.Canonical()); !strings.Contains(c, `"Action":{"$unresolved":"!Ref Actions"}`) {
		t.Errorf("canonical form does not mark the unresolved Action: %s", c)
	}
	if string(d.Bytes) != string(d.Canonical()) {
		t.Errorf("Bytes of a built tree are not its canonical JSON")
	}
	concrete := Build("t", nil, obj(1, "Action", str(2, "!Ref Actions")), Options{})
	marked := Build("t", nil, obj(1, "Action", unres(2, "!Ref Actions", "")), Options{})
	if concrete.Hash() == marked.Hash() {
		t.Errorf("an unresolved value hashes like the string of its expression")
	}

	// Lookup stops at the unresolved node.
	if n, ptr := d.Lookup([]any{"Statement", 0, "Resource", 0}); n.Start.Line != 11 || ptr != "/Statement/0/Resource" {
		t.Errorf("Lookup = line %d %q", n.Start.Line, ptr)
	}
}

func TestBuildChecks(t *testing.T) {
	t.Run("duplicate keys", func(t *testing.T) {
		d := Build("t", nil, obj(1, "Version", str(2, "2012-10-17"), "Version", str(3, "2008-10-17")), Options{})
		if len(d.Problems) != 1 || d.Problems[0].Rule != RuleDuplicateKey || d.Problems[0].Pos.Line != 3 ||
			!strings.Contains(d.Problems[0].Message, "first at 2:1") {
			t.Errorf("problems = %+v", d.Problems)
		}
	})
	t.Run("structure", func(t *testing.T) {
		d := Build("t", nil, obj(1, "Statement", str(2, "nope")), Options{})
		if len(d.Problems) != 1 || d.Problems[0].Rule != RuleStructure || d.Problems[0].Pos.Line != 2 {
			t.Errorf("problems = %+v", d.Problems)
		}
	})
	t.Run("depth", func(t *testing.T) {
		n := str(100, "x")
		for i := 0; i < 40; i++ {
			n = arr(99-i, n)
		}
		d := Build("t", nil, n, Options{})
		if d.Root != nil || len(d.Problems) != 1 || d.Problems[0].Rule != RuleStructure {
			t.Errorf("root kept or problems = %+v", d.Problems)
		}
	})
	t.Run("size of the text given", func(t *testing.T) {
		text := []byte(`{"Version": "2012-10-17"}`)
		d := Build("t", text, obj(1, "Version", str(1, "2012-10-17")), Options{MaxBytes: 10})
		if len(d.Problems) != 1 || d.Problems[0].Rule != RuleSize || !strings.Contains(d.Problems[0].Message, "25 bytes") {
			t.Errorf("problems = %+v", d.Problems)
		}
		if string(d.Bytes) != string(text) {
			t.Errorf("Bytes = %s", d.Bytes)
		}
	})
	t.Run("size of a tree", func(t *testing.T) {
		d := Build("t", nil, obj(1, "Version", str(1, "2012-10-17")), Options{MaxBytes: 10})
		if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "24 bytes as compact JSON") {
			t.Errorf("problems = %+v", d.Problems)
		}
	})
	t.Run("unresolved root", func(t *testing.T) {
		d := Build("t", nil, unres(4, "var.policy", "a Terraform variable"), Options{})
		if len(d.Problems) != 1 || d.Problems[0].Rule != RuleUnresolved || d.Normalized() != nil ||
			!strings.Contains(d.Problems[0].Message, `the policy is "var.policy"`) {
			t.Errorf("problems = %+v, normalized %v", d.Problems, d.Normalized())
		}
	})
}
