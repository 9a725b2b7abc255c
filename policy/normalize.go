package policy

import (
	"fmt"
	"strconv"
)

// Elements whose value is a string or a list of strings.
var listElements = [...]string{"Action", "NotAction", "Resource", "NotResource"}

// normalize checks the shape of the raw tree, records policy/structure
// problems and fills d.Policy. Unresolved values are not problems of the
// shape: they are left out of d.Policy silently (Build records them).
func (d *Document) normalize() {
	root := d.Root
	if root.Kind == Unresolved {
		return
	}
	if root.Kind != Object {
		d.problem(RuleStructure, "", root.Start,
			fmt.Sprintf("a policy must be a JSON object, found %s", root.Kind.Phrase()))
		return
	}
	pol := &d.Policy
	if v := root.Get("Version"); v != nil {
		pol.HasVersion = true
		if d.wantString(v, "/Version", "Version") {
			pol.Version = v.Text
		}
	}
	if v := root.Get("Id"); v != nil && d.wantString(v, "/Id", "Id") {
		pol.ID = v.Text
	}
	st := root.Get("Statement")
	if st == nil {
		return
	}
	switch st.Kind {
	case Unresolved:
	case Object:
		pol.Statements = []Statement{d.statement(st, 0, "/Statement")}
	case Array:
		pol.Statements = make([]Statement, 0, len(st.Elems))
		for i, e := range st.Elems {
			ptr := "/Statement/" + strconv.Itoa(i)
			if e.Kind == Unresolved {
				continue
			}
			if e.Kind != Object {
				d.problem(RuleStructure, ptr, e.Start,
					fmt.Sprintf("each statement must be a JSON object, found %s", e.Kind.Phrase()))
				continue
			}
			pol.Statements = append(pol.Statements, d.statement(e, i, ptr))
		}
	default:
		d.problem(RuleStructure, "/Statement", st.Start,
			fmt.Sprintf("Statement must be an object or a list of objects, found %s", st.Kind.Phrase()))
	}
}

func (d *Document) statement(n *Node, index int, ptr string) Statement {
	s := Statement{Index: index}
	if v := n.Get("Sid"); v != nil {
		s.HasSid = true
		if d.wantString(v, ptr+"/Sid", "Sid") {
			s.Sid = v.Text
		}
	}
	if v := n.Get("Effect"); v != nil && d.wantString(v, ptr+"/Effect", "Effect") {
		s.Effect = v.Text
	}
	for _, name := range listElements {
		v := n.Get(name)
		if v == nil {
			continue
		}
		list, ok := d.stringList(v, ptr+"/"+name, name)
		if !ok {
			continue
		}
		switch name {
		case "Action":
			s.Action = list
		case "NotAction":
			s.NotAction = list
		case "Resource":
			s.Resource = list
		case "NotResource":
			s.NotResource = list
		}
	}
	if v := n.Get("Principal"); v != nil {
		s.Principal = d.principal(v, ptr+"/Principal", "Principal")
	}
	if v := n.Get("NotPrincipal"); v != nil {
		s.NotPrincipal = d.principal(v, ptr+"/NotPrincipal", "NotPrincipal")
	}
	if v := n.Get("Condition"); v != nil {
		s.Condition = d.condition(v, ptr+"/Condition")
	}
	return s
}

func (d *Document) wantString(n *Node, ptr, name string) bool {
	if n.Kind == String {
		return true
	}
	if n.Kind == Unresolved {
		return false
	}
	d.problem(RuleStructure, ptr, n.Start,
		fmt.Sprintf("%s must be a string, found %s", name, n.Kind.Phrase()))
	return false
}

// stringList accepts a string or a list of strings and returns it as a
// non-nil list, without its unresolved values.
func (d *Document) stringList(n *Node, ptr, name string) ([]string, bool) {
	switch n.Kind {
	case String:
		return []string{n.Text}, true
	case Unresolved:
		return nil, false
	case Array:
		list := make([]string, 0, len(n.Elems))
		ok := true
		for i, e := range n.Elems {
			if e.Kind == Unresolved {
				continue
			}
			if e.Kind != String {
				d.problem(RuleStructure, ptr+"/"+strconv.Itoa(i), e.Start,
					fmt.Sprintf("%s must hold strings, found %s", name, e.Kind.Phrase()))
				ok = false
				continue
			}
			list = append(list, e.Text)
		}
		return list, ok
	}
	d.problem(RuleStructure, ptr, n.Start,
		fmt.Sprintf("%s must be a string or a list of strings, found %s", name, n.Kind.Phrase()))
	return nil, false
}

