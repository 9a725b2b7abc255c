// Package config owns mrapguard.yaml: rule settings, audited suppressions,
// trusted accounts and the targets that plan and apply handle. It is found by
// walking up from the working directory, or given with --config.
//
// Every suppression names the rule it silences and why; it may expire, and an
// expired suppression stops working and becomes a finding itself, so
// exceptions are reviewed instead of forgotten.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mrapguard/mrapguard/internal/awsid"
	"github.com/mrapguard/mrapguard/internal/safefile"
	"github.com/mrapguard/mrapguard/internal/suggest"
	"github.com/mrapguard/mrapguard/lint"
)

// FileName is the name searched for upward from the working directory.
const FileName = "mrapguard.yaml"

// Config is a parsed mrapguard.yaml.
type Config struct {
	Path string `yaml:"-"` // the file it was read from; "" when there is none
	Dir  string `yaml:"-"` // its directory (absolute); relative paths in it start here

	Rules           map[string]RuleConfig `yaml:"rules"`
	Ignore          []Ignore              `yaml:"ignore"`
	TrustedAccounts []string              `yaml:"trusted_accounts"`
	Targets         []Target              `yaml:"targets"`
}

// RuleConfig changes one rule.
type RuleConfig struct {
	Disabled bool   `yaml:"disabled"`
	Severity string `yaml:"severity"`
}

// Ignore suppresses a rule's findings, for one file (glob) and/or one Sid.
type Ignore struct {
	Rule    string `yaml:"rule"`
	File    string `yaml:"file"`    // glob relative to the config's directory; ** matches any depth
	Sid     string `yaml:"sid"`     // only findings in the statement with this Sid
	Reason  string `yaml:"reason"`  // required: why this is acceptable
	Expires string `yaml:"expires"` // YYYY-MM-DD; the ignore works through that day
	Line    int    `yaml:"-"`       // position in the config file
	Column  int    `yaml:"-"`
	expires time.Time
}

// Target is one MRAP that plan and apply manage.
type Target struct {
	Account string `yaml:"account"`
	Name    string `yaml:"name"`
	Policy  string `yaml:"policy"` // path relative to the config's directory
	Line    int    `yaml:"-"`
}

// RuleIgnoreExpired is the finding for an expired ignore; lint describes
// it with mrapguard's other own findings.
const RuleIgnoreExpired = lint.RuleIgnoreExpired

// MaxBytes is the most of a configuration file that is read.
const MaxBytes = 1 << 20

