package iac

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/mrapguard/mrapguard/policy"
)

// Terraform resource types this package reads.
const (
	tfPolicyType      = "aws_s3control_multi_region_access_point_policy"
	tfCCPolicyType    = "awscc_s3_multi_region_access_point_policy"
	tfMRAPType        = "aws_s3control_multi_region_access_point"
	tfCCMRAPType      = "awscc_s3_multi_region_access_point"
	tfPolicyDocType   = "aws_iam_policy_document"
	maxModuleFiles    = 200
	maxTerraformDepth = 64
)

// planHint is how to check what Terraform decides: the plan has the values.
const planHint = "terraform show -json PLANFILE > plan.json, then mrapguard lint plan.json"

// tfFile is one parsed .tf file.
type tfFile struct {
	src  *source
	body *hclsyntax.Body
}

// tfModule is the directory of .tf files a policy's references resolve in.
type tfModule struct {
	o     Options
	dir   string
	first *tfFile
	files []*tfFile               // the other .tf files, parsed when a reference needs them
	more  bool                    // the other files were read
	vars  map[string]*policy.Node // templatefile() variables
	extra []filedProblem          // problems found while building the current policy
}

// filedProblem is a problem and the file it is in: a policy may be built
// from another file of the module than the resource's.
type filedProblem struct {
	file string
	p    policy.Problem
}

func parseTF(name string, data []byte) (*tfFile, hcl.Diagnostics) {
	f, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos)
	if f == nil {
		return nil, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, diags
	}
	return &tfFile{src: newSource(name, data), body: body}, diags
}

func readTerraform(name string, data []byte, o Options) []*policy.Document {
	if len(data) > MaxFileBytes {
		return tooLarge(name)
	}
	f, diags := parseTF(name, data)
	if diags.HasErrors() || f == nil {
		src := newSource(name, data)
		d := diags[0]
		off := 0
		if d.Subject != nil {
			off = d.Subject.Start.Byte
		}
		return []*policy.Document{fileProblem(src, "", RuleTemplate, off,
			"the Terraform file does not parse: %s: %s", d.Summary, d.Detail)}
	}
	m := &tfModule{o: o, first: f}
	if name != "" && !strings.HasPrefix(name, "<") {
		m.dir = filepath.Dir(name)
	}
	var docs []*policy.Document
	for _, b := range f.body.Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 {
			continue
		}
		switch b.Labels[0] {
		case tfPolicyType:
			docs = append(docs, m.awsPolicy(f, b)...)
		case tfCCPolicyType:
			docs = append(docs, m.ccPolicy(f, b)...)
		}
	}
	return docs
}

// others parses the module's other .tf files once, for references.
func (m *tfModule) others() []*tfFile {
	if m.more || m.dir == "" {
		return m.files
	}
	m.more = true
	entries, err := os.ReadDir(m.dir)
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if len(m.files) >= maxModuleFiles {
			break
		}
		p := filepath.Join(m.dir, e.Name())
		if !strings.HasSuffix(e.Name(), ".tf") || filepath.Clean(p) == filepath.Clean(m.first.src.name) {
			continue
		}
		data, p, err := readReferenced(m.o.Root, m.dir, e.Name())
		if err != nil {
			continue
		}
		if f, diags := parseTF(p, data); f != nil && !diags.HasErrors() {
			m.files = append(m.files, f)
		}
	}
	return m.files
}

// block finds a block ("resource", "data") of the module by type and name.
func (m *tfModule) block(kind, typ, name string) (*tfFile, *hclsyntax.Block) {
	find := func(f *tfFile) *hclsyntax.Block {
		for _, b := range f.body.Blocks {
			if b.Type == kind && len(b.Labels) == 2 && b.Labels[0] == typ && b.Labels[1] == name {
				return b
			}
		}
		return nil
	}
	if b := find(m.first); b != nil {
		return m.first, b
	}
	for _, f := range m.others() {
		if b := find(f); b != nil {
			return f, b
		}
	}
	return nil, nil
}

// local finds the expression of local.NAME.
func (m *tfModule) local(name string) (*tfFile, hclsyntax.Expression) {
	for _, f := range append([]*tfFile{m.first}, m.others()...) {
		for _, b := range f.body.Blocks {
			if b.Type == "locals" {
				if a := b.Body.Attributes[name]; a != nil {
					return f, a.Expr
				}
			}
		}
	}
	return nil, nil
}

