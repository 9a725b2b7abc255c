package iac

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mrapguard/mrapguard/policy"
)

// CloudFormation resource types this package reads.
const (
	cfnPolicyType = "AWS::S3::MultiRegionAccessPointPolicy"
	cfnMRAPType   = "AWS::S3::MultiRegionAccessPoint"
)

// cfnTemplate is a parsed template: its sections as policy Nodes.
type cfnTemplate struct {
	src        *source
	o          Options
	parameters *policy.Node
	mappings   *policy.Node
	conditions *policy.Node
	resources  *policy.Node
	// transformed: the template has a Transform (SAM, a macro), which adds
	// resources this reader does not see.
	transformed bool
	yaml        *yamlTree // nil for a JSON template
}

// readCloudFormationJSON reads a JSON template with the project's JSON
// parser (exact positions, the same syntax messages as for policies).
func readCloudFormationJSON(name string, data []byte, o Options) []*policy.Document {
	if len(data) > MaxFileBytes {
		return tooLarge(name)
	}
	doc := policy.Parse(name, data, policy.Options{MaxBytes: -1, MaxDepth: maxJSONDepth})
	if doc.Root == nil {
		return []*policy.Document{doc}
	}
	src := newSource(name, data)
	if doc.Root.Kind != policy.Object {
		return []*policy.Document{fileProblem(src, "", RuleTemplate, doc.Root.Start.Offset,
			"a CloudFormation template is a JSON object with Resources, found %s", doc.Root.Kind.Phrase())}
	}
	t := &cfnTemplate{src: src, o: o}
	t.sections(doc.Root)
	return t.read()
}

// readCloudFormationYAML reads a YAML template. Unless force is set, a file
// that is not a template (no top-level Resources) gives ok false.
func readCloudFormationYAML(name string, data []byte, o Options, force bool) (docs []*policy.Document, ok bool) {
	if len(data) > MaxFileBytes {
		if !force && !looksLike(data, "Resources:", "AWSTemplateFormatVersion") {
			return nil, false
		}
		return tooLarge(name), true
	}
	src := newSource(name, data)
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		if !force && !looksLike(data, "Resources:", "AWSTemplateFormatVersion") {
			return nil, false
		}
		line := 1
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := regexp.MustCompile(`^line (\d+): (.*)`).FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return []*policy.Document{fileProblem(src, "", RuleTemplate, src.offset(line, 1),
			"the template is not valid YAML: %s", msg)}, true
	}
	top := &root
	if top.Kind == yaml.DocumentNode && len(top.Content) > 0 {
		top = top.Content[0]
	}
	isTemplate := top.Kind == yaml.MappingNode && slices.ContainsFunc(top.Content, func(n *yaml.Node) bool {
		return n.Kind == yaml.ScalarNode && (n.Value == "Resources" || n.Value == "AWSTemplateFormatVersion")
	})
	if !isTemplate && !force {
		return nil, false
	}
	if top.Kind != yaml.MappingNode {
		return []*policy.Document{fileProblem(src, "", RuleTemplate, 0,
			"a CloudFormation template is a mapping with Resources")}, true
	}
	yt := &yamlTree{src: src}
	t := &cfnTemplate{src: src, o: o, yaml: yt}
	// Convert the sections one by one: only the resources this package reads
	// in full, so the conversion bound applies to what matters.
	sections := &policy.Node{Kind: policy.Object}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		var val *policy.Node
		if k.Value == "Resources" && v.Kind == yaml.MappingNode {
			val = yt.resources(v)
		} else if k.Value == "Parameters" || k.Value == "Mappings" || k.Value == "Conditions" || k.Value == "Transform" {
			val = yt.convert(v, 1)
		}
		if yt.over {
			return []*policy.Document{fileProblem(src, "", RuleTemplate, src.offset(k.Line, k.Column),
				"the template expands to more than %d YAML nodes or nests deeper than %d levels (aliases repeating a subtree?); it was not read", maxYAMLNodes, maxYAMLDepth)}, true
		}
		if val != nil {
			sections.Members = append(sections.Members, policy.Member{Key: k.Value, KeyPos: yt.pos(k), Value: val})
		}
	}
	t.sections(sections)
	return t.read(), true
}

