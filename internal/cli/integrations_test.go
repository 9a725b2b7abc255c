package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
	"sigs.k8s.io/yaml"
)

// These tests read .pre-commit-hooks.yaml and action.yml themselves, so a
// change there that would not work fails here.

// sourceDir is the repository checkout: go test runs in the package
// directory, internal/cli.
var sourceDir, _ = filepath.Abs(filepath.Join("..", ".."))

type preCommitHook struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	Entry         string   `json:"entry"`
	Language      string   `json:"language"`
	Files         string   `json:"files"`
	Exclude       string   `json:"exclude"`
	Types         []string `json:"types"`
	PassFilenames *bool    `json:"pass_filenames"`
	RequireSerial bool     `json:"require_serial"`
	Args          []string `json:"args"`
}

func readHooks() ([]preCommitHook, error) {
	b, err := os.ReadFile(filepath.Join(sourceDir, ".pre-commit-hooks.yaml"))
	if err != nil {
		return nil, err
	}
	var hooks []preCommitHook
	if err := yaml.UnmarshalStrict(b, &hooks); err != nil {
		return nil, err
	}
	return hooks, nil
}

// hookCommand is what pre-commit runs for a hook on the staged files: the
// entry split like a shell would (pre-commit uses shlex), then the hook's
// and the user's args, then the files that pass files/exclude/types. ok is
// false when no file passes: pre-commit then skips the hook.
func hookCommand(h preCommitHook, userArgs, staged []string) (argv []string, ok bool, err error) {
	if strings.ContainsAny(h.Entry, `"'\$`) {
		return nil, false, errors.New("entry needs shell quoting, which this harness does not model")
	}
	files, err := regexp.Compile(h.Files)
	if err != nil {
		return nil, false, err
	}
	var exclude *regexp.Regexp
	if h.Exclude != "" {
		if exclude, err = regexp.Compile(h.Exclude); err != nil {
			return nil, false, err
		}
	}
	var matched []string
	for _, f := range staged {
		if !files.MatchString(f) || exclude != nil && exclude.MatchString(f) {
			continue
		}
		typeOK := true
		for _, t := range h.Types {
			switch t {
			case "file", "text":
			case "json":
				typeOK = typeOK && strings.HasSuffix(f, ".json")
			default:
				return nil, false, errors.New("types: " + t + " is not modelled")
			}
		}
		if typeOK {
			matched = append(matched, f)
		}
	}
	if len(matched) == 0 {
		return nil, false, nil
	}
	argv = append(strings.Fields(h.Entry), h.Args...)
	argv = append(argv, userArgs...)
	if h.PassFilenames == nil || *h.PassFilenames {
		argv = append(argv, matched...)
	}
	return argv, true, nil
}