func address(b *hclsyntax.Block) string { return b.Labels[0] + "." + b.Labels[1] }

// awsPolicy reads aws_s3control_multi_region_access_point_policy: details
// { name, policy }.
func (m *tfModule) awsPolicy(f *tfFile, b *hclsyntax.Block) []*policy.Document {
	addr := address(b)
	var details *hclsyntax.Block
	for _, d := range b.Body.Blocks {
		if d.Type == "details" {
			details = d
			break
		}
	}
	if details == nil {
		return []*policy.Document{fileProblem(f.src, addr, RuleTemplate, b.TypeRange.Start.Byte, "%s has no details block with name and policy", addr)}
	}
	return m.policyResource(f, addr, details.Body, details.TypeRange, "name", "details.policy")
}

// ccPolicy reads awscc_s3_multi_region_access_point_policy: mrap_name and
// policy.
func (m *tfModule) ccPolicy(f *tfFile, b *hclsyntax.Block) []*policy.Document {
	return m.policyResource(f, address(b), b.Body, b.TypeRange, "mrap_name", "policy")
}

func (m *tfModule) policyResource(f *tfFile, addr string, body *hclsyntax.Body, at hcl.Range, nameAttr, policyAttr string) []*policy.Document {
	m.extra = nil
	attrName := policyAttr[strings.LastIndexByte(policyAttr, '.')+1:]
	pa := body.Attributes[attrName]
	if pa == nil {
		return []*policy.Document{fileProblem(f.src, addr, RuleTemplate, at.Start.Byte, "%s has no %s", addr, policyAttr)}
	}
	doc := m.policyDoc(f, pa.Expr, addr+"."+policyAttr, 0)
	if doc.Resource == "" {
		doc.Resource = addr
	}
	if na := body.Attributes[nameAttr]; na != nil {
		if target, ok := m.mrapName(f, na.Expr, nameAttr); ok {
			m.checkAliases(doc, target)
		}
	} else {
		m.problem(f, at.Start.Byte, RuleTemplate, "%s has no %s", addr, nameAttr)
	}
	docs := []*policy.Document{doc}
	others := map[string]*policy.Document{}
	for _, fp := range m.extra {
		if fp.file == doc.Name {
			doc.Problems = append(doc.Problems, fp.p)
			continue
		}
		// A problem in another file (the resource's, when the policy is in
		// a data source or a file of its own) is reported there.
		o := others[fp.file]
		if o == nil {
			o = &policy.Document{Name: fp.file, Resource: addr}
			others[fp.file] = o
			docs = append(docs, o)
		}
		o.Problems = append(o.Problems, fp.p)
	}
	for _, d := range docs {
		sortProblems(d)
	}
	return docs
}

// problem records a problem at a byte offset of a file.
func (m *tfModule) problem(f *tfFile, off int, rule, format string, args ...any) {
	m.extra = append(m.extra, filedProblem{f.src.name, policy.Problem{Rule: rule, Message: fmt.Sprintf(format, args...), Pos: f.src.pos(off)}})
}

// policyDoc builds the Document for a policy expression. via names the
// attribute, for policies read from another file.
func (m *tfModule) policyDoc(f *tfFile, expr hclsyntax.Expression, via string, depth int) *policy.Document {
	opts := m.o.Policy
	name := f.src.name
	if depth > 8 {
		return policy.Build(name, nil, m.unresolved(f, expr, "references nested deeper than this reader follows"), opts)
	}
	switch e := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		return m.policyDoc(f, e.Expression, via, depth+1)
	case *hclsyntax.TemplateWrapExpr:
		return m.policyDoc(f, e.Wrapped, via, depth+1)
	case *hclsyntax.FunctionCallExpr:
		switch {
		case e.Name == "jsonencode" && len(e.Args) == 1 && !e.ExpandFinal:
			return policy.Build(name, nil, m.value(f, e.Args[0], 0), opts)
		case (e.Name == "file" && len(e.Args) == 1) || (e.Name == "templatefile" && len(e.Args) == 2):
			return m.fileDoc(f, e, via)
		}
	case *hclsyntax.TemplateExpr:
		if mt := m.templateText(f, e); mt != nil {
			return parseEmbedded(f.src, name, mt, opts)
		}
	case *hclsyntax.ScopeTraversalExpr:
		tr := e.Traversal
		switch {
		case len(tr) >= 4 && tr.RootName() == "data" && attrName(tr[1]) == tfPolicyDocType &&
			(attrName(tr[3]) == "json" || attrName(tr[3]) == "minified_json"):
			if df, db := m.block("data", tfPolicyDocType, attrName(tr[2])); db != nil {
				d := policy.Build(df.src.name, nil, m.policyDocument(df, db, 0), opts)
				d.Resource = "data." + tfPolicyDocType + "." + attrName(tr[2]) + " (" + via + ")"
				return d
			}
			m.problem(f, e.SrcRange.Start.Byte, RuleTemplate, "%s: no data %q %q in this module", via, tfPolicyDocType, attrName(tr[2]))
		case len(tr) == 2 && tr.RootName() == "local":
			if lf, le := m.local(attrName(tr[1])); le != nil {
				return m.policyDoc(lf, le, via, depth+1)
			}
		}
	}
	return policy.Build(name, nil, m.value(f, expr, 0), opts)
}

