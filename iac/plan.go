package iac

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/mrapguard/mrapguard/policy"
)

// PlanChange is one MRAP policy change of a Terraform plan.
type PlanChange struct {
	Address string   // resource address, e.g. aws_s3control_multi_region_access_point_policy.example
	Actions []string // Terraform's actions: create, update, delete, no-op…
	Name    string   // the MRAP's name, from after or else before ("" when unknown)
	Account string   // the account_id attribute, when the plan has it
	// Before and After are the policy before and after the change, parsed
	// with positions in the plan file; nil when there is none (a create has
	// no Before, a delete no After). An After unknown until apply is a
	// Document whose root is Unresolved.
	Before, After *policy.Document
}

// maxJSONDepth bounds nesting in JSON templates and plans: resources nest
// deeper than policies do (the parser's stack is the bound's cost).
const maxJSONDepth = 512

// PlanChanges reads the MRAP policy changes of a plan (terraform show
// -json). A file that is not a plan is an error.
func PlanChanges(name string, data []byte, o Options) ([]PlanChange, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, MaxFileBytes)
	}
	doc := policy.Parse(name, data, policy.Options{MaxBytes: -1, MaxDepth: maxJSONDepth})
	if doc.Root == nil {
		p := doc.Problems[0]
		return nil, fmt.Errorf("%s is not a Terraform plan in JSON (%d:%d: %s)", name, p.Pos.Line, p.Pos.Column, p.Message)
	}
	if doc.Root.Get("format_version") == nil || doc.Root.Get("resource_changes") == nil && doc.Root.Get("planned_values") == nil {
		return nil, fmt.Errorf("%s is not a Terraform plan (it has no format_version and resource_changes)", name)
	}
	src := newSource(name, data)
	var out []PlanChange
	changes := doc.Root.Get("resource_changes")
	if changes == nil || changes.Kind != policy.Array {
		return nil, nil
	}
	for _, rc := range changes.Elems {
		typ := rc.Get("type")
		if typ == nil || (typ.Text != tfPolicyType && typ.Text != tfCCPolicyType) || textOr(rc.Get("mode"), "managed") != "managed" {
			continue
		}
		ch := rc.Get("change")
		c := PlanChange{Address: textOr(rc.Get("address"), typ.Text)}
		for _, a := range elems(ch.Get("actions")) {
			c.Actions = append(c.Actions, a.Text)
		}
		for _, side := range []string{"before", "after"} {
			val := ch.Get(side)
			if val == nil || val.Kind != policy.Object {
				if side == "after" && unknown(ch.Get("after_unknown"), typ.Text) && !slices.Contains(c.Actions, "delete") {
					c.After = unknownPolicy(src, c.Address, ch)
				}
				continue
			}
			pol, nm := policyAttr(val, typ.Text)
			if c.Name == "" || side == "after" && nm != "" {
				c.Name = nm
			}
			if acct := val.Get("account_id"); acct != nil && acct.Kind == policy.String {
				c.Account = acct.Text
			}
			var d *policy.Document
			switch {
			case side == "after" && unknown(ch.Get("after_unknown"), typ.Text):
				d = unknownPolicy(src, c.Address, ch)
			case pol == nil || pol.Kind == policy.Null:
				continue
			case pol.Kind == policy.String:
				if m := jsonStringText(data, pol); m != nil {
					d = parseEmbedded(src, name, m, o.Policy)
				}
			case pol.Kind == policy.Object:
				// awscc's older schema: the policy as a map.
				d = policy.Build(name, nil, pol, o.Policy)
			}
			if d == nil {
				continue
			}
			d.Name, d.Resource = name, c.Address
			if side == "before" {
				c.Before = d
			} else {
				c.After = d
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// readPlan lints the policies a plan will apply.
func readPlan(name string, data []byte, o Options) []*policy.Document {
	changes, err := PlanChanges(name, data, o)
	if err != nil {
		doc := policy.Parse(name, data, policy.Options{MaxBytes: -1, MaxDepth: maxJSONDepth})
		if doc.Root == nil {
			return []*policy.Document{doc}
		}
		return []*policy.Document{fileProblem(newSource(name, data), "", RuleTemplate, 0, "%v", err)}
	}
	var docs []*policy.Document
	for _, c := range changes {
		if c.After == nil {
			continue
		}
		c.After.Resource = withSource(c.After.Resource, name, o)
		docs = append(docs, c.After)
	}
	return docs
}

// withSource adds the .tf block of a root-module resource to its address,
// when the plan file sits in the module's directory.
func withSource(addr, planFile string, o Options) string {
	if planFile == "" || planFile[0] == '<' {
		return addr
	}
	typ, name, ok := cutAddress(addr)
	if !ok {
		return addr
	}
	m := &tfModule{o: o, dir: filepath.Dir(planFile), first: &tfFile{src: newSource(planFile, nil), body: &hclsyntax.Body{}}}
	if f, b := m.block("resource", typ, name); b != nil {
		return fmt.Sprintf("%s (%s:%d)", addr, f.src.name, f.src.pos(b.TypeRange.Start.Byte).Line)
	}
	return addr
}

// cutAddress splits a root-module address TYPE.NAME (no module path, no
// index).
func cutAddress(addr string) (typ, name string, ok bool) {
	for i := 0; i < len(addr); i++ {
		if addr[i] == '.' {
			typ, name = addr[:i], addr[i+1:]
			for _, c := range name {
				if c == '.' || c == '[' {
					return "", "", false
				}
			}
			return typ, name, typ != "module" && typ != "data"
		}
	}
	return "", "", false
}

// policyAttr returns the policy and name attributes of a resource's
// values.
func policyAttr(val *policy.Node, typ string) (pol *policy.Node, name string) {
	if typ == tfCCPolicyType {
		return val.Get("policy"), textOr(val.Get("mrap_name"), "")
	}
	details := val.Get("details")
	if elems(details) == nil {
		return nil, ""
	}
	d := elems(details)[0]
	return d.Get("policy"), textOr(d.Get("name"), "")
}

// unknown reports whether after_unknown marks the policy (or what holds
// it) as known only after apply.
func unknown(au *policy.Node, typ string) bool {
	isTrue := func(n *policy.Node) bool { return n != nil && n.Kind == policy.Bool && n.Text == "true" }
	if isTrue(au) {
		return true
	}
	if typ == tfCCPolicyType {
		return isTrue(au.Get("policy"))
	}
	d := au.Get("details")
	if isTrue(d) {
		return true
	}
	for _, e := range elems(d) {
		if isTrue(e) || isTrue(e.Get("policy")) {
			return true
		}
	}
	return false
}

// unknownPolicy is the Document for a policy known only after apply.
func unknownPolicy(src *source, addr string, change *policy.Node) *policy.Document {
	at := change.Get("after_unknown")
	if at == nil {
		at = change
	}
	root := &policy.Node{Kind: policy.Unresolved, Text: "(known after apply)", Start: at.Start, End: at.End,
		Expr: &policy.Expr{Why: "Terraform computes it on apply, typically because it names the alias AWS generates when it creates the MRAP; " +
			"lint the .tf source to check what the template decides, or plan again once the MRAP exists"}}
	d := policy.Build(src.name, nil, root, policy.Options{})
	d.Resource = addr
	return d
}

// textOr returns a string node's text, or def.
func textOr(n *policy.Node, def string) string {
	if n == nil || n.Kind != policy.String {
		return def
	}
	return n.Text
}

// elems returns an array node's elements (nil for anything else).
func elems(n *policy.Node) []*policy.Node {
	if n == nil || n.Kind != policy.Array {
		return nil
	}
	return n.Elems
}