// Find looks for mrapguard.yaml in dir and its parents up to the
// repository root (the nearest directory holding .git): a file above the
// repository is not the repository's to obey. Outside a repository it
// looks up to the file system root. It returns "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	stop := safefile.RepoRoot(dir)
	for {
		p := filepath.Join(dir, FileName)
		if _, err := os.Lstat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("look for %s: %w", FileName, err)
		}
		parent := filepath.Dir(dir)
		if parent == dir || dir == stop {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and validates a config file. It is read like any file of the
// checked-out tree (internal/safefile): a regular file of at most MaxBytes
// that, if in the repository, does not link out of it. os.DevNull is the
// empty configuration.
func Load(file string) (*Config, error) {
	if file == os.DevNull {
		// --config /dev/null: no settings, not even a found file's.
		return &Config{}, nil
	}
	b, err := safefile.ReadFile(file, "", "configuration file", MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	c.Path = file
	c.Dir = filepath.Dir(abs)
	if err := c.checkTargets(); err != nil {
		return nil, fmt.Errorf("config %s: %w", file, err)
	}
	return c, nil
}

// checkTargets refuses target policy files outside the configuration's
// repository (or, outside a repository, its directory): the configuration
// may come from a pull request, and plan and apply read, lint and put
// those files.
func (c *Config) checkTargets() error {
	root := safefile.RepoRoot(c.Dir)
	if root == "" {
		root = c.Dir
	}
	var problems []string
	for _, t := range c.Targets {
		p := c.ResolvePolicy(t)
		if rel, err := filepath.Rel(root, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			problems = append(problems, fmt.Sprintf("line %d: target: policy %q is outside %s; policy files must be inside the repository", t.Line, t.Policy, root))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Parse parses and validates config text. Unknown keys are errors: a typo
// must not silently turn a setting off.
func Parse(b []byte) (*Config, error) {
	c := &Config{}
	if len(bytes.TrimSpace(b)) == 0 {
		return c, nil
	}
	// Keys first, with what was probably meant; then the values.
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, yamlError(err)
	}
	if len(root.Content) == 1 {
		if err := checkKeys(root.Content[0], "rules", "ignore", "trusted_accounts", "targets"); err != nil {
			return nil, err
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(err)
	}
	var problems []string
	for id, rc := range c.Rules {
		if rc.Severity != "" {
			if s, err := lint.ParseSeverity(rc.Severity); err != nil || s == lint.SeverityNone {
				problems = append(problems, fmt.Sprintf("rules.%s.severity: %q is not error, warning or info", id, rc.Severity))
			}
		}
	}
	for i := range c.Ignore {
		ig := &c.Ignore[i]
		where := fmt.Sprintf("line %d: ignore", ig.Line)
		if ig.Rule == "" {
			problems = append(problems, where+": rule is required")
		}
		if strings.TrimSpace(ig.Reason) == "" {
			problems = append(problems, where+": reason is required (say why the finding is acceptable)")
		}
		if ig.File != "" {
			if _, err := path.Match(strings.ReplaceAll(ig.File, "**", "x"), ""); err != nil {
				problems = append(problems, fmt.Sprintf("%s: file %q is not a valid glob", where, ig.File))
			}
		}
		if ig.Expires != "" {
			t, err := time.Parse(time.DateOnly, ig.Expires)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: expires %q is not a date like 2027-01-31", where, ig.Expires))
			}
			ig.expires = t
		}
	}
	for _, a := range c.TrustedAccounts {
		if !awsid.Account(a) {
			problems = append(problems, fmt.Sprintf("trusted_accounts: %q is not a 12-digit account ID", a))
		}
	}
	seen := map[string]int{}
	for _, t := range c.Targets {
		where := fmt.Sprintf("line %d: target", t.Line)
		if !awsid.Account(t.Account) {
			problems = append(problems, fmt.Sprintf("%s: account %q is not a 12-digit account ID (quote it in YAML)", where, t.Account))
		}
		if !awsid.MRAPName(t.Name) {
			problems = append(problems, fmt.Sprintf("%s: name %q is not an MRAP name (3-50 characters: a-z, 0-9, -)", where, t.Name))
		}
		if t.Policy == "" {
			problems = append(problems, where+": policy (the policy file) is required")
		}
		key := t.Account + "/" + t.Name
		if prev, dup := seen[key]; dup {
			problems = append(problems, fmt.Sprintf("%s: %s is already a target on line %d", where, key, prev))
		}
		seen[key] = t.Line
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "; "))
	}
	return c, nil
}

// yamlError says what is wrong with the YAML in the file's terms: which
// line, what was expected there and what was found, without the decoder's
// Go type names.
func yamlError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if msg, ok := strings.CutPrefix(err.Error(), "yaml: "); ok {
			return fmt.Errorf("%s (not valid YAML)", msg)
		}
		return err // from an UnmarshalYAML of ours: already in the file's terms
	}
	msgs := make([]string, len(te.Errors))
	for i, e := range te.Errors {
		msgs[i] = e
		m := typeErrorRe().FindStringSubmatch(e)
		if m == nil {
			continue
		}
		found := map[string]string{"seq": "a list", "map": "a mapping", "str": "text", "int": "a number", "float": "a number", "bool": "true or false", "null": "nothing"}[m[2]]
		if found == "" {
			found = "a " + m[2]
		}
		if m[3] != "" {
			found += " (" + m[3] + ")"
		}
		want, ok := expectedValues[m[4]]
		if !ok {
			want = "another kind of value"
		}
		msgs[i] = fmt.Sprintf("line %s: expected %s, found %s", m[1], want, found)
	}
	return errors.New(strings.Join(msgs, "; "))
}

// typeErrorRe reads the decoder's "line N: cannot unmarshal !!KIND `VALUE`
// into GOTYPE".
// Compiled on first use (package init is start-up time for every command).
var typeErrorRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile("^line ([0-9]+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
})

// expectedValues describes the Go types of Config as the file spells them.
var expectedValues = map[string]string{
	"config.Config":                "a mapping of settings (rules, ignore, trusted_accounts, targets)",
	"map[string]config.RuleConfig": "a mapping of rule IDs to settings, such as action/wildcard: {severity: error}",
	"config.RuleConfig":            "a mapping with disabled and severity, such as {disabled: true}",
	"[]config.Ignore":              "a list of ignores (- rule: …, reason: …)",
	"config.Ignore":                "a mapping with rule, file, sid, reason and expires",
	"[]config.Target":              "a list of targets (- account: …, name: …, policy: …)",
	"config.Target":                "a mapping with account, name and policy",
	"[]string":                     "a list of strings",
	"string":                       "text",
	"bool":                         "true or false",
}

// UnmarshalYAML checks the keys of a rule's settings.
func (rc *RuleConfig) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, "disabled", "severity"); err != nil {
		return err
	}
	type plain RuleConfig
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*rc = RuleConfig(p)
	return nil
}

// UnmarshalYAML records the line of each ignore entry for findings about it.
func (ig *Ignore) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, "rule", "file", "sid", "reason", "expires"); err != nil {
		return err
	}
	type plain Ignore
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*ig = Ignore(p)
	ig.Line, ig.Column = n.Line, n.Column
	return nil
}

// UnmarshalYAML records the line of each target.
func (t *Target) UnmarshalYAML(n *yaml.Node) error {
	if err := checkKeys(n, "account", "name", "policy"); err != nil {
		return err
	}
	type plain Target
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*t = Target(p)
	t.Line = n.Line
	return nil
}