// fileDoc reads file("PATH") or templatefile("PATH", VARS) with a literal
// path, inside the tree being linted.
func (m *tfModule) fileDoc(f *tfFile, call *hclsyntax.FunctionCallExpr, via string) *policy.Document {
	at := call.Range().Start.Byte
	where := fmt.Sprintf("%s at %s:%d", via, f.src.name, f.src.pos(at).Line)
	p, ok := m.literalPath(f, call.Args[0])
	if !ok {
		return policy.Build(f.src.name, nil, m.unresolved(f, call, call.Name+"() of a path known only to Terraform"), m.o.Policy)
	}
	data, name, err := readReferenced(m.o.Root, m.dir, p)
	if err != nil {
		ar := call.Args[0].Range()
		why := err.Error()
		if errors.Is(err, errOutside) {
			why = fmt.Sprintf("%s is outside the tree being linted (%s); mrapguard never reads it", name, treeName(m.o.Root))
		}
		return fileProblem(f.src, addressOf(via), RuleTemplate, at, "%s: %s(%s): %s", via, call.Name, f.src.data[ar.Start.Byte:ar.End.Byte], why)
	}
	if call.Name == "file" {
		d := policy.Parse(name, data, m.o.Policy)
		d.Resource = where
		return d
	}
	// templatefile: the file is an HCL template; its variables come from
	// the literal map of the call, when it is one.
	tf, diags := hclsyntax.ParseTemplate(data, name, hcl.InitialPos)
	src := newSource(name, data)
	if diags.HasErrors() {
		d := diags[0]
		off := 0
		if d.Subject != nil {
			off = d.Subject.Start.Byte
		}
		return fileProblem(src, where, RuleTemplate, off, "the template does not parse: %s: %s", d.Summary, d.Detail)
	}
	vars := map[string]*policy.Node{}
	if obj, ok := call.Args[1].(*hclsyntax.ObjectConsExpr); ok {
		for _, it := range obj.Items {
			if k, ok := objectKey(it.KeyExpr); ok {
				vars[k] = m.value(f, it.ValueExpr, 0)
			}
		}
	}
	tm := &tfModule{o: m.o, dir: filepath.Dir(name), first: &tfFile{src: src}, more: true}
	tm.vars = vars
	var mt *mapped
	switch e := tf.(type) {
	case *hclsyntax.TemplateExpr:
		mt = tm.templateText(tm.first, e)
	case *hclsyntax.TemplateWrapExpr:
		v := tm.value(tm.first, e.Wrapped, 0)
		mt = &mapped{}
		mt.addHole(data, 0, v)
		mt.finish(len(data))
	case *hclsyntax.LiteralValueExpr:
		mt = &mapped{}
		mt.addRaw(data, 0)
		mt.finish(len(data))
	}
	var d *policy.Document
	if mt == nil {
		d = policy.Build(name, nil, tm.unresolved(tm.first, tf, "template directives (%{...}) are evaluated by Terraform"), m.o.Policy)
	} else {
		d = parseEmbedded(src, name, mt, m.o.Policy)
	}
	d.Resource = where
	return d
}