// resources converts the Resources mapping: each resource's Type, and the
// whole of the resources this package reads.
func (t *yamlTree) resources(n *yaml.Node) *policy.Node {
	out := &policy.Node{Kind: policy.Object, Start: t.pos(n)}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		var typ string
		if v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				if v.Content[j].Value == "Type" && v.Content[j+1].Kind == yaml.ScalarNode {
					typ = v.Content[j+1].Value
				}
			}
		}
		var val *policy.Node
		if typ == cfnPolicyType || typ == cfnMRAPType {
			val = t.convert(v, 2)
			if val == nil {
				return nil
			}
		} else {
			p := t.pos(v)
			val = &policy.Node{Kind: policy.Object, Start: p, End: p, Members: []policy.Member{
				{Key: "Type", KeyPos: p, Value: &policy.Node{Kind: policy.String, Text: typ, Start: p, End: p}}}}
		}
		out.Members = append(out.Members, policy.Member{Key: k.Value, KeyPos: t.pos(k), Value: val})
	}
	return out
}

func (t *cfnTemplate) sections(root *policy.Node) {
	t.parameters = root.Get("Parameters")
	t.mappings = root.Get("Mappings")
	t.conditions = root.Get("Conditions")
	t.resources = root.Get("Resources")
	t.transformed = root.Get("Transform") != nil
}

// resourceType returns a resource's Type, or "" when there is no such
// resource.
func (t *cfnTemplate) resourceType(id string) (string, bool) {
	r := t.resources.Get(id)
	if r == nil {
		return "", false
	}
	if typ := r.Get("Type"); typ != nil && typ.Kind == policy.String {
		return typ.Text, true
	}
	return "", true
}

// read returns a Document per MRAP policy resource (per branch of an
// undecided Fn::If), with the template's problems.
func (t *cfnTemplate) read() []*policy.Document {
	if t.resources == nil || t.resources.Kind != policy.Object {
		return nil
	}
	var docs []*policy.Document
	for _, m := range t.resources.Members {
		if typ := m.Value.Get("Type"); typ == nil || typ.Kind != policy.String || typ.Text != cfnPolicyType {
			continue
		}
		docs = append(docs, t.policyResource(m.Key, m.Value)...)
	}
	return docs
}

func (t *cfnTemplate) policyResource(id string, res *policy.Node) []*policy.Document {
	props := res.Get("Properties")
	if props == nil || props.Kind != policy.Object {
		return []*policy.Document{fileProblem(t.src, id, RuleTemplate, res.Start.Offset,
			"%s %s has no Properties: it needs MrapName and Policy", cfnPolicyType, id)}
	}
	var problems []policy.Problem
	problem := func(rule string, at policy.Pos, format string, args ...any) {
		problems = append(problems, policy.Problem{Rule: rule, Message: fmt.Sprintf(format, args...), Pos: at})
	}
	pol := props.Get("Policy")
	for _, m := range props.Members {
		if m.Key == "MrapName" || m.Key == "Policy" {
			continue
		}
		hint := ""
		if pol == nil && looksLikePolicy(m.Value) {
			// The AWS documentation's own example writes PolicyDocument.
			hint = "; the policy belongs in Policy (it is checked here as if it were)"
			pol = m.Value
		}
		problem(RuleTemplate, m.KeyPos, "%s is not a property of %s (it has MrapName and Policy)%s", m.Key, cfnPolicyType, hint)
	}
	if props.Get("MrapName") == nil {
		problem(RuleTemplate, props.Start, "%s %s has no MrapName: name the Multi-Region Access Point the policy is for", cfnPolicyType, id)
	}
	if pol == nil {
		problem(RuleTemplate, props.Start, "%s %s has no Policy", cfnPolicyType, id)
		return []*policy.Document{{Name: t.src.name, Resource: id, Problems: problems}}
	}
	var docs []*policy.Document
	for branch := 0; branch < 2; branch++ {
		r := &resolver{t: t, branch: branch, refs: map[*policy.Node][]ref{}}
		doc := r.policy(pol)
		doc.Name, doc.Resource = t.src.name, id
		target, targetOK := r.mrapName(props.Get("MrapName"))
		doc.Problems = append(doc.Problems, problems...)
		doc.Problems = append(doc.Problems, r.problems...)
		if targetOK {
			r.checkAliases(doc, target)
		}
		sortProblems(doc)
		docs = append(docs, doc)
		if !r.undecided {
			break
		}
	}
	return docs
}