// cmdPreCommitRun runs a hook from .pre-commit-hooks.yaml as pre-commit
// would and checks its exit code:
//
//	precommit-run CODE HOOK_ID [USER_ARG...] -- STAGED_FILE...
func cmdPreCommitRun(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: precommit-run CODE HOOK_ID [ARG...] -- FILE...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	hooks, err := readHooks()
	ts.Check(err)
	var hook *preCommitHook
	for i := range hooks {
		if hooks[i].ID == args[1] {
			hook = &hooks[i]
		}
	}
	if hook == nil {
		ts.Fatalf("no hook %q in .pre-commit-hooks.yaml", args[1])
	}
	rest := args[2:]
	sep := len(rest)
	for i, a := range rest {
		if a == "--" {
			sep = i
			break
		}
	}
	var staged []string
	if sep < len(rest) {
		staged = rest[sep+1:]
	}
	argv, ok, err := hookCommand(*hook, rest[:sep], staged)
	ts.Check(err)
	if !ok {
		ts.Logf("pre-commit would skip %s: no staged file matches", hook.ID)
		if want != 0 {
			ts.Fatalf("hook skipped, want exit %d", want)
		}
		return
	}
	ts.Logf("pre-commit runs: %s", strings.Join(argv, " "))
	got := 0
	if err := ts.Exec(argv[0], argv[1:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("run hook: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("hook %s exited %d, want %d", hook.ID, got, want)
	}
}

func TestPreCommitHooksFile(t *testing.T) {
	hooks, err := readHooks()
	if err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) != 1 || hooks[0].ID != "mrapguard-lint" {
		t.Fatalf("hooks = %+v, want one mrapguard-lint", hooks)
	}
	h := hooks[0]
	if h.Name == "" || h.Language != "golang" || h.PassFilenames == nil || !*h.PassFilenames || h.RequireSerial {
		t.Errorf("hook = %+v: want a name, language golang, pass_filenames true, require_serial false", h)
	}
	// language golang runs `go install ./...` here; the root package is the
	// command, named after the module path's last element.
	mod, err := os.ReadFile(filepath.Join(sourceDir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	modPath := strings.Fields(strings.SplitN(string(mod), "\n", 2)[0])[1]
	if bin := modPath[strings.LastIndex(modPath, "/")+1:]; strings.Fields(h.Entry)[0] != bin {
		t.Errorf("entry %q does not start with %q, the binary go install builds", h.Entry, bin)
	}
	staged := []string{
		"policies/prod.json", "template.yaml", "cfn/stack.yml", "cdk.out/App.template.json", "main.tf", "plan.json",
		"package.json", "README.md", "policies/notes.txt", "main.tf.bak", "x.tfvars",
	}
	argv, ok, err := hookCommand(h, []string{"--fail-on", "warning"}, staged)
	if err != nil || !ok {
		t.Fatalf("hookCommand: %v, %v", ok, err)
	}
	// Everything that may hold a policy goes to lint, which decides by
	// content and skips the rest (package.json).
	want := []string{"mrapguard", "lint", "--skip-unrecognized", "--fail-on", "warning",
		"policies/prod.json", "template.yaml", "cfn/stack.yml", "cdk.out/App.template.json", "main.tf", "plan.json", "package.json"}
	if diff := cmp.Diff(want, argv); diff != "" {
		t.Errorf("command for staged files (-want +got):\n%s", diff)
	}
}

type actionStep struct {
	ID    string            `json:"id"`
	Name  string            `json:"name"`
	If    string            `json:"if"`
	Uses  string            `json:"uses"`
	Shell string            `json:"shell"`
	Run   string            `json:"run"`
	With  map[string]any    `json:"with"`
	Env   map[string]string `json:"env"`
}

type actionFile struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Author      string `json:"author"`
	Branding    any    `json:"branding"`
	Inputs      map[string]struct {
		Description string `json:"description"`
		Required    bool   `json:"required"`
		Default     string `json:"default"`
	} `json:"inputs"`
	Outputs map[string]struct {
		Description string `json:"description"`
		Value       string `json:"value"`
	} `json:"outputs"`
	Runs struct {
		Using string       `json:"using"`
		Steps []actionStep `json:"steps"`
	} `json:"runs"`
}

func readAction() (*actionFile, error) {
	b, err := os.ReadFile(filepath.Join(sourceDir, "action.yml"))
	if err != nil {
		return nil, err
	}
	var a actionFile
	if err := yaml.UnmarshalStrict(b, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

var expr = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

func TestActionYAML(t *testing.T) {
	a, err := readAction()
	if err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Name == "" || a.Description == "" || a.Runs.Using != "composite" {
		t.Errorf("name %q, description %q, runs.using %q: want both set and composite", a.Name, a.Description, a.Runs.Using)
	}
	defaults := map[string]string{}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
		defaults[name] = in.Default
	}
	for name, want := range map[string]string{"paths": ".", "fail-on": "error", "rules": "", "sarif": "true", "version": "", "go-version": "1.26.x"} {
		if got, ok := defaults[name]; !ok || got != want {
			t.Errorf("input %s: default %q (declared %v), want %q", name, got, ok, want)
		}
	}
	steps := map[string]actionStep{}
	var uses []string
	for _, s := range a.Runs.Steps {
		if s.ID != "" {
			steps[s.ID] = s
		}
		if s.Uses != "" {
			uses = append(uses, s.Uses)
		}
		if s.Run != "" && s.Shell == "" {
			t.Errorf("step %q runs a script without a shell (composite steps need one)", s.Name)
		}
		// An expression inside a script is pasted in as shell code.
		if expr.MatchString(s.Run) {
			t.Errorf("step %q has an expression in its script; pass it through env", s.Name)
		}
	}
	sort.Strings(uses)
	if diff := cmp.Diff([]string{"actions/setup-go@v5", "github/codeql-action/upload-sarif@v3"}, uses); diff != "" {
		t.Errorf("actions used (-want +got):\n%s", diff)
	}
	// Every expression names a declared input or an earlier step.
	var all []string
	for _, s := range a.Runs.Steps {
		all = append(all, s.If)
		for _, v := range s.With {
			if str, ok := v.(string); ok {
				all = append(all, str)
			}
		}
		for _, v := range s.Env {
			all = append(all, v)
		}
	}
	for _, o := range a.Outputs {
		all = append(all, o.Value)
	}
	ref := regexp.MustCompile(`\b(inputs|steps)\.([A-Za-z0-9_-]+)`)
	for _, s := range all {
		for _, m := range ref.FindAllStringSubmatch(s, -1) {
			if _, ok := defaults[m[2]]; m[1] == "inputs" && !ok {
				t.Errorf("%q uses undeclared input %s", s, m[2])
			}
			if _, ok := steps[m[2]]; m[1] == "steps" && !ok {
				t.Errorf("%q uses unknown step %s", s, m[2])
			}
		}
	}
	install, lint := steps["install"], steps["lint"]
	if install.Env["ACTION_REF"] != "${{ github.action_ref }}" || !strings.Contains(install.Run, `go install "github.com/mrapguard/mrapguard@${ref}"`) {
		t.Errorf("install step does not go install mrapguard at the action's ref:\n%s", install.Run)
	}
	if !strings.Contains(lint.Run, "mrapguard lint --format github") || !strings.Contains(lint.Run, `--output "sarif=$SARIF_FILE"`) {
		t.Errorf("lint step does not write annotations and SARIF:\n%s", lint.Run)
	}
	for _, s := range a.Runs.Steps {
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif") &&
			(!strings.Contains(s.If, "always()") || s.With["sarif_file"] != "${{ steps.lint.outputs.sarif-file }}") {
			t.Errorf("upload step must run always() and upload the lint step's file: if %q, with %v", s.If, s.With)
		}
	}
}

// cmdActionRun runs a shell step of action.yml the way the runner does
// (bash --noprofile --norc -eo pipefail), with its env built from the
// inputs: INPUT_<NAME> from the script's environment, else the default.
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP point into $WORK.
//
//	action-run CODE STEP_ID
func cmdActionRun(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: action-run CODE STEP_ID")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	a, err := readAction()
	ts.Check(err)
	var step *actionStep
	for i := range a.Runs.Steps {
		if a.Runs.Steps[i].ID == args[1] {
			step = &a.Runs.Steps[i]
		}
	}
	if step == nil || step.Run == "" || step.Shell != "bash" {
		ts.Fatalf("no bash step %q in action.yml", args[1])
	}
	for k, v := range step.Env {
		m := expr.FindStringSubmatch(v)
		if m == nil || m[0] != v || !strings.HasPrefix(m[1], "inputs.") {
			ts.Fatalf("env %s=%q: only ${{ inputs.NAME }} is modelled", k, v)
		}
		name := strings.TrimPrefix(m[1], "inputs.")
		in, ok := a.Inputs[name]
		if !ok {
			ts.Fatalf("env %s uses undeclared input %s", k, name)
		}
		val := in.Default
		if set := ts.Getenv("INPUT_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))); set != "" {
			val = set
		}
		ts.Setenv(k, val)
	}
	work := ts.Getenv("WORK")
	ts.Check(os.MkdirAll(filepath.Join(work, "runner-temp"), 0o755))
	ts.Setenv("GITHUB_OUTPUT", filepath.Join(work, "github-output"))
	ts.Setenv("GITHUB_STEP_SUMMARY", filepath.Join(work, "step-summary.md"))
	ts.Setenv("RUNNER_TEMP", filepath.Join(work, "runner-temp"))
	script := filepath.Join(work, "runner-temp", step.ID+".sh")
	ts.Check(os.WriteFile(script, []byte(step.Run), 0o644))
	got := 0
	if err := ts.Exec("bash", "--noprofile", "--norc", "-eo", "pipefail", script); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("run step: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("step %s exited %d, want %d", step.ID, got, want)
	}
}

// TestActionDocumented: docs/integrations.md describes every input and
// output of action.yml (issue 15 item 6: plan, plan-args, plan-exit-code
// and changes were missing), in its inputs table or its outputs paragraph.
func TestActionDocumented(t *testing.T) {
	a, err := readAction()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(filepath.Join(sourceDir, "docs", "integrations.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name := range a.Inputs {
		if !strings.Contains(string(doc), "| `"+name+"` |") {
			t.Errorf("docs/integrations.md has no row for the action's input %q", name)
		}
	}
	for name := range a.Outputs {
		if !strings.Contains(string(doc), "`"+name+"`") {
			t.Errorf("docs/integrations.md does not name the action's output %q", name)
		}
	}
}