// addressOf is the resource address of an attribute path
// ("aws_x.name.details.policy" → "aws_x.name").
func addressOf(attrPath string) string {
	parts := strings.SplitN(attrPath, ".", 3)
	if len(parts) < 2 {
		return attrPath
	}
	return parts[0] + "." + parts[1]
}

// literalPath returns the path a file() argument names when it is literal:
// "x.json", "${path.module}/x.json", path.module joined with literal text.
func (m *tfModule) literalPath(f *tfFile, e hclsyntax.Expression) (string, bool) {
	var b strings.Builder
	var parts []hclsyntax.Expression
	switch t := e.(type) {
	case *hclsyntax.TemplateExpr:
		parts = t.Parts
	case *hclsyntax.LiteralValueExpr:
		parts = []hclsyntax.Expression{t}
	default:
		return "", false
	}
	for i, p := range parts {
		switch t := p.(type) {
		case *hclsyntax.LiteralValueExpr:
			if t.Val.Type() != cty.String || t.Val.IsNull() {
				return "", false
			}
			b.WriteString(t.Val.AsString())
		case *hclsyntax.ScopeTraversalExpr:
			// path.module and path.root are the module's directory: the
			// path stays relative to it.
			if i != 0 || len(t.Traversal) != 2 || t.Traversal.RootName() != "path" ||
				(attrName(t.Traversal[1]) != "module" && attrName(t.Traversal[1]) != "root") {
				return "", false
			}
			b.WriteString(".")
		default:
			return "", false
		}
	}
	return b.String(), true
}

// templateText maps a template (a quoted string or a heredoc) to the file,
// with its interpolations as holes; nil when it holds template directives
// (%{if}, %{for}), whose output this reader does not compute.
func (m *tfModule) templateText(f *tfFile, e *hclsyntax.TemplateExpr) *mapped {
	data := f.src.data
	heredoc := strings.HasPrefix(string(data[e.SrcRange.Start.Byte:]), "<<")
	mt := &mapped{}
	for i, p := range e.Parts {
		r := p.Range()
		lit, ok := p.(*hclsyntax.LiteralValueExpr)
		if ok && lit.Val.Type() == cty.String && !lit.Val.IsNull() {
			raw := data[r.Start.Byte:r.End.Byte]
			if !addTemplateLiteral(mt, raw, r.Start.Byte, lit.Val.AsString(), heredoc) {
				mt.add([]byte(lit.Val.AsString()), r.Start.Byte)
			}
			continue
		}
		// An interpolation: from its "${" to its "}".
		lo := e.SrcRange.Start.Byte
		if i > 0 {
			lo = e.Parts[i-1].Range().End.Byte
		}
		hi := e.SrcRange.End.Byte
		if i+1 < len(e.Parts) {
			hi = e.Parts[i+1].Range().Start.Byte
		}
		open := strings.LastIndex(string(data[lo:r.Start.Byte]), "${")
		if open < 0 {
			return nil // %{ directive }
		}
		open += lo
		closing := strings.IndexByte(string(data[r.End.Byte:hi]), '}')
		if closing < 0 {
			return nil
		}
		end := r.End.Byte + closing + 1
		v := m.value(f, p, 0)
		mt.addHole(data[open:end], open, v)
	}
	mt.finish(e.SrcRange.End.Byte)
	return mt
}

// addTemplateLiteral maps a literal part of a template byte by byte: a
// heredoc's bytes are as written but for $${ and %%{; a quoted string also
// has backslash escapes. It returns false when the decoded text is not the
// part's value (the caller then maps the part to its start).
func addTemplateLiteral(mt *mapped, raw []byte, at int, want string, heredoc bool) bool {
	var part mapped
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case (c == '$' || c == '%') && i+2 < len(raw) && raw[i+1] == c && raw[i+2] == '{':
			part.add([]byte{c, '{'}, at+i)
			i += 3
		case c == '\\' && !heredoc && i+1 < len(raw):
			simple := map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', '"': '"', '\\': '\\'}
			if b, ok := simple[raw[i+1]]; ok {
				part.add([]byte{b}, at+i)
				i += 2
				continue
			}
			b, n := yamlEscape(raw[i:]) // \uXXXX and \UXXXXXXXX as in YAML
			if n == 0 {
				return false
			}
			part.add(b, at+i)
			i += n
		default:
			part.addRaw(raw[i:i+1], at+i)
			i++
		}
	}
	if heredoc {
		// <<- strips indentation, which JSON does not mind: keep the bytes
		// as written so positions stay exact.
		mt.text = append(mt.text, part.text...)
		mt.off = append(mt.off, part.off...)
		return true
	}
	if string(part.text) != want {
		return false
	}
	mt.text = append(mt.text, part.text...)
	mt.off = append(mt.off, part.off...)
	return true
}