// looksLikePolicy reports whether a property value could be a misplaced
// policy: an object with Statement, or a string that mentions it.
func looksLikePolicy(n *policy.Node) bool {
	switch n.Kind {
	case policy.Object:
		return n.Get("Statement") != nil || n.Get("Fn::Sub") != nil
	case policy.String:
		return strings.Contains(n.Text, "Statement")
	}
	return false
}

// ref is a reference to a resource of the template: Ref (Attr "") or
// Fn::GetAtt.
type ref struct {
	resource, attr string
}

// resolver evaluates what a template decides by itself. branch picks the
// branch of an Fn::If whose condition is undecided (0 the first, 1 the
// second); undecided says one was met, so the other branch needs a run.
type resolver struct {
	t         *cfnTemplate
	branch    int
	undecided bool
	depth     int
	refs      map[*policy.Node][]ref // unresolved nodes → the resources they name
	problems  []policy.Problem
}

const maxResolveDepth = 64

func (r *resolver) problem(rule string, at policy.Pos, format string, args ...any) {
	r.problems = append(r.problems, policy.Problem{Rule: rule, Message: fmt.Sprintf(format, args...), Pos: at})
}

// unresolved makes an Unresolved node standing for the expression n.
func (r *resolver) unresolved(n *policy.Node, text, why string, refs ...ref) *policy.Node {
	u := &policy.Node{Kind: policy.Unresolved, Text: text, Start: n.Start, End: n.End, Expr: &policy.Expr{Why: why}}
	if len(refs) > 0 {
		r.refs[u] = refs
	}
	return u
}

// policy builds the Document for a Policy property value.
func (r *resolver) policy(n *policy.Node) *policy.Document {
	opts := r.t.o.Policy
	if n.Kind == policy.String {
		if m := r.t.stringText(n); m != nil {
			return parseEmbedded(r.t.src, r.t.src.name, m, opts)
		}
	}
	if sub := n.Get("Fn::Sub"); sub != nil && len(n.Members) == 1 {
		if m := r.subText(sub); m != nil {
			return parseEmbedded(r.t.src, r.t.src.name, m, opts)
		}
	}
	v, keep := r.resolve(n)
	switch {
	case !keep:
		r.problem(RuleTemplate, n.Start, "Policy is AWS::NoValue: the resource has no policy")
		return &policy.Document{}
	case v.Kind == policy.String:
		return parseEmbedded(r.t.src, r.t.src.name, uniform(v.Text, v.Start.Offset, v.End.Offset), opts)
	case v.Kind == policy.Object || v.Kind == policy.Unresolved:
		return policy.Build(r.t.src.name, nil, v, opts)
	}
	r.problem(RuleTemplate, n.Start, "Policy must be a JSON object or a JSON string, found %s", v.Kind.Phrase())
	return &policy.Document{}
}

// stringText maps a literal string of the template back to where it is
// written, or returns nil when the string was not written as one.
func (r *cfnTemplate) stringText(n *policy.Node) *mapped {
	if r.yaml != nil {
		if y, ok := r.yaml.scalars[n]; ok {
			m, _ := r.yaml.scalarText(y)
			return m
		}
		return nil
	}
	return jsonStringText(r.src.data, n)
}

