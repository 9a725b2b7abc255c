package lint

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"sigs.k8s.io/yaml"

	"github.com/mrapguard/mrapguard/internal/regobin"
	"github.com/mrapguard/mrapguard/internal/safefile"
	"github.com/mrapguard/mrapguard/policy"
	"github.com/mrapguard/mrapguard/rules"
)

// Options configure an Engine.
type Options struct {
	// Builtin holds the built-in rules (*.rego) and their data (data/*.json,
	// mounted at data.mrapguard.<name>). nil means rules.FS.
	Builtin fs.FS
	// NoBuiltin leaves the built-in rules out (their data and libraries stay,
	// so user rules can import them).
	NoBuiltin bool
	// RuleDirs are user rule directories, searched recursively for *.rego.
	RuleDirs []string
	// DataFiles are JSON or YAML files merged at the root of data.
	DataFiles []string
	// Data is merged at the root of data like a data file (from the config).
	Data map[string]any
	// Rules adjusts rules by ID: disable them or change their severity.
	Rules map[string]RuleSetting
	// Parse are the options for parsing policies (size limit).
	Parse policy.Options
	// StrictBuiltinErrors makes a builtin error (a type error, a bad regex)
	// fail the evaluation instead of leaving the expression undefined. Lint
	// runs leave it off so one odd value cannot stop a run; rule tests turn
	// it on so rules never depend on an error to stay silent.
	StrictBuiltinErrors bool
	// EvalTimeout bounds the evaluation of the rules on one file, and
	// EvalMemory the Go heap while rules run (bytes). 0 means
	// DefaultEvalTimeout and DefaultEvalMemory.
	EvalTimeout time.Duration
	EvalMemory  uint64
}

// Limits on what a user's rules and data may weigh (a pull request may
// bring both). Reading stops at the limit, with an error naming the file.
const (
	MaxRuleFileBytes = 1 << 20  // one .rego file
	MaxRuleBytes     = 8 << 20  // all user .rego files together
	MaxDataFileBytes = 4 << 20  // one --data file
	MaxDataBytes     = 16 << 20 // all --data files together
)

// RuleSetting is the configuration of one rule.
type RuleSetting struct {
	Disabled bool
	Severity Severity // SeverityNone keeps the rule's default
}

// Engine holds compiled rules. It is safe for concurrent use.
type Engine struct {
	rules     []RuleInfo // enabled rules, in query order
	all       []RuleInfo // every loaded rule, including disabled ones, sorted by ID
	entries   []entry    // one per rule entry point, in query variable order
	queryRefs []ast.Ref  // data.<package>.<entry point>, parallel to entries
	compiler  *ast.Compiler
	needs     *needs // what the entry points need of a document's input
	qmu       sync.Mutex
	queries   map[string]*preparedSet // by set of entry points (a bitmap)
	store     storage.Store
	parse     policy.Options
	modules   map[string]*ast.Module // non-test modules by file name
	tests     map[string]*ast.Module // test modules (loaded for RunTests only)
	// precompiled: the modules are the embedded rules compiled at build
	// time (see CompileBuiltin), needing only these compiler stages; and
	// rewritten the compiler's record of the variables it renamed in them.
	precompiled []string
	rewritten   map[ast.Var]ast.Var
	tabled      map[string]*rules.Meta // METADATA of the embedded rules by file name
	strict      bool                   // Options.StrictBuiltinErrors

	evalTimeout time.Duration // Options.EvalTimeout
	evalMemory  uint64        // Options.EvalMemory
	budget      budget
}

type entry struct {
	rule int // index into Engine.rules
}

// entryPoints are the rule names a package reports through. Built-in rules use
// deny; warn and violation are accepted for conftest-style user rules.
var entryPoints = map[string]Severity{"deny": SeverityError, "violation": SeverityError, "warn": SeverityWarning}