// unresolved is an Unresolved node for an expression, with its source text.
func (m *tfModule) unresolved(f *tfFile, e hclsyntax.Expression, why string) *policy.Node {
	r := e.Range()
	text := strings.Join(strings.Fields(string(f.src.data[r.Start.Byte:r.End.Byte])), " ")
	return &policy.Node{Kind: policy.Unresolved, Text: text, Start: f.src.pos(r.Start.Byte), End: f.src.pos(r.End.Byte),
		Expr: &policy.Expr{Why: why}}
}

// value turns an expression into a policy tree, without evaluating it:
// literals, objects, tuples and templates are walked; references resolve
// where this package knows them; anything else is Unresolved.
func (m *tfModule) value(f *tfFile, expr hclsyntax.Expression, depth int) *policy.Node {
	r := expr.Range()
	start, end := f.src.pos(r.Start.Byte), f.src.pos(r.End.Byte)
	if depth > maxTerraformDepth {
		return m.unresolved(f, expr, "nested deeper than this reader follows")
	}
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return m.literal(f, e, start, end)
	case *hclsyntax.ParenthesesExpr:
		return m.value(f, e.Expression, depth+1)
	case *hclsyntax.TemplateWrapExpr:
		return m.value(f, e.Wrapped, depth+1)
	case *hclsyntax.TemplateExpr:
		var sb strBuilder
		for _, p := range e.Parts {
			if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && !lit.Val.IsNull() {
				sb.lit(lit.Val.AsString())
				continue
			}
			pr := p.Range()
			if strings.HasPrefix(string(f.src.data[max(0, pr.Start.Byte-2):pr.Start.Byte]), "%{") ||
				strings.HasPrefix(string(f.src.data[pr.Start.Byte:]), "%{") {
				return m.unresolved(f, expr, "template directives (%{...}) are evaluated by Terraform")
			}
			v := m.value(f, p, depth+1)
			sb.value(v, "${"+v.Text+"}")
		}
		return sb.node(start, end)
	case *hclsyntax.TupleConsExpr:
		out := &policy.Node{Kind: policy.Array, Start: start, End: end}
		for _, x := range e.Exprs {
			out.Elems = append(out.Elems, m.value(f, x, depth+1))
		}
		return out
	case *hclsyntax.ObjectConsExpr:
		out := &policy.Node{Kind: policy.Object, Start: start, End: end}
		for _, it := range e.Items {
			k, ok := objectKey(it.KeyExpr)
			if !ok {
				kr := it.KeyExpr.Range()
				m.problem(f, kr.Start.Byte, policy.RuleUnresolved, "not checked: the key %s and its value (a key known only to Terraform)",
					strings.Join(strings.Fields(string(f.src.data[kr.Start.Byte:kr.End.Byte])), " "))
				continue
			}
			out.Members = append(out.Members, policy.Member{Key: k, KeyPos: f.src.pos(it.KeyExpr.Range().Start.Byte),
				Value: m.value(f, it.ValueExpr, depth+1)})
		}
		return out
	case *hclsyntax.ScopeTraversalExpr:
		return m.traversal(f, e, depth)
	case *hclsyntax.FunctionCallExpr:
		return m.unresolved(f, expr, "function calls such as "+e.Name+"() are evaluated by Terraform; "+planHint)
	case *hclsyntax.ConditionalExpr:
		return m.unresolved(f, expr, "a conditional evaluated by Terraform; "+planHint)
	case *hclsyntax.ForExpr:
		return m.unresolved(f, expr, "a for expression evaluated by Terraform; "+planHint)
	}
	return m.unresolved(f, expr, "an expression evaluated by Terraform; "+planHint)
}

