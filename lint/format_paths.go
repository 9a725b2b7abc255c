package lint

import (
	"path/filepath"
	"strings"
)

// DefaultDocsURL is the rules catalog: one "## <rule id>" heading per
// built-in rule.
const DefaultDocsURL = "https://github.com/mrapguard/mrapguard/blob/main/docs/rules.md"

// repoPath returns file relative to the repository root with forward
// slashes, or ok=false for standard input and for files outside the root.
// Relative names are resolved against WorkDir (default RepoRoot); with no
// RepoRoot they are taken to be relative to the root already.
func (o FormatOptions) repoPath(file string) (p string, ok bool) {
	if file == StdinName || file == "" {
		return "", false
	}
	abs := file
	if !filepath.IsAbs(abs) {
		base := o.WorkDir
		if base == "" {
			base = o.RepoRoot
		}
		if base == "" {
			p = filepath.ToSlash(filepath.Clean(file))
			return p, p != ".." && !strings.HasPrefix(p, "../")
		}
		abs = filepath.Join(base, file)
	}
	if o.RepoRoot == "" {
		return "", false
	}
	rel, err := filepath.Rel(o.RepoRoot, abs)
	if err != nil {
		return "", false
	}
	p = filepath.ToSlash(rel)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// displayPath is how a file is named in CI outputs: relative to the
// repository root when it is inside it, else as given.
func (o FormatOptions) displayPath(file string) string {
	if p, ok := o.repoPath(file); ok {
		return p
	}
	return file
}

// absPath returns file as an absolute path, or "" for standard input.
func (o FormatOptions) absPath(file string) string {
	if file == StdinName || file == "" {
		return ""
	}
	if filepath.IsAbs(file) {
		return filepath.Clean(file)
	}
	base := o.WorkDir
	if base == "" {
		base = o.RepoRoot
	}
	if base == "" {
		return ""
	}
	return filepath.Join(base, file)
}

// uriPath percent-encodes a slash-separated path for a URI reference: every
// byte but unreserved characters (RFC 3986 §2.3) and "/" is encoded, so a
// ":" cannot pass for a scheme and "#", "?", "(", ")" and spaces cannot end
// a Markdown link or a SARIF URI early.
func uriPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// fileURI is the file:// URI of an absolute path; dir adds the trailing
// slash SARIF requires of base URIs.
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return "file://" + uriPath(p)
}

// ruleDocURL links a built-in rule to its heading in the catalog; user rules
// have no page.
func (o FormatOptions) ruleDocURL(ri RuleInfo) string {
	if !ri.Builtin {
		return ""
	}
	base := o.DocsURL
	if base == "" {
		base = DefaultDocsURL
	}
	return base + "#" + Anchor(ri.ID)
}

// ruleTable indexes the report's rules by ID and adds a stub for any rule a
// finding names that did not run (a filter may rewrite findings), so every
// finding has a rule.
func ruleTable(r *Report) ([]RuleInfo, map[string]int) {
	rules := append([]RuleInfo(nil), r.Rules...)
	idx := make(map[string]int, len(rules))
	for i, ri := range rules {
		idx[ri.ID] = i
	}
	for _, f := range r.Findings {
		if _, ok := idx[f.Rule]; !ok {
			idx[f.Rule] = len(rules)
			rules = append(rules, RuleInfo{ID: f.Rule, Severity: f.Severity, Default: f.Severity})
		}
	}
	return rules, idx
}