// ruleIDPattern and packageIDPattern are compiled on first use: the
// embedded rules never need them.
var ruleIDPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$`) })

// packageIDPattern is what a package path must look like to name a
// conftest-style rule: plain Rego names, no quoted strings (which could
// carry line breaks or workflow commands into every report).
var packageIDPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
})

// New loads, compiles and prepares the rules once. Errors name the file and
// line of the offending rule.
func New(ctx context.Context, opts Options) (*Engine, error) {
	if err := opts.Parse.Check(); err != nil {
		return nil, err
	}
	e, err := load(opts, false)
	if err != nil {
		return nil, err
	}
	if len(e.rules) == 0 {
		if len(e.all) > 0 {
			return nil, errors.New("every rule is disabled: nothing would be checked")
		}
		return nil, errors.New("no rules to run: the rule directories hold no rule with a deny, warn or violation entry point")
	}
	if err := e.prepare(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// Rules returns the enabled rules, sorted by ID.
func (e *Engine) Rules() []RuleInfo {
	r := slices.Clone(e.rules)
	sortRules(r)
	return r
}

// AllRules returns every loaded rule, including disabled ones, sorted by ID.
func (e *Engine) AllRules() []RuleInfo { return slices.Clone(e.all) }

// Catalog returns what a run may report, sorted by ID: every loaded rule
// and, with the built-in rules, the findings mrapguard itself reports
// (EngineRules). It is what rules show and rules doc describe.
func (e *Engine) Catalog() []RuleInfo {
	r := slices.Clone(e.all)
	if slices.ContainsFunc(r, func(i RuleInfo) bool { return i.Builtin }) {
		r = append(r, EngineRules()...)
		sortRules(r)
	}
	return r
}

type source struct {
	name    string // file name shown in errors
	src     []byte
	builtin bool
	// tabled: an embedded rule whose METADATA is in rules.Metadata, so
	// its annotations need no parsing.
	tabled bool
}

func load(opts Options, withTests bool) (*Engine, error) {
	builtin := opts.Builtin
	tabled := map[string]*rules.Meta{}
	if builtin == nil {
		builtin = rules.FS
		tabled = builtinTable()
	}
	// The embedded rules are loaded compiled when there are no user rules,
	// else parsed (see BuildBuiltin), unless they have changed since.
	var pre, parsed *regobin.Set
	switch {
	case opts.Builtin != nil:
	case len(opts.RuleDirs) == 0 && !withTests:
		pre = builtForm(rules.Compiled)
	default:
		parsed = builtForm(rules.Parsed)
	}
	var srcs []source
	if pre == nil {
		var err error
		if srcs, err = builtinSources(builtin, tabled); err != nil {
			return nil, err
		}
		if parsed != nil {
			// Only their tests are parsed here.
			srcs = slices.DeleteFunc(srcs, func(s source) bool { return !strings.HasSuffix(s.name, "_test.rego") })
		}
	}
	var userBytes int64
	for _, dir := range opts.RuleDirs {
		found := 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != dir && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".rego") {
				return nil
			}
			b, err := safefile.ReadFile(p, dir, "rule file", MaxRuleFileBytes)
			if err != nil {
				return err
			}
			if userBytes += int64(len(b)); userBytes > MaxRuleBytes {
				return fmt.Errorf("the rule files are larger than %s in all, the limit for user rules", safefile.Size(MaxRuleBytes))
			}
			found++
			srcs = append(srcs, source{name: p, src: b})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read rules %s: %w", dir, unwrapPathError(err))
		}
		if found == 0 {
			return nil, fmt.Errorf("read rules %s: no .rego files", dir)
		}
	}

	e := &Engine{parse: opts.Parse, strict: opts.StrictBuiltinErrors, modules: map[string]*ast.Module{}, tests: map[string]*ast.Module{},
		evalTimeout: opts.EvalTimeout, evalMemory: opts.EvalMemory}
	var parseErrs []string
	builtinFile := map[string]bool{}
	if pre != nil {
		e.modules, e.rewritten, e.precompiled = pre.Modules, pre.RewrittenVars, pre.Stages
		for name := range pre.Modules {
			builtinFile[name] = true
		}
	}
	if parsed != nil {
		for name, m := range parsed.Modules {
			e.modules[name] = m
			builtinFile[name] = true
		}
	}
	if !withTests {
		srcs = slices.DeleteFunc(srcs, func(s source) bool { return strings.HasSuffix(s.name, "_test.rego") })
	}
	mods, errs := parseAll(srcs)
	for i, s := range srcs {
		if errs[i] == nil && !s.builtin {
			errs[i] = checkNamespace(s.name, mods[i])
		}
		if errs[i] != nil {
			parseErrs = append(parseErrs, errs[i].Error())
			continue
		}
		if strings.HasSuffix(s.name, "_test.rego") {
			e.tests[s.name] = mods[i]
		} else {
			e.modules[s.name] = mods[i]
		}
		builtinFile[s.name] = s.builtin
	}
	if len(parseErrs) > 0 {
		return nil, fmt.Errorf("parse rules: %s", strings.Join(parseErrs, "\n"))
	}

	data, err := loadData(builtin, opts.DataFiles)
	if err != nil {
		return nil, err
	}
	if opts.Data != nil {
		if err := merge(data, opts.Data, "data", "from the configuration"); err != nil {
			return nil, err
		}
	}
	e.store = inmem.NewFromObjectWithOpts(data, inmem.OptRoundTripOnWrite(false), inmem.OptReturnASTValuesOnRead(true))

	e.tabled = tabled
	if err := e.discover(opts, builtinFile); err != nil {
		return nil, err
	}
	return e, nil
}

// builtinTable is the METADATA of the embedded rules by module name.
func builtinTable() map[string]*rules.Meta {
	tabled := map[string]*rules.Meta{}
	for _, m := range rules.Metadata() {
		tabled["builtin:"+m.File] = &m
	}
	return tabled
}

// builtinSources reads the built-in rules and their tests. A rule whose
// METADATA is in tabled (and a library, when there is a table) is parsed
// without its annotations.
func builtinSources(builtin fs.FS, tabled map[string]*rules.Meta) ([]source, error) {
	var srcs []source
	err := fs.WalkDir(builtin, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		b, err := fs.ReadFile(builtin, p)
		name := "builtin:" + p
		srcs = append(srcs, source{name: name, src: b, builtin: true, tabled: tabled[name] != nil || strings.HasPrefix(p, "lib_") && len(tabled) > 0})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read built-in rules: %w", err)
	}
	return srcs, nil
}

// reservedNamespace holds everything built in: the rules
// (mrapguard.rules.*) and the configuration's data. A user module there
// could add a clause to a built-in rule and switch it off (a deny rule
// body that can never hold, or a helper of the rule redefined), so none
// may be declared there.
var reservedNamespace = ast.DefaultRootRef.Append(ast.StringTerm("mrapguard"))

// checkNamespace refuses a user module whose package is in the reserved
// namespace.
func checkNamespace(file string, m *ast.Module) error {
	if !m.Package.Path.HasPrefix(reservedNamespace) {
		return nil
	}
	line := 0
	if m.Package.Location != nil {
		line = m.Package.Location.Row
	}
	return fmt.Errorf("%s:%d: package %s is reserved for mrapguard's built-in rules, libraries and data, and a rule there could change or switch off a built-in rule; name your package after your team (package team.<rule>)",
		file, line, strings.TrimPrefix(m.Package.Path.String(), "data."))
}

// parseAll parses modules on every core: user rules, or the embedded ones
// when they have changed since they were compiled (see CompileBuiltin).
func parseAll(srcs []source) ([]*ast.Module, []error) {
	mods := make([]*ast.Module, len(srcs))
	errs := make([]error, len(srcs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(srcs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(srcs) {
					return
				}
				mods[i], errs[i] = parseModule(srcs[i].name, srcs[i].src, !srcs[i].tabled)
			}
		}()
	}
	wg.Wait()
	return mods, errs
}

// parseModule parses Rego v1. A module that only parses as Rego v0 is
// accepted too, so conftest users can bring rules written before OPA 1.0.
// annotations: process METADATA blocks (the embedded rules' are in
// rules.Metadata instead).
func parseModule(name string, src []byte, annotations bool) (*ast.Module, error) {
	if !annotations {
		src = blankComments(src)
	}
	// The capabilities are lint's, which the parser would otherwise build
	// (and sort) for every module.
	popts := ast.ParserOptions{ProcessAnnotation: annotations, RegoVersion: ast.RegoV1, Capabilities: restrictedCapabilities()}
	m, err := ast.ParseModuleWithOpts(name, string(src), popts)
	if err == nil {
		return m, nil
	}
	popts.RegoVersion = ast.RegoV0
	if m0, err0 := ast.ParseModuleWithOpts(name, string(src), popts); err0 == nil {
		return m0, nil
	}
	return nil, err
}

// blankComments empties the lines that are only a comment, keeping line
// numbers: the embedded rules' METADATA and explanations are most of their
// lines, and lexing them is most of the parse. TestBlankComments checks that
// the embedded rules parse to the same rules with and without.
func blankComments(src []byte) []byte {
	out := make([]byte, 0, len(src))
	for len(src) > 0 {
		line := src
		next := []byte(nil)
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, next = src[:i+1], src[i+1:]
		} else {
			next = nil
		}
		if t := bytes.TrimLeft(line, " \t"); len(t) > 0 && t[0] == '#' {
			if line[len(line)-1] == '\n' {
				out = append(out, '\n')
			}
		} else {
			out = append(out, line...)
		}
		src = next
	}
	return out
}

// loadData mounts built-in data/<name>.json at data.mrapguard.<name> and
// merges the user's data files at the root.
func loadData(builtin fs.FS, files []string) (map[string]any, error) {
	data := map[string]any{}
	mrap := map[string]any{}
	entries, err := fs.ReadDir(builtin, "data")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read built-in data: %w", err)
	}
	for _, de := range entries {
		name := de.Name()
		if de.IsDir() || path.Ext(name) != ".json" {
			continue
		}
		b, err := fs.ReadFile(builtin, "data/"+name)
		if err != nil {
			return nil, fmt.Errorf("read built-in data %s: %w", name, err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("built-in data %s: %w", name, err)
		}
		mrap[strings.TrimSuffix(name, ".json")] = v
	}
	if len(mrap) > 0 {
		data["mrapguard"] = mrap
	}
	var total int64
	for _, f := range files {
		b, err := safefile.ReadFile(f, "", "data file", MaxDataFileBytes)
		if err != nil {
			return nil, fmt.Errorf("read data: %w", err)
		}
		if total += int64(len(b)); total > MaxDataBytes {
			return nil, fmt.Errorf("read data: the data files are larger than %s in all, the limit for --data", safefile.Size(MaxDataBytes))
		}
		var v any
		switch strings.ToLower(filepath.Ext(f)) {
		case ".yaml", ".yml":
			err = yaml.Unmarshal(b, &v)
		default:
			d := json.NewDecoder(strings.NewReader(string(b)))
			d.UseNumber()
			err = d.Decode(&v)
		}
		if err != nil {
			return nil, fmt.Errorf("data %s: %w", f, err)
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("data %s: the top level must be an object (its keys become data.<key>)", f)
		}
		if _, ok := obj["mrapguard"]; ok {
			return nil, fmt.Errorf("data %s: data.mrapguard is reserved for mrapguard's built-in data and the configuration; put your data under another key", f)
		}
		if err := merge(data, obj, "data", f); err != nil {
			return nil, err
		}
	}
	return data, nil
}

// merge adds src into dst. Objects merge key by key; anything else that is
// already set is a conflict, so a user file cannot silently replace built-in
// data under data.mrapguard.
func merge(dst, src map[string]any, at, file string) error {
	for k, v := range src {
		cur, exists := dst[k]
		if !exists {
			dst[k] = v
			continue
		}
		cm, ok1 := cur.(map[string]any)
		vm, ok2 := v.(map[string]any)
		if !ok1 || !ok2 {
			return fmt.Errorf("data %s: %s.%s is already defined", file, at, k)
		}
		if at == "data" && k == "mrapguard" {
			for bk := range cm {
				if _, clash := vm[bk]; clash {
					return fmt.Errorf("data %s: data.mrapguard.%s is built-in and cannot be replaced", file, bk)
				}
			}
		}
		if err := merge(cm, vm, at+"."+k, file); err != nil {
			return err
		}
	}
	return nil
}

// discover finds the rules: packages with a deny, warn or violation rule, and
// their METADATA.
func (e *Engine) discover(opts Options, builtinFile map[string]bool) error {
	type pkgInfo struct {
		path    ast.Ref
		file    string
		builtin bool
		entries map[string]bool
		ann     *ast.Annotations
	}
	pkgs := map[string]*pkgInfo{}
	names := make([]string, 0, len(e.modules))
	for name := range e.modules {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		m := e.modules[name]
		key := m.Package.Path.String()
		p := pkgs[key]
		if p == nil {
			p = &pkgInfo{path: m.Package.Path, file: name, builtin: builtinFile[name], entries: map[string]bool{}}
			pkgs[key] = p
		}
		if e.tabled[name] != nil {
			// An embedded rule: its METADATA is in the table.
			if p.ann != nil && p.ann.Custom["id"] != nil {
				return fmt.Errorf("%s: package %s has METADATA in more than one file", p.file, strings.TrimPrefix(key, "data."))
			}
			p.file, p.builtin = name, true
		}
		for _, a := range m.Annotations {
			if a.Scope == "package" || a.Scope == "subpackages" {
				if a.Custom["id"] != nil && (p.ann != nil && p.ann.Custom["id"] != nil || e.tabled[p.file] != nil) {
					return fmt.Errorf("%s: package %s has METADATA in more than one file", name, strings.TrimPrefix(key, "data."))
				}
				if e.tabled[p.file] == nil && (p.ann == nil || a.Custom["id"] != nil) {
					p.ann = a
					p.file = name
				}
			}
		}
		for _, r := range m.Rules {
			if n := r.Head.Name.String(); entryPoints[n] != SeverityNone && len(r.Head.Ref()) == 1 {
				p.entries[n] = true
			} else if len(r.Head.Ref()) > 1 {
				if n := r.Head.Ref()[0].Value.String(); entryPoints[n] != SeverityNone {
					p.entries[n] = true
				}
			}
		}
	}

	keys := make([]string, 0, len(pkgs))
	for k, p := range pkgs {
		if len(p.entries) > 0 && !strings.HasPrefix(k, "data.mrapguard.lib.") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	seen := map[string]string{}
	type pending struct {
		info    RuleInfo
		pkg     ast.Ref
		entries []string
		perEnt  bool // unannotated: one rule per entry point
	}
	var found []pending
	for _, k := range keys {
		p := pkgs[k]
		if opts.NoBuiltin && p.builtin {
			continue
		}
		ents := make([]string, 0, len(p.entries))
		for n := range p.entries {
			ents = append(ents, n)
		}
		sort.Strings(ents)
		pkgName := strings.TrimPrefix(k, "data.")
		var info RuleInfo
		annotated := true
		if m := e.tabled[p.file]; m != nil {
			info = tabledInfo(m, p.file)
		} else {
			var err error
			if info, annotated, err = ruleInfo(p.ann, p.file, p.builtin); err != nil {
				return err
			}
		}
		if !annotated {
			// conftest style: one rule per entry point, named after the package.
			if !packageIDPattern().MatchString(pkgName) {
				return fmt.Errorf("%s: package %s cannot name a rule (its ID would carry the quoted text): use plain names, or give the rule an ID with METADATA custom.id", p.file, pkgName)
			}
			for _, n := range ents {
				ri := RuleInfo{ID: pkgName + "/" + n, Default: entryPoints[n], Source: p.file, Title: info.Title, Description: info.Description}
				found = append(found, pending{info: ri, pkg: p.path, entries: []string{n}})
			}
			continue
		}
		found = append(found, pending{info: info, pkg: p.path, entries: ents})
	}
	for _, f := range found {
		if prev, dup := seen[f.info.ID]; dup {
			return fmt.Errorf("rule %s is defined twice: %s and %s", f.info.ID, prev, f.info.Source)
		}
		seen[f.info.ID] = f.info.Source
		f.info.Severity = f.info.Default
		set, configured := opts.Rules[f.info.ID]
		if configured && set.Severity != SeverityNone {
			f.info.Severity = set.Severity
			f.info.configured = true
		}
		e.all = append(e.all, f.info)
		if configured && set.Disabled {
			continue
		}
		idx := len(e.rules)
		e.rules = append(e.rules, f.info)
		for _, n := range f.entries {
			e.entries = append(e.entries, entry{rule: idx})
			e.queryRefs = append(e.queryRefs, f.pkg.Append(ast.StringTerm(n)))
		}
	}
	for id := range opts.Rules {
		if err := CheckConfigurable(id); err != nil {
			return fmt.Errorf("configuration: %w", err)
		}
		if _, ok := seen[id]; !ok {
			return fmt.Errorf("configuration names rule %q, which does not exist%s (see mrapguard rules list)", id, didYouMean(id, seen))
		}
	}
	sortRules(e.all)
	return nil
}