func (m *tfModule) literal(f *tfFile, e *hclsyntax.LiteralValueExpr, start, end policy.Pos) *policy.Node {
	v := e.Val
	switch {
	case v.IsNull():
		return &policy.Node{Kind: policy.Null, Start: start, End: end}
	case v.Type() == cty.String:
		return &policy.Node{Kind: policy.String, Text: v.AsString(), Start: start, End: end}
	case v.Type() == cty.Bool:
		return &policy.Node{Kind: policy.Bool, Text: fmt.Sprint(v.True()), Start: start, End: end}
	case v.Type() == cty.Number:
		text := string(f.src.data[e.SrcRange.Start.Byte:e.SrcRange.End.Byte])
		if !jsonNumber().MatchString(text) {
			text = v.AsBigFloat().Text('g', -1)
		}
		return &policy.Node{Kind: policy.Number, Text: text, Start: start, End: end}
	}
	return m.unresolved(f, e, "a value that is not JSON")
}

// objectKey returns an object constructor's key when it is literal: a bare
// name or a quoted string without interpolation.
func objectKey(e hclsyntax.Expression) (string, bool) {
	k, ok := e.(*hclsyntax.ObjectConsKeyExpr)
	if !ok {
		return "", false
	}
	if !k.ForceNonLiteral {
		if kw := hcl.ExprAsKeyword(k.Wrapped); kw != "" {
			return kw, true
		}
	}
	if t, ok := k.Wrapped.(*hclsyntax.TemplateExpr); ok {
		var b strings.Builder
		for _, p := range t.Parts {
			lit, ok := p.(*hclsyntax.LiteralValueExpr)
			if !ok || lit.Val.Type() != cty.String || lit.Val.IsNull() {
				return "", false
			}
			b.WriteString(lit.Val.AsString())
		}
		return b.String(), true
	}
	return "", false
}

func attrName(t hcl.Traverser) string {
	switch s := t.(type) {
	case hcl.TraverseRoot:
		return s.Name
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String {
			return s.Key.AsString()
		}
	}
	return ""
}

// mrapRef recognises a reference to an MRAP resource's alias or name.
func mrapRef(tr hcl.Traversal) (ref, bool) {
	if len(tr) < 3 || (tr.RootName() != tfMRAPType && tr.RootName() != tfCCMRAPType) {
		return ref{}, false
	}
	res := tr.RootName() + "." + attrName(tr[1])
	return ref{resource: res, attr: attrName(tr[len(tr)-1])}, true
}

// traversal resolves a reference: the account, partition and Region data
// sources from Options, local values, and MRAP aliases as Unresolved nodes
// that remember the MRAP.
func (m *tfModule) traversal(f *tfFile, e *hclsyntax.ScopeTraversalExpr, depth int) *policy.Node {
	tr := e.Traversal
	r := e.SrcRange
	str := func(s string) *policy.Node {
		return &policy.Node{Kind: policy.String, Text: s, Start: f.src.pos(r.Start.Byte), End: f.src.pos(r.End.Byte)}
	}
	root := tr.RootName()
	last := attrName(tr[len(tr)-1])
	switch {
	case root == "data" && len(tr) == 4 && attrName(tr[1]) == "aws_caller_identity" && last == "account_id":
		if m.o.Account != "" {
			return str(m.o.Account)
		}
		return m.unresolved(f, e, "the account Terraform runs as: give --account")
	case root == "data" && len(tr) == 4 && attrName(tr[1]) == "aws_partition" && last == "partition":
		return str(partition(m.o.Region))
	case root == "data" && len(tr) == 4 && attrName(tr[1]) == "aws_partition" && last == "dns_suffix":
		return str("amazonaws.com")
	case root == "data" && len(tr) == 4 && attrName(tr[1]) == "aws_region" && (last == "name" || last == "region"):
		if m.o.Region != "" {
			return str(m.o.Region)
		}
		return m.unresolved(f, e, "the provider's Region: give --region")
	case root == "local" && len(tr) == 2:
		if lf, le := m.local(attrName(tr[1])); le != nil {
			v := m.value(lf, le, depth+1)
			if v.Kind == policy.String || v.Kind == policy.Number || v.Kind == policy.Bool {
				// A local's value, at the place it is used.
				c := *v
				c.Start, c.End = f.src.pos(r.Start.Byte), f.src.pos(r.End.Byte)
				return &c
			}
			return v
		}
	case root == "var":
		if v, ok := m.vars[attrName(tr[1])]; ok && len(tr) == 2 {
			c := *v
			c.Start, c.End = f.src.pos(r.Start.Byte), f.src.pos(r.End.Byte)
			return &c
		}
		return m.unresolved(f, e, "a Terraform variable; to check its value, lint the plan: "+planHint)
	case m.vars != nil && len(tr) == 1:
		// templatefile() variables are bare names.
		if v, ok := m.vars[root]; ok {
			c := *v
			c.Start, c.End = f.src.pos(r.Start.Byte), f.src.pos(r.End.Byte)
			return &c
		}
		return m.unresolved(f, e, "a templatefile() variable the call does not give literally")
	}
	if rf, ok := mrapRef(tr); ok && rf.attr == "alias" {
		return m.unresolved(f, e, "the alias AWS generates for "+rf.resource+" (known after apply)")
	}
	return m.unresolved(f, e, "known only when Terraform plans or applies; "+planHint)
}

