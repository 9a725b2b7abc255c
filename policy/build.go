package policy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Build makes a Document from a tree the caller built: a template reader
// that found a policy in a CloudFormation or Terraform file and kept the
// template's positions. The tree goes through the checks Parse makes (size,
// nesting depth, duplicate keys, structure) and is normalized the same way.
//
// text is the policy as the source holds it when it holds text (a JSON
// string, a heredoc); nil means the source holds a tree, and Bytes becomes
// its canonical JSON.
//
// Every Unresolved node becomes an iac/unresolved problem that says what was
// not checked and why (Expr.Why). Unresolved values are left out of
// Document.Policy; in Value and Normalized they are null, which no rule
// mistakes for a string, list or object, so rules that need a concrete value
// skip them while structural rules still see the element is there.
func Build(name string, text []byte, root *Node, opts Options) *Document {
	d := &Document{Name: name, Root: root}
	if root == nil {
		d.Bytes = text
		return d
	}
	w := &builder{doc: d, maxDepth: opts.maxDepth()}
	if !w.walk(root, 0) {
		d.Root = nil
		d.Bytes = text
		return d
	}
	d.Bytes = text
	if text == nil {
		d.Bytes = d.Canonical()
	}
	if limit := opts.maxBytes(); limit >= 0 && len(d.Bytes) > limit {
		how := ""
		if text == nil {
			how = " as compact JSON"
		}
		d.problem(RuleSize, "", root.Start,
			fmt.Sprintf("policy is %d bytes%s, over the limit of %d bytes", len(d.Bytes), how, limit))
	}
	d.normalize()
	for _, u := range w.unresolved {
		d.problem(RuleUnresolved, u.ptr, u.node.Start, unresolvedMessage(u.ptr, u.node))
	}
	slices.SortStableFunc(d.Problems, func(a, b Problem) int { return a.Pos.Offset - b.Pos.Offset })
	return d
}

type builder struct {
	doc        *Document
	maxDepth   int
	path       []string // reference tokens of the node being walked
	unresolved []struct {
		ptr  string
		node *Node
	}
}

func (b *builder) pointer() string {
	if len(b.path) == 0 {
		return ""
	}
	return "/" + strings.Join(b.path, "/")
}

// walk checks depth and duplicate keys and collects unresolved nodes. It
// returns false when the tree is too deep to use.
func (b *builder) walk(n *Node, depth int) bool {
	switch n.Kind {
	case Unresolved:
		b.unresolved = append(b.unresolved, struct {
			ptr  string
			node *Node
		}{b.pointer(), n})
	case Array, Object:
		if depth >= b.maxDepth {
			b.doc.problem(RuleStructure, b.pointer(), n.Start,
				fmt.Sprintf("nesting is deeper than %d levels; no IAM policy needs that", b.maxDepth))
			return false
		}
		for i, e := range n.Elems {
			if e == nil {
				e = &Node{Kind: Null, Start: n.Start, End: n.Start}
				n.Elems[i] = e
			}
			b.path = append(b.path, strconv.Itoa(i))
			ok := b.walk(e, depth+1)
			b.path = b.path[:len(b.path)-1]
			if !ok {
				return false
			}
		}
		var seen map[string]Pos
		for i, m := range n.Members {
			b.path = append(b.path, escapePointer(m.Key))
			if first, dup := seen[m.Key]; dup {
				b.doc.problem(RuleDuplicateKey, b.pointer(), m.KeyPos,
					fmt.Sprintf("duplicate key %q (first at %d:%d); parsers disagree on which value wins", m.Key, first.Line, first.Column))
			} else {
				if seen == nil {
					seen = make(map[string]Pos, len(n.Members))
				}
				seen[m.Key] = m.KeyPos
			}
			if m.Value == nil { // a caller's bug; keep the tree usable
				n.Members[i].Value = &Node{Kind: Null, Start: m.KeyPos, End: m.KeyPos}
			}
			ok := b.walk(n.Members[i].Value, depth+1)
			b.path = b.path[:len(b.path)-1]
			if !ok {
				return false
			}
		}
	}
	return true
}

// unresolvedMessage says which element holds an unresolved value, what the
// source wrote, and why it is unknown.
func unresolvedMessage(ptr string, n *Node) string {
	text := n.Text
	if r := []rune(text); len(r) > 80 {
		text = string(r[:77]) + "..."
	}
	why := ""
	if n.Expr != nil && n.Expr.Why != "" {
		why = " (" + n.Expr.Why + ")"
	}
	return fmt.Sprintf("not checked: %s is %q, known only at deploy time%s; rules that need its value skipped it",
		elementName(ptr), text, why)
}

// elementName names the policy element a pointer points into, for messages:
// "the policy", "Statement 2", "Resource", "Principal AWS", "condition key
// aws:SourceAccount".
func elementName(ptr string) string {
	if ptr == "" {
		return "the policy"
	}
	toks := strings.Split(ptr[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	if toks[0] != "Statement" {
		return toks[0]
	}
	rest := toks[1:]
	if len(rest) > 0 {
		if _, err := strconv.Atoi(rest[0]); err == nil {
			if len(rest) == 1 {
				return "Statement " + rest[0]
			}
			rest = rest[1:]
		}
	}
	if len(rest) == 0 {
		return "Statement"
	}
	switch rest[0] {
	case "Principal", "NotPrincipal":
		if len(rest) > 1 {
			return rest[0] + " " + rest[1]
		}
	case "Condition":
		switch len(rest) {
		case 1:
			return "Condition"
		case 2:
			return "condition operator " + rest[1]
		default:
			return "condition key " + rest[2]
		}
	}
	return rest[0]
}

// Resolved reports whether the document holds no unresolved value: whether
// it is the policy that would be deployed.
func (d *Document) Resolved() bool {
	for _, p := range d.Problems {
		if p.Rule == RuleUnresolved {
			return false
		}
	}
	return true
}

// UnresolvedValue is an Unresolved node of a Document with where it is.
type UnresolvedValue struct {
	Pointer string // JSON pointer into the raw tree
	Path    []any  // path into the normalized form (a lone statement is Statement 0)
	Node    *Node
}

// Unresolved lists the document's unresolved values in document order.
func (d *Document) Unresolved() []UnresolvedValue {
	if d.Root == nil || d.Resolved() {
		return nil
	}
	var out []UnresolvedValue
	var walk func(n *Node, ptr string, path []any)
	walk = func(n *Node, ptr string, path []any) {
		if n.Kind == Unresolved {
			out = append(out, UnresolvedValue{Pointer: ptr, Path: slices.Clone(path), Node: n})
			return
		}
		for i, e := range n.Elems {
			walk(e, ptr+"/"+strconv.Itoa(i), append(path, i))
		}
		for _, m := range n.Members {
			p := append(path, m.Key)
			if len(path) == 0 && m.Key == "Statement" && m.Value.Kind == Object {
				p = append(p, 0) // normalized into a list
			}
			walk(m.Value, ptr+"/"+escapePointer(m.Key), p)
		}
	}
	walk(d.Root, "", nil)
	return out
}