func (d *Document) principal(n *Node, ptr, name string) Principal {
	switch n.Kind {
	case Unresolved:
		return nil
	case String:
		if n.Text == "*" {
			return Principal{"AWS": {"*"}}
		}
		d.problem(RuleStructure, ptr, n.Start,
			fmt.Sprintf(`%s must be "*" or an object such as {"AWS": ["arn:aws:iam::111122223333:root"]}, found the string %q`, name, n.Text))
		return nil
	case Object:
		p := make(Principal, len(n.Members))
		ok := true
		for _, m := range n.Members {
			if m.Value.Kind == Unresolved {
				continue
			}
			list, good := d.stringList(m.Value, ptr+"/"+escapePointer(m.Key), name+" "+m.Key)
			if !good {
				ok = false
				continue
			}
			p[m.Key] = list
		}
		if !ok {
			return nil
		}
		return p
	}
	d.problem(RuleStructure, ptr, n.Start,
		fmt.Sprintf(`%s must be "*" or an object, found %s`, name, n.Kind.Phrase()))
	return nil
}

func (d *Document) condition(n *Node, ptr string) Condition {
	if n.Kind == Unresolved {
		return nil
	}
	if n.Kind != Object {
		d.problem(RuleStructure, ptr, n.Start,
			fmt.Sprintf("Condition must be an object of operators, found %s", n.Kind.Phrase()))
		return nil
	}
	// Entries of the wrong type are left out, the rest kept: leaving out a
	// condition can only make the statement match more requests, never
	// fewer, so what the typed view says about access stays on the safe
	// side.
	c := make(Condition, len(n.Members))
	for _, op := range n.Members {
		opPtr := ptr + "/" + escapePointer(op.Key)
		if op.Value.Kind == Unresolved {
			continue
		}
		if op.Value.Kind != Object {
			d.problem(RuleStructure, opPtr, op.Value.Start,
				fmt.Sprintf("condition operator %s must map condition keys to values, found %s", op.Key, op.Value.Kind.Phrase()))
			continue
		}
		keys := make(map[string][]string, len(op.Value.Members))
		for _, k := range op.Value.Members {
			kPtr := opPtr + "/" + escapePointer(k.Key)
			if k.Value.Kind == Unresolved {
				continue
			}
			vals, good := d.conditionValues(k.Value, kPtr, k.Key)
			if !good {
				continue
			}
			keys[k.Key] = vals
		}
		c[op.Key] = keys
	}
	return c
}

func (d *Document) conditionValues(n *Node, ptr, key string) ([]string, bool) {
	if isScalar(n.Kind) {
		return []string{n.Text}, true
	}
	if n.Kind != Array {
		d.problem(RuleStructure, ptr, n.Start,
			fmt.Sprintf("condition key %s must have a string, number, boolean or a list of them, found %s", key, n.Kind.Phrase()))
		return nil, false
	}
	vals := make([]string, 0, len(n.Elems))
	ok := true
	for i, e := range n.Elems {
		if e.Kind == Unresolved {
			continue
		}
		if !isScalar(e.Kind) {
			d.problem(RuleStructure, ptr+"/"+strconv.Itoa(i), e.Start,
				fmt.Sprintf("values of condition key %s must be strings, numbers or booleans, found %s", key, e.Kind.Phrase()))
			ok = false
			continue
		}
		vals = append(vals, e.Text)
	}
	return vals, ok
}

func isScalar(k Kind) bool { return k == String || k == Number || k == Bool }

// Phrase names a kind for a message: "an array", "null", "a string"…
func (k Kind) Phrase() string {
	switch k {
	case Null:
		return "null"
	case Array, Object, Unresolved:
		return "an " + k.String()
	}
	return "a " + k.String()
}