// mrapName checks the attribute that names the MRAP a policy is for, and
// returns the address of the MRAP resource it names, when it names one.
func (m *tfModule) mrapName(f *tfFile, e hclsyntax.Expression, attr string) (string, bool) {
	r := e.Range()
	if v := m.value(f, e, 0); v.Kind == policy.String {
		if rule, msg := nameProblem(attr, v.Text); rule != "" {
			m.problem(f, r.Start.Byte, rule, "%s", msg)
			return "", false
		}
		// A literal name: the MRAP of the module with that name.
		for _, file := range append([]*tfFile{m.first}, m.others()...) {
			for _, b := range file.body.Blocks {
				if b.Type == "resource" && len(b.Labels) == 2 && (b.Labels[0] == tfMRAPType || b.Labels[0] == tfCCMRAPType) {
					if n := mrapNameOf(file, b); n == v.Text {
						return address(b), true
					}
				}
			}
		}
		return "", false
	}
	// An expression: the MRAP resources it refers to.
	var targets []ref
	for _, tr := range e.Variables() {
		if rf, ok := mrapRef(tr); ok {
			targets = append(targets, rf)
		} else if len(tr) >= 3 && !slices.Contains([]string{"var", "local", "data", "path", "module", "each", "count", "terraform", "self"}, tr.RootName()) {
			m.problem(f, r.Start.Byte, RuleReference, "%s refers to %s.%s, which is not a Multi-Region Access Point (%s or %s)",
				attr, tr.RootName(), attrName(tr[1]), tfMRAPType, tfCCMRAPType)
			return "", false
		}
	}
	if len(targets) != 1 {
		return "", false
	}
	if targets[0].attr == "alias" {
		m.problem(f, r.Start.Byte, RuleReference, "%s is the alias of %s; it takes the name (%s)", attr, targets[0].resource, nameHint(targets[0].resource))
		return "", false
	}
	return targets[0].resource, true
}

func nameHint(res string) string {
	if strings.HasPrefix(res, tfCCMRAPType+".") {
		return res + ".name"
	}
	return res + ".details[0].name"
}

// mrapNameOf returns the literal name of an MRAP resource block.
func mrapNameOf(f *tfFile, b *hclsyntax.Block) string {
	body := b.Body
	if b.Labels[0] == tfMRAPType {
		body = nil
		for _, d := range b.Body.Blocks {
			if d.Type == "details" {
				body = d.Body
			}
		}
	}
	if body == nil || body.Attributes["name"] == nil {
		return ""
	}
	if lit, ok := body.Attributes["name"].Expr.(*hclsyntax.TemplateExpr); ok && len(lit.Parts) == 1 {
		if v, ok := lit.Parts[0].(*hclsyntax.LiteralValueExpr); ok && v.Val.Type() == cty.String {
			return v.Val.AsString()
		}
	}
	return ""
}

// tfAlias finds the alias attribute of an MRAP resource in an expression.
// Compiled on first use (package init is start-up time for every command).
var tfAlias = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b((?:` + tfMRAPType + `|` + tfCCMRAPType + `)\.[A-Za-z0-9_-]+)\.alias\b`)
})

// checkAliases reports aliases in the policy of MRAPs other than target.
func (m *tfModule) checkAliases(doc *policy.Document, target string) {
	checkAliases(doc, target, tfAlias(), func(string) bool { return true }, "")
}