// jsonStringText decodes a JSON string node of the file with the offset of
// every decoded byte.
func jsonStringText(data []byte, n *policy.Node) *mapped {
	start, end := n.Start.Offset, n.End.Offset
	if n.Kind != policy.String || start < 0 || end > len(data) || end-start < 2 || data[start] != '"' {
		return nil
	}
	m := &mapped{}
	for i := start + 1; i < end-1; {
		c := data[i]
		if c != '\\' {
			m.addRaw(data[i:i+1], i)
			i++
			continue
		}
		if i+1 >= end-1 {
			break
		}
		simple := map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
		if b, ok := simple[data[i+1]]; ok {
			m.add([]byte{b}, i)
			i += 2
			continue
		}
		// \uXXXX, maybe a surrogate pair: the decoded text is known.
		r, size := decodeJSONUnicode(data[i : end-1])
		if size == 0 {
			return uniform(n.Text, start, end)
		}
		m.add(utf8.AppendRune(nil, r), i)
		i += size
	}
	m.finish(end)
	if string(m.text) != n.Text {
		return uniform(n.Text, start, end)
	}
	return m
}

func decodeJSONUnicode(b []byte) (rune, int) {
	hex4 := func(b []byte) (rune, bool) {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[2:6]), 16, 32)
		return rune(v), err == nil
	}
	r, ok := hex4(b)
	if !ok {
		return 0, 0
	}
	if r >= 0xD800 && r < 0xDC00 {
		if lo, ok := hex4(b[6:min(len(b), 12)]); ok && lo >= 0xDC00 && lo < 0xE000 {
			return (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000, 12
		}
		return utf8.RuneError, 6
	}
	if r >= 0xDC00 && r < 0xE000 {
		return utf8.RuneError, 6
	}
	return r, 6
}

// resolve evaluates the intrinsics in n. keep is false for AWS::NoValue
// (the member or element is left out).
func (r *resolver) resolve(n *policy.Node) (v *policy.Node, keep bool) {
	r.depth++
	defer func() { r.depth-- }()
	if r.depth > maxResolveDepth {
		return r.unresolved(n, "...", "nested deeper than this reader follows"), true
	}
	switch n.Kind {
	case policy.Array:
		out := &policy.Node{Kind: policy.Array, Start: n.Start, End: n.End, Elems: make([]*policy.Node, 0, len(n.Elems))}
		for _, e := range n.Elems {
			if v, keep := r.resolve(e); keep {
				out.Elems = append(out.Elems, v)
			}
		}
		return out, true
	case policy.Object:
		if len(n.Members) == 1 && (n.Members[0].Key == "Ref" || strings.HasPrefix(n.Members[0].Key, "Fn::")) {
			return r.intrinsic(n, n.Members[0].Key, n.Members[0].Value)
		}
		out := &policy.Node{Kind: policy.Object, Start: n.Start, End: n.End, Members: make([]policy.Member, 0, len(n.Members))}
		for _, m := range n.Members {
			if v, keep := r.resolve(m.Value); keep {
				out.Members = append(out.Members, policy.Member{Key: m.Key, KeyPos: m.KeyPos, Value: v})
			}
		}
		return out, true
	}
	return n, true
}

// literal resolves n and returns it when it is a string.
func (r *resolver) literal(n *policy.Node) (string, bool) {
	v, keep := r.resolve(n)
	if !keep || v.Kind != policy.String {
		return "", false
	}
	return v.Text, true
}