// checkKeys rejects unknown keys in a mapping: Node.Decode does not apply the
// decoder's KnownFields setting inside custom unmarshalers.
func checkKeys(n *yaml.Node, allowed ...string) error {
	if n.Kind != yaml.MappingNode {
		return nil // Decode reports the type error
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(allowed, k.Value) {
			mean := ""
			if s := suggest.Closest(k.Value, allowed); s != "" {
				mean = fmt.Sprintf("; did you mean %q?", s)
			}
			return fmt.Errorf("line %d: unknown key %q%s (valid: %s)", k.Line, k.Value, mean, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// RuleSettings converts the rules section for the lint engine.
func (c *Config) RuleSettings() map[string]lint.RuleSetting {
	if c == nil || len(c.Rules) == 0 {
		return nil
	}
	out := make(map[string]lint.RuleSetting, len(c.Rules))
	for id, rc := range c.Rules {
		s := lint.RuleSetting{Disabled: rc.Disabled}
		if rc.Severity != "" {
			s.Severity, _ = lint.ParseSeverity(rc.Severity)
		}
		out[id] = s
	}
	return out
}

// Data is what the config contributes to the rules' data document.
func (c *Config) Data() map[string]any {
	if c == nil || c.TrustedAccounts == nil {
		return nil
	}
	accts := make([]any, len(c.TrustedAccounts))
	for i, a := range c.TrustedAccounts {
		accts[i] = a
	}
	return map[string]any{"mrapguard": map[string]any{"trusted_accounts": accts}}
}

// CheckRules reports ignores that name a rule that does not exist, which
// would otherwise silently suppress nothing.
func (c *Config) CheckRules(known []lint.RuleInfo) error {
	if c == nil {
		return nil
	}
	var ids []string
	for _, r := range known {
		ids = append(ids, r.ID)
	}
	for _, ig := range c.Ignore {
		if err := lint.CheckConfigurable(ig.Rule); err != nil {
			return fmt.Errorf("config %s: line %d: ignore: %w", c.Path, ig.Line, err)
		}
		if !slices.Contains(ids, ig.Rule) {
			mean := ""
			if s := suggest.Closest(ig.Rule, ids); s != "" {
				mean = fmt.Sprintf("; did you mean %q?", s)
			}
			return fmt.Errorf("config %s: line %d: ignore names rule %q, which does not exist%s (see mrapguard rules list)", c.Path, ig.Line, ig.Rule, mean)
		}
	}
	return nil
}

// Suppress separates the findings that an active ignore covers (returned
// as suppressed, each with its Suppression) and adds a finding for each
// expired ignore. now is the current time (injected).
func (c *Config) Suppress(findings []lint.Finding, now time.Time) (kept, suppressed []lint.Finding) {
	if c == nil || len(c.Ignore) == 0 {
		return findings, nil
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var active []Ignore
	var out []lint.Finding
	for _, ig := range c.Ignore {
		if !ig.expires.IsZero() && today.After(ig.expires) {
			out = append(out, lint.Finding{
				File: c.Path, Rule: RuleIgnoreExpired, Severity: lint.SeverityWarning,
				Line: ig.Line, Column: ig.Column,
				Message: fmt.Sprintf("the ignore of %s%s expired on %s, so its findings are reported again (reason given: %s); fix the policy or renew the ignore with a new date",
					ig.Rule, ig.scope(), ig.Expires, ig.Reason),
			})
			continue
		}
		active = append(active, ig)
	}
	for _, f := range findings {
		if ig := c.covered(active, f); ig != nil {
			f.Suppression = &lint.Suppression{Reason: ig.Reason, Expires: ig.Expires, Config: c.Path, Line: ig.Line}
			suppressed = append(suppressed, f)
		} else {
			out = append(out, f)
		}
	}
	return out, suppressed
}

func (ig Ignore) scope() string {
	var parts []string
	if ig.File != "" {
		parts = append(parts, "file "+ig.File)
	}
	if ig.Sid != "" {
		parts = append(parts, "Sid "+ig.Sid)
	}
	if len(parts) == 0 {
		return ""
	}
	return " for " + strings.Join(parts, ", ")
}

// covered is the first active ignore that covers f, or nil.
func (c *Config) covered(active []Ignore, f lint.Finding) *Ignore {
	for i, ig := range active {
		if ig.Rule != f.Rule || (ig.Sid != "" && ig.Sid != f.Sid) {
			continue
		}
		if ig.File == "" || matchGlob(ig.File, c.relative(f.File)) {
			return &active[i]
		}
	}
	return nil
}

// relative expresses a finding's file relative to the config's directory,
// with forward slashes, the form ignore globs are written in.
func (c *Config) relative(file string) string {
	if file == lint.StdinName {
		return file
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	rel, err := filepath.Rel(c.Dir, abs)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}

// ResolvePolicy returns a target's policy path relative to the working
// directory's view (absolute when the config lives elsewhere).
func (c *Config) ResolvePolicy(t Target) string {
	if filepath.IsAbs(t.Policy) || c.Dir == "" {
		return filepath.Clean(t.Policy)
	}
	return filepath.Join(c.Dir, t.Policy)
}
