package lint

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/version"

	"github.com/mrapguard/mrapguard/internal/regobin"
	"github.com/mrapguard/mrapguard/rules"
)

// The built-in rules are parsed and compiled when mrapguard is built:
// `go generate ./rules` runs BuildBuiltin, which compiles them with every
// compiler stage (every check included) and lint's capabilities, and writes
// the compiled modules to rules/compiled.bin (package regobin's form), and
// the parsed ones to rules/parsed.bin. A run without user rules reads the
// compiled ones and gives them to OPA's compiler, which then only builds
// the trees and indices that evaluation looks rules up in: no Rego is
// lexed, parsed, rewritten or checked at start-up. That was four fifths of
// the start-up of a lint run, and it grew with every rule. A run with user
// rules compiles everything together with every stage, as it must (user
// rules may use the built-in libraries, and must pass every check), but
// takes the built-in rules parsed.
//
// Both files hold the sources they were made from (and OPA's version).
// When the embedded rules are not those (a rule was edited and go generate
// not run), the engine parses the rules from source and compiles them with
// every stage; TestBuiltFormsAreCurrent in internal/rulegen fails until the
// files are regenerated.

// A compiler given precompiled modules runs only the stages that build
// what evaluation looks rules up in; every other stage rewrites modules
// (done already) or checks them (passed already). Which ones are needed is
// decided when the rules are compiled, and stored with them (Set.Stages):
//   - the module and rule trees, and the rule indices, always;
//   - the comprehension indices only if the rules have a comprehension
//     OPA indexes (finding them walks every rule: 3 M instructions at
//     every start for none, with the rules of 2026);
//   - never the dependency graph, which only the checks use (and the type
//     checker for a query with "with", which lint's query has not).
var alwaysStages = []ast.StageID{ast.StageSetModuleTree, ast.StageSetRuleTree, ast.StageBuildRuleIndices}

// skippedStages are the stages a compiler skips for precompiled modules
// that need the given stages.
func skippedStages(needed []string) []ast.StageID {
	return slices.DeleteFunc(newCompiler().StagesToRun(), func(s ast.StageID) bool { return slices.Contains(needed, string(s)) })
}

// stagesNeeded are the stages the compiled modules in c need when they are
// loaded (see alwaysStages).
func stagesNeeded(c *ast.Compiler) []string {
	var out []string
	for _, s := range alwaysStages {
		out = append(out, string(s))
	}
	indexed := false
	for _, m := range c.Modules {
		ast.WalkTerms(m, func(t *ast.Term) bool {
			indexed = indexed || c.ComprehensionIndex(t) != nil
			return indexed
		})
	}
	if indexed {
		out = append(out, string(ast.StageBuildComprehensionIndices))
	}
	return out
}

// newCompiler is the compiler lint evaluates rules with.
func newCompiler() *ast.Compiler {
	return ast.NewCompiler().
		WithCapabilities(restrictedCapabilities()).
		WithEnablePrintStatements(false).
		WithDefaultRegoVersion(ast.RegoV1)
}

// BuildBuiltin parses and compiles the embedded rules (without their
// tests) as a lint run would from source, with every compiler stage, and
// returns them compiled and parsed, in the forms rules/compiled.bin and
// rules/parsed.bin hold. A run with user rules loads the parsed form and
// compiles it with theirs.
func BuildBuiltin() (compiled, parsed []byte, err error) { return buildRules(rules.FS) }

func buildRules(fsys fs.FS) (compiled, parsed []byte, err error) {
	srcs, err := builtinSources(fsys, nil)
	if err != nil {
		return nil, nil, err
	}
	srcs = slices.DeleteFunc(srcs, func(s source) bool { return strings.HasSuffix(s.name, "_test.rego") })
	// Every embedded rule's METADATA is in rules.Metadata (internal/rulegen
	// makes sure), so none needs its annotations parsed; not consulting the
	// table here keeps one go generate enough when a rule is added.
	for i := range srcs {
		srcs[i].tabled = true
	}
	mods, errs := parseAll(srcs)
	modules := make(map[string]*ast.Module, len(srcs))
	texts := make(map[string][]byte, len(srcs))
	for i, s := range srcs {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		modules[s.name] = mods[i]
		texts[s.name] = blankComments(s.src) // what was parsed: locations point into it
	}
	key, err := compiledFrom(fsys)
	if err != nil {
		return nil, nil, err
	}
	// Compile copies the modules: these stay as parsed.
	if parsed, err = regobin.Encode(&regobin.Set{Modules: modules, Sources: texts, Key: key}); err != nil {
		return nil, nil, err
	}
	c := newCompiler()
	if c.Compile(modules); c.Failed() {
		return nil, nil, fmt.Errorf("compile built-in rules: %w", explainCompileErrors(c.Errors))
	}
	compiled, err = regobin.Encode(&regobin.Set{Modules: c.Modules, Sources: texts, RewrittenVars: c.RewrittenVars, Stages: stagesNeeded(c), Key: key})
	return compiled, parsed, err
}

// builtForm returns the built-in rules in a form made at build time
// (rules.Compiled or rules.Parsed), or nil when it was not made from the
// embedded rules by this version of OPA.
func builtForm(data string) *regobin.Set {
	set, err := regobin.Decode(data)
	if err != nil {
		return nil
	}
	if key, err := compiledFrom(rules.FS); err != nil || key != set.Key {
		return nil
	}
	return set
}

// compiledFrom is what compiled rules depend on: OPA's version and the
// rules' sources (tests aside), verbatim. rules/compiled.bin holds it, so
// a run can tell whether the compiled rules are of its sources by
// comparing bytes (cheaper than hashing them, and exact).
func compiledFrom(fsys fs.FS) (string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(128 << 10)
	b.WriteString("opa " + version.Version + "\n")
	for _, de := range entries {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, ".rego") || strings.HasSuffix(name, "_test.rego") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s %d\n", name, len(src))
		b.Write(src)
	}
	return b.String(), nil
}