func (r *resolver) intrinsic(n *policy.Node, fn string, arg *policy.Node) (*policy.Node, bool) {
	switch fn {
	case "Ref":
		name, ok := r.literal(arg)
		if !ok {
			return r.unresolved(n, "!Ref", "Ref of something that is not a name"), true
		}
		return r.ref(n, name)
	case "Fn::GetAtt":
		var res, attr string
		if s, ok := r.literal(arg); ok {
			res, attr, _ = strings.Cut(s, ".")
		} else if arg.Kind == policy.Array && len(arg.Elems) == 2 {
			res, _ = r.literal(arg.Elems[0])
			attr, _ = r.literal(arg.Elems[1])
		}
		return r.getAtt(n, res, attr), true
	case "Fn::Sub":
		return r.sub(n, arg), true
	case "Fn::Join":
		return r.join(n, arg), true
	case "Fn::Select":
		if arg.Kind == policy.Array && len(arg.Elems) == 2 {
			idx, _ := r.resolve(arg.Elems[0])
			list, _ := r.resolve(arg.Elems[1])
			i, err := strconv.Atoi(idx.Text)
			if (idx.Kind == policy.String || idx.Kind == policy.Number) && err == nil && list.Kind == policy.Array {
				if i >= 0 && i < len(list.Elems) {
					return list.Elems[i], true
				}
				r.problem(RuleTemplate, n.Start, "Fn::Select index %d is out of range (the list has %d elements)", i, len(list.Elems))
			}
		}
		return r.unresolved(n, r.exprText(n, fn), "Fn::Select of a value known only at deploy time"), true
	case "Fn::FindInMap":
		if arg.Kind == policy.Array && len(arg.Elems) >= 3 {
			m, ok1 := r.literal(arg.Elems[0])
			k1, ok2 := r.literal(arg.Elems[1])
			k2, ok3 := r.literal(arg.Elems[2])
			if ok1 && ok2 && ok3 {
				if v := r.t.mappings.Get(m).Get(k1).Get(k2); v != nil {
					return r.resolve(v)
				}
				if len(arg.Elems) == 3 {
					r.problem(RuleTemplate, n.Start, "Fn::FindInMap: Mappings has no %s.%s.%s", m, k1, k2)
				}
			}
		}
		return r.unresolved(n, r.exprText(n, fn), "Fn::FindInMap with keys known only at deploy time"), true
	case "Fn::If":
		if arg.Kind != policy.Array || len(arg.Elems) != 3 {
			return r.unresolved(n, r.exprText(n, fn), "a malformed Fn::If"), true
		}
		cond, _ := r.literal(arg.Elems[0])
		pick := r.branch
		switch r.condition(cond, 0) {
		case condTrue:
			pick = 0
		case condFalse:
			pick = 1
		default:
			r.undecided = true
		}
		return r.resolve(arg.Elems[1+pick])
	}
	return r.unresolved(n, r.exprText(n, fn), fn+" is evaluated by CloudFormation at deploy time"), true
}

// exprText is the source text of an intrinsic for messages, shortened.
func (r *resolver) exprText(n *policy.Node, fn string) string {
	s, e := n.Start.Offset, n.End.Offset
	if s < e && e <= len(r.t.src.data) && e-s <= 120 {
		return strings.Join(strings.Fields(string(r.t.src.data[s:e])), " ")
	}
	return fn + "(...)"
}

// pseudo-parameters with a value that does not depend on the deployment.
var fixedPseudo = map[string]string{"AWS::URLSuffix": "amazonaws.com"}

func (r *resolver) ref(n *policy.Node, name string) (*policy.Node, bool) {
	o := r.t.o
	str := func(s string) *policy.Node {
		return &policy.Node{Kind: policy.String, Text: s, Start: n.Start, End: n.End}
	}
	switch name {
	case "AWS::NoValue":
		return nil, false
	case "AWS::AccountId":
		if o.Account != "" {
			return str(o.Account), true
		}
		return r.unresolved(n, "${AWS::AccountId}", "AWS::AccountId is the account the stack deploys to: give --account"), true
	case "AWS::Region":
		if o.Region != "" {
			return str(o.Region), true
		}
		return r.unresolved(n, "${AWS::Region}", "AWS::Region is the Region the stack deploys to: give --region"), true
	case "AWS::Partition":
		return str(partition(o.Region)), true
	}
	if v, ok := fixedPseudo[name]; ok {
		return str(v), true
	}
	if strings.HasPrefix(name, "AWS::") {
		return r.unresolved(n, "${"+name+"}", name+" is known only at deploy time"), true
	}
	if p := r.t.parameters.Get(name); p != nil {
		return r.parameter(n, name, p), true
	}
	if typ, ok := r.t.resourceType(name); ok {
		if typ == cfnMRAPType {
			// Ref of an MRAP is its name, when the template gives it.
			if nm := r.t.resources.Get(name).Get("Properties").Get("Name"); nm != nil {
				if s, ok := r.literal(nm); ok {
					v := str(s)
					r.refs[v] = []ref{{resource: name}}
					return v, true
				}
			}
		}
		return r.unresolved(n, "${"+name+"}", "the name CloudFormation gives "+name+" at deploy time", ref{resource: name}), true
	}
	if r.t.transformed {
		return r.unresolved(n, "${"+name+"}", name+" comes from the template's Transform"), true
	}
	r.problem(RuleTemplate, n.Start, "Ref %s names no parameter or resource of this template", name)
	return r.unresolved(n, "${"+name+"}", name+" is not defined in this template"), true
}

// partition is the partition of a Region: MRAPs live in aws unless the
// Region says otherwise.
func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// parameter is a parameter's value: given, else its Default, with the
// position of the Ref.
func (r *resolver) parameter(n *policy.Node, name string, p *policy.Node) *policy.Node {
	typ := ""
	if t := p.Get("Type"); t != nil && t.Kind == policy.String {
		typ = t.Text
	}
	if strings.HasPrefix(typ, "AWS::SSM::Parameter::Value") {
		return r.unresolved(n, "${"+name+"}", "parameter "+name+" is read from SSM Parameter Store at deploy time")
	}
	value, ok := r.t.o.Parameters[name]
	if !ok {
		d := p.Get("Default")
		if d == nil || (d.Kind != policy.String && d.Kind != policy.Number) {
			return r.unresolved(n, "${"+name+"}", "parameter "+name+" has no Default: give --parameter "+name+"=VALUE")
		}
		value = d.Text
	}
	if typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<") {
		list := &policy.Node{Kind: policy.Array, Start: n.Start, End: n.End}
		for _, s := range strings.Split(value, ",") {
			list.Elems = append(list.Elems, &policy.Node{Kind: policy.String, Text: strings.TrimSpace(s), Start: n.Start, End: n.End})
		}
		return list
	}
	return &policy.Node{Kind: policy.String, Text: value, Start: n.Start, End: n.End}
}

func (r *resolver) getAtt(n *policy.Node, res, attr string) *policy.Node {
	text := "${" + res + "." + attr + "}"
	typ, ok := r.t.resourceType(res)
	switch {
	case res == "" || attr == "":
		return r.unresolved(n, r.exprText(n, "Fn::GetAtt"), "Fn::GetAtt of a resource known only at deploy time")
	case !ok && r.t.transformed:
		return r.unresolved(n, text, "an attribute of "+res+", which the template's Transform adds")
	case !ok:
		r.problem(RuleTemplate, n.Start, "Fn::GetAtt names %s, which is not a resource of this template", res)
		return r.unresolved(n, text, res+" is not defined in this template")
	case typ == cfnMRAPType && attr == "Alias":
		return r.unresolved(n, text, "the alias AWS generates for "+res, ref{res, attr})
	}
	return r.unresolved(n, text, "an attribute AWS assigns to "+res+" at deploy time", ref{res, attr})
}

// subSegments splits an Fn::Sub template into literal text and variables,
// as ranges of the template: ${Name} and ${Res.Attr}; ${!Text} is the
// literal ${Text}.
type subSegment struct {
	start, end int    // in the template text
	name       string // the variable, "" for literal text
	literal    string // the text, for literal segments
}

func subSegments(s string) []subSegment {
	var out []subSegment
	lit := func(a, b int, text string) {
		if a < b {
			out = append(out, subSegment{start: a, end: b, literal: text})
		}
	}
	at := 0
	for {
		i := strings.Index(s[at:], "${")
		if i < 0 {
			lit(at, len(s), s[at:])
			return out
		}
		i += at
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			lit(at, len(s), s[at:])
			return out
		}
		j += i
		lit(at, i, s[at:i])
		name := strings.TrimSpace(s[i+2 : j])
		if strings.HasPrefix(name, "!") {
			out = append(out, subSegment{start: i, end: j + 1, literal: "${" + name[1:] + "}"})
		} else {
			out = append(out, subSegment{start: i, end: j + 1, name: name})
		}
		at = j + 1
	}
}

// subArgs splits Fn::Sub's argument into the template node and variables.
func subArgs(arg *policy.Node) (tmpl, vars *policy.Node) {
	if arg.Kind == policy.Array && len(arg.Elems) == 2 {
		return arg.Elems[0], arg.Elems[1]
	}
	return arg, nil
}

// subVar is the value of one Fn::Sub variable.
func (r *resolver) subVar(at *policy.Node, name string, vars *policy.Node) *policy.Node {
	if v := vars.Get(name); v != nil {
		if out, keep := r.resolve(v); keep {
			return out
		}
		return r.unresolved(at, "${"+name+"}", "AWS::NoValue")
	}
	if res, attr, ok := strings.Cut(name, "."); ok {
		return r.getAtt(at, res, attr)
	}
	v, keep := r.ref(at, name)
	if !keep {
		return r.unresolved(at, "${"+name+"}", "AWS::NoValue")
	}
	return v
}

func (r *resolver) sub(n, arg *policy.Node) *policy.Node {
	tmpl, vars := subArgs(arg)
	if tmpl.Kind != policy.String {
		return r.unresolved(n, r.exprText(n, "Fn::Sub"), "Fn::Sub of a template known only at deploy time")
	}
	var sb strBuilder
	var refs []ref
	for _, seg := range subSegments(tmpl.Text) {
		if seg.name == "" {
			sb.lit(seg.literal)
			continue
		}
		v := r.subVar(n, seg.name, vars)
		refs = append(refs, r.refs[v]...)
		if v.Kind != policy.String && v.Kind != policy.Unresolved {
			v = r.unresolved(n, "${"+seg.name+"}", seg.name+" is not a string")
		}
		sb.value(v, "${"+seg.name+"}")
	}
	out := sb.node(n.Start, n.End)
	if len(refs) > 0 {
		r.refs[out] = refs
	}
	return out
}

// subText maps an Fn::Sub whose template is a literal string (a policy
// written as JSON text) back to the file, with its variables as holes.
func (r *resolver) subText(arg *policy.Node) *mapped {
	tmpl, vars := subArgs(arg)
	if tmpl.Kind != policy.String {
		return nil
	}
	text := r.t.stringText(tmpl)
	if text == nil {
		return nil
	}
	m := &mapped{text: text.text, off: text.off}
	for _, seg := range subSegments(tmpl.Text) {
		switch {
		case seg.name != "":
			m.holes = append(m.holes, hole{start: seg.start, end: seg.end, value: r.subVar(tmpl, seg.name, vars)})
		case strings.HasPrefix(tmpl.Text[seg.start:], "${!"):
			m.holes = append(m.holes, hole{start: seg.start, end: seg.end,
				value: &policy.Node{Kind: policy.String, Text: seg.literal}})
		}
	}
	// Variables take the position of the expression in the file.
	for i := range m.holes {
		h := &m.holes[i]
		v := *h.value
		v.Start, v.End = r.t.src.pos(m.off[h.start]), r.t.src.pos(m.off[h.end])
		if refs, ok := r.refs[h.value]; ok {
			r.refs[&v] = refs
		}
		h.value = &v
	}
	return m
}

func (r *resolver) join(n, arg *policy.Node) *policy.Node {
	if arg.Kind != policy.Array || len(arg.Elems) != 2 {
		return r.unresolved(n, r.exprText(n, "Fn::Join"), "a malformed Fn::Join")
	}
	delim, ok := r.literal(arg.Elems[0])
	list, keep := r.resolve(arg.Elems[1])
	if !ok || !keep || list.Kind != policy.Array {
		return r.unresolved(n, r.exprText(n, "Fn::Join"), "Fn::Join of a list known only at deploy time")
	}
	var sb strBuilder
	var refs []ref
	for i, e := range list.Elems {
		if i > 0 {
			sb.lit(delim)
		}
		refs = append(refs, r.refs[e]...)
		if e.Kind != policy.String && e.Kind != policy.Unresolved {
			e = r.unresolved(e, "${...}", "a value that is not a string")
		}
		sb.value(e, e.Text)
	}
	out := sb.node(n.Start, n.End)
	if len(refs) > 0 {
		r.refs[out] = refs
	}
	return out
}

type condValue int

const (
	condUnknown condValue = iota
	condTrue
	condFalse
)

func boolCond(b bool) condValue {
	if b {
		return condTrue
	}
	return condFalse
}

// condition evaluates a named condition of the Conditions section.
func (r *resolver) condition(name string, depth int) condValue {
	c := r.t.conditions.Get(name)
	if c == nil || depth > 16 {
		return condUnknown
	}
	return r.condExpr(c, depth+1)
}

func (r *resolver) condExpr(n *policy.Node, depth int) condValue {
	if n.Kind != policy.Object || len(n.Members) != 1 || depth > 32 {
		return condUnknown
	}
	fn, arg := n.Members[0].Key, n.Members[0].Value
	if fn == "Condition" {
		name, _ := r.literal(arg)
		return r.condition(name, depth)
	}
	if arg.Kind != policy.Array {
		return condUnknown
	}
	switch fn {
	case "Fn::Equals":
		if len(arg.Elems) == 2 {
			a, okA := r.literal(arg.Elems[0])
			b, okB := r.literal(arg.Elems[1])
			if okA && okB {
				return boolCond(a == b)
			}
		}
	case "Fn::Not":
		if len(arg.Elems) == 1 {
			switch r.condExpr(arg.Elems[0], depth+1) {
			case condTrue:
				return condFalse
			case condFalse:
				return condTrue
			}
		}
	case "Fn::And", "Fn::Or":
		and := fn == "Fn::And"
		result := boolCond(and)
		for _, e := range arg.Elems {
			switch v := r.condExpr(e, depth+1); {
			case v == condUnknown:
				result = condUnknown
			case (v == condFalse) == and:
				return v
			}
		}
		return result
	}
	return condUnknown
}

// mrapName reads MrapName and reports what is wrong with it. It returns the
// logical ID of the MRAP resource it names, when it names one.
func (r *resolver) mrapName(n *policy.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	v, keep := r.resolve(n)
	if !keep {
		return "", false
	}
	refs := r.refs[v]
	if v.Kind == policy.String {
		if rule, msg := nameProblem("MrapName", v.Text); rule != "" {
			r.problem(rule, n.Start, "%s", msg)
			return "", false
		}
		if len(refs) == 1 {
			return refs[0].resource, true
		}
		// A literal name: the MRAP of the template with that Name.
		for _, m := range r.t.resources.Members {
			if typ := m.Value.Get("Type"); typ != nil && typ.Text == cfnMRAPType {
				if nm := m.Value.Get("Properties").Get("Name"); nm != nil {
					if s, ok := r.literal(nm); ok && s == v.Text {
						return m.Key, true
					}
				}
			}
		}
		return "", false
	}
	if len(refs) == 1 {
		rf := refs[0]
		typ, _ := r.t.resourceType(rf.resource)
		switch {
		case rf.attr == "Alias" && typ == cfnMRAPType:
			r.problem(RuleReference, n.Start, "MrapName is the alias of %s (%s); MrapName takes the name: use !Ref %s", rf.resource, v.Text, rf.resource)
		case rf.attr == "" && typ != cfnMRAPType && typ != "":
			r.problem(RuleReference, n.Start, "MrapName refers to %s, an %s; it must name an %s", rf.resource, typ, cfnMRAPType)
		case rf.attr == "" && typ == cfnMRAPType:
			return rf.resource, true
		}
	}
	return "", false
}

// cfnAlias finds Fn::GetAtt X.Alias in what an unresolved value is built
// from (Fn::Sub's ${X.Alias}, as the resolver writes every GetAtt).
// Compiled on first use (package init is start-up time for every command).
var cfnAlias = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{([A-Za-z0-9]+)\.Alias\}`) })

// checkAliases reports MRAP aliases in the policy that belong to an MRAP
// other than the one the policy is attached to.
func (r *resolver) checkAliases(doc *policy.Document, target string) {
	checkAliases(doc, target, cfnAlias(), func(res string) bool {
		typ, _ := r.t.resourceType(res)
		return typ == cfnMRAPType
	}, "(MrapName)")
}

func sortProblems(d *policy.Document) {
	slices.SortStableFunc(d.Problems, func(a, b policy.Problem) int { return a.Pos.Offset - b.Pos.Offset })
}
