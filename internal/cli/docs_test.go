package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// TestRulesDocIsCurrent keeps docs/rules.md equal to what
// "mrapguard rules doc" writes. Refresh it with
// go test ./internal/cli -run RulesDoc -update.
func TestRulesDocIsCurrent(t *testing.T) {
	var out, errs bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, Now: time.Now}
	if code := Run(context.Background(), []string{"mrapguard", "rules", "doc", "--config", os.DevNull}, e); code != 0 {
		t.Fatalf("rules doc exited %d: %s", code, errs.String())
	}
	file := filepath.Join("..", "..", "docs", "rules.md")
	if *update {
		if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("%s is out of date; run go test ./internal/cli -run RulesDoc -update (-file +generated):\n%s", file, diff)
	}
}

// TestExampleUserRule runs the example rule of the rule-authoring guide
// through rules test and lint, as a user would from the repository's root,
// and checks that the guide quotes the rule and the commands' output as
// they are.
func TestExampleUserRule(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	rule, err := os.ReadFile(filepath.Join("docs", "examples", "rules", "public_write.rego"))
	if err != nil {
		t.Fatal(err)
	}
	guide, err := os.ReadFile(filepath.Join("rules", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(guide, append(append([]byte("```rego\n"), rule...), "```"...)) {
		t.Error("rules/README.md does not quote docs/examples/rules/public_write.rego as it is")
	}

	run := func(args ...string) (int, string) {
		var out, errs bytes.Buffer
		e := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }, Now: time.Now}
		code := Run(context.Background(), append([]string{"mrapguard"}, args...), e)
		return code, out.String() + errs.String()
	}
	var console strings.Builder
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"rules", "test", "docs/examples/rules"}, 0},
		{[]string{"lint", "--rules", "docs/examples/rules", "docs/examples/policies"}, 1},
	} {
		code, out := run(c.args...)
		if code != c.code {
			t.Errorf("mrapguard %s exited %d, want %d:\n%s", strings.Join(c.args, " "), code, c.code, out)
		}
		console.WriteString("$ mrapguard " + strings.Join(c.args, " ") + "\n" + out)
	}
	if want := "```console\n" + console.String() + "```"; !strings.Contains(string(guide), want) {
		t.Errorf("rules/README.md does not show the example's output as it is; want:\n%s", want)
	}
}

// TestDocs runs every command example in README.md and docs/*.md, in the
// order a reader meets them, each document in a directory of its own with
// the real binary (mrapguard on PATH), and compares what it prints with the
// output the document shows. docs/rules.md is generated and checked by
// TestRulesDocIsCurrent; its examples are policies, run by the rules' own
// tests. Each document becomes a testscript script (docScript); a failure
// names the document's line.
//
// What a document holds, and what becomes of it:
//
//   - ```sh blocks: each command (continued lines and here-documents
//     joined) runs with "sh", standard error merged into standard output,
//     and must exit 0. "go run ." is the binary under test; "export" and
//     "unset" change the environment of the commands after them; "aws"
//     commands run when the AWS CLI is installed; "mrapguard emulator"
//     runs in the background until the document ends, on a free port where
//     the document says 127.0.0.1:9000. A token ARN in a command is the
//     last one the commands before it printed (the document's cannot be
//     known in advance). Not run, and said so in the log: "go test" and
//     ".ci/run" (this is the test suite), "go install" (it builds what is
//     being tested, into the user's GOPATH).
//   - A ``` block that starts with "$ " is a command and its output.
//   - A ``` block (or a ```json block) after a command, with no heading in
//     between, is that command's output; several such blocks are one
//     output. The comparison (docOutputMatches) ignores what differs from
//     run to run: operation ARNs, durations, the status in a progress line.
//     A line "..." (or one starting with "... ") stands for any lines.
//   - Commands inside ```yaml and ```groovy blocks (a CI step's run:) run
//     like those of a ```sh block.
//   - testdata/docs/DOC.txtar supplies the files the examples name
//     (policy.json, policies/, …) and, in its comment, script lines run
//     first (an emulator for documents that do not start one).
//
// An HTML comment right before a block, invisible when the document is
// rendered, says what the text cannot:
//
//	<!-- doc-test: exits 0 2 4 -->        the exit codes of its commands, in order
//	<!-- doc-test: skip REASON -->         do not run it (the log says why)
//	<!-- doc-test: file PATH -->           write the block to PATH (a config shown whole)
//	<!-- doc-test: terminal "demo" at "REGEXP" -->  run on a terminal; type demo when the output matches
//	<!-- doc-test: interrupt at "REGEXP" -->        press Ctrl-C when the output matches
//	<!-- doc-test: not output -->          the block is not the output of the command before it
func TestDocs(t *testing.T) {
	docs := []string{filepath.Join("..", "..", "README.md")}
	more, _ := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	for _, d := range more {
		if filepath.Base(d) != "rules.md" {
			docs = append(docs, d)
		}
	}
	dir := t.TempDir()
	if keep := os.Getenv("MRAPGUARD_DOCS_SCRIPTS"); keep != "" {
		dir = keep // to read the scripts made from the documents
	}
	for _, doc := range docs {
		md, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(doc), ".md")
		script, err := docScript(filepath.Base(doc), md)
		if err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if fixture, err := os.ReadFile(filepath.Join("..", "..", "testdata", "docs", name+".txtar")); err == nil {
			fx := txtar.Parse(fixture)
			script.Comment = append(append([]byte(nil), fx.Comment...), script.Comment...) // fx.Comment shares the fixture's buffer
			script.Files = append(fx.Files, script.Files...)
		} else if !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".txtar"), txtar.Format(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := scriptParams()
	p.Dir = dir
	for name, cmd := range docCmds {
		p.Cmds[name] = cmd
	}
	setup := p.Setup
	p.Setup = func(env *testscript.Env) error {
		if err := setup(env); err != nil {
			return err
		}
		// Unset rather than empty: the AWS CLI takes AWS_PROFILE="" for a
		// profile named "".
		vars := env.Vars[:0]
		for _, kv := range env.Vars {
			if k, v, _ := strings.Cut(kv, "="); v != "" || !strings.HasPrefix(k, "AWS_") {
				vars = append(vars, kv)
			}
		}
		env.Vars = vars
		// The examples lint the repository's sample policies.
		for _, d := range []string{"policies", "bad"} {
			if err := os.CopyFS(filepath.Join(env.WorkDir, "testdata", d), os.DirFS(filepath.Join("..", "..", "testdata", d))); err != nil {
				return err
			}
		}
		return nil
	}
	testscript.Run(t, p)
}

// docStep is one command of a document and what it must do.
type docStep struct {
	line     int    // in the document, for messages
	cmd      string // shell text
	skip     string // why it is not run
	code     int
	mode     string // "", "terminal", "interrupt", "server"
	at       string // terminal, interrupt: the output that triggers the action
	input    string // terminal: what is typed
	aws      bool   // needs the AWS CLI
	env      []string
	output   []string // expected output lines, nil when the document shows none
	jsonOut  bool     // the output is a ```json block
	heading  bool     // a heading came after the command: later blocks are not its output
	noOutput bool
}

var (
	docDirectiveRe = regexp.MustCompile(`^<!-- doc-test: (.*) -->$`)
	docQuotedRe    = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	// A token ARN as documents show it: a real one, or one with "…".
	docTokenARNRe = regexp.MustCompile(`arn:aws:s3:us-west-2:[0-9]{12}:async-request/mrap/put/(?:[0-9a-f]{32}|…)`)
	// Commands in CI configurations: "run: mrapguard …", "- mrapguard …",
	// "sh 'mrapguard …'".
	docCIRe = regexp.MustCompile(`(?:run:\s*|^\s*-\s+|sh ')(mrapguard [^']*)`)
)

// docScript turns a Markdown document into a testscript script (see
// TestDocs).
func docScript(name string, md []byte) (*txtar.Archive, error) {
	docName := name
	lines := strings.Split(string(md), "\n")
	var steps []*docStep
	var directives []string
	last := func() *docStep {
		for i := len(steps) - 1; i >= 0; i-- {
			if steps[i].cmd != "" || steps[i].skip != "" {
				return steps[i]
			}
		}
		return nil
	}
	var files []txtar.File
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := docDirectiveRe.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			directives = append(directives, m[1])
			continue
		}
		if strings.HasPrefix(l, "#") {
			if s := last(); s != nil {
				s.heading = true
			}
			continue
		}
		if !strings.HasPrefix(l, "```") {
			continue
		}
		lang := strings.TrimSpace(strings.TrimPrefix(l, "```"))
		start := i + 1
		var block []string
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			block = append(block, lines[i])
		}
		if i == len(lines) {
			return nil, fmt.Errorf("line %d: unterminated code block", start)
		}
		d, err := parseDocDirectives(directives)
		directives = nil
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", start-1, err)
		}
		if d.file != "" {
			// Written where the reader meets it, not before.
			name := fmt.Sprintf(".doc/%d.file", start)
			files = append(files, txtar.File{Name: name, Data: []byte(strings.Join(block, "\n") + "\n")})
			steps = append(steps, &docStep{line: start, env: []string{
				fmt.Sprintf("\n# %s:%d: the file %s", docName, start, d.file), "cp " + name + " " + d.file}})
			continue
		}
		var cmds []*docStep
		switch {
		case d.skip != "":
			steps = append(steps, &docStep{line: start, skip: d.skip})
			continue
		case lang == "sh":
			if cmds, err = shellCommands(block, start); err != nil {
				return nil, err
			}
		case lang == "" && len(block) > 0 && strings.HasPrefix(block[0], "$ "):
			cmds = []*docStep{{line: start, cmd: strings.TrimPrefix(block[0], "$ "), output: block[1:]}}
		case lang == "yaml" || lang == "groovy":
			for j, bl := range block {
				if m := docCIRe.FindStringSubmatch(bl); m != nil {
					cmds = append(cmds, &docStep{line: start + j, cmd: strings.TrimSpace(m[1])})
				}
			}
		case (lang == "" || lang == "json") && !d.notOutput:
			if s := last(); s != nil && !s.heading && s.cmd != "" {
				s.output = append(s.output, block...)
				s.jsonOut = lang == "json"
			}
			continue
		}
		for j, c := range cmds {
			if j < len(d.exits) {
				c.code = d.exits[j]
			}
		}
		if len(d.exits) > len(cmds) {
			return nil, fmt.Errorf("line %d: %d exit codes for %d commands", start-1, len(d.exits), len(cmds))
		}
		if d.mode != "" {
			if len(cmds) != 1 {
				return nil, fmt.Errorf("line %d: %s applies to a block of one command", start-1, d.mode)
			}
			cmds[0].mode, cmds[0].at, cmds[0].input = d.mode, d.at, d.input
		}
		steps = append(steps, cmds...)
	}
	if len(directives) > 0 {
		return nil, fmt.Errorf("doc-test comments %q before no block", directives)
	}

	var sb strings.Builder
	fmt.Fprintf(&sb, "# The command examples of %s, in order (generated by TestDocs).\nunused-port DOCPORT\n", name)
	for n, s := range steps {
		at := fmt.Sprintf("%s:%d", name, s.line)
		switch {
		case s.skip != "":
			fmt.Fprintf(&sb, "\n# %s: not run: %s\n", at, s.skip)
			continue
		case s.cmd == "":
			for _, e := range s.env {
				fmt.Fprintln(&sb, e)
			}
			continue
		}
		fmt.Fprintf(&sb, "\n# %s: %s\n", at, strings.SplitN(s.cmd, "\n", 2)[0])
		for _, e := range s.env {
			fmt.Fprintln(&sb, e)
		}
		file := fmt.Sprintf(".doc/%03d.sh", n)
		cmd := strings.ReplaceAll(s.cmd, "127.0.0.1:9000", "127.0.0.1:$DOCPORT")
		cmd = docTokenARNRe.ReplaceAllString(cmd, "$$TOKEN_ARN")
		if s.mode != "" {
			// Signals must reach mrapguard itself, not a shell.
			cmd = "exec " + cmd
		}
		files = append(files, txtar.File{Name: file, Data: []byte("exec 2>&1\n" + cmd + "\n")})
		cond := ""
		switch {
		case s.aws:
			cond = "[exec:aws] "
		case s.mode == "terminal":
			cond = "[linux] " // docs_pty_linux_test.go
		}
		switch s.mode {
		case "":
			fmt.Fprintf(&sb, "%sexits %d sh %s\n", cond, s.code, file)
		case "terminal":
			fmt.Fprintf(&sb, "%sdoc-terminal %d %s %s %s\n", cond, s.code, scriptQuote(s.at), scriptQuote(s.input), file)
		case "interrupt":
			fmt.Fprintf(&sb, "%sdoc-interrupt %d %s %s\n", cond, s.code, scriptQuote(s.at), file)
		case "server":
			fmt.Fprintf(&sb, "%sdoc-server %s\n", cond, file)
		}
		fmt.Fprintf(&sb, "%sdoc-capture-arn\n", cond)
		if s.output != nil {
			want := fmt.Sprintf(".doc/%03d.out", n)
			out := strings.Join(s.output, "\n") + "\n"
			if s.mode == "server" {
				out += "...\n" // a server goes on logging
			}
			files = append(files, txtar.File{Name: want, Data: []byte(out)})
			kind := "text"
			if s.jsonOut {
				kind = "json"
			}
			fmt.Fprintf(&sb, "%sdoc-output %s %s %s\n", cond, kind, scriptQuote(at), want)
		}
	}
	return &txtar.Archive{Comment: []byte(sb.String()), Files: files}, nil
}

type docDirectives struct {
	skip      string
	exits     []int
	file      string
	mode      string
	at, input string
	notOutput bool
}

func parseDocDirectives(ds []string) (docDirectives, error) {
	var d docDirectives
	for _, text := range ds {
		verb, rest, _ := strings.Cut(text, " ")
		quoted := docQuotedRe.FindAllStringSubmatch(rest, -1)
		arg := func(i int) string {
			s, _ := strconv.Unquote(`"` + quoted[i][1] + `"`)
			return s
		}
		switch {
		case verb == "skip" && rest != "":
			d.skip = rest
		case verb == "exits":
			for _, f := range strings.Fields(rest) {
				n, err := strconv.Atoi(f)
				if err != nil {
					return d, fmt.Errorf("doc-test: exits %q", rest)
				}
				d.exits = append(d.exits, n)
			}
		case verb == "file" && rest != "":
			d.file = rest
		case verb == "terminal" && len(quoted) == 2:
			d.mode, d.input, d.at = "terminal", arg(0), arg(1)
		case verb == "interrupt" && len(quoted) == 1:
			d.mode, d.at = "interrupt", arg(0)
		case text == "not output":
			d.notOutput = true
		default:
			return d, fmt.Errorf("unknown doc-test comment %q", text)
		}
	}
	return d, nil
}

// shellCommands splits a ```sh block into its commands: comment lines go,
// continued lines and here-documents stay together, export and unset
// become environment changes for the commands after them.
func shellCommands(block []string, start int) ([]*docStep, error) {
	var out []*docStep
	var env []string
	for i := 0; i < len(block); i++ {
		line := block[i]
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		first := start + i
		cmd := line
		for strings.HasSuffix(cmd, "\\") && i+1 < len(block) {
			i++
			cmd += "\n" + block[i]
		}
		if m := regexp.MustCompile(`<<-?'?(\w+)'?`).FindStringSubmatch(cmd); m != nil {
			for i+1 < len(block) {
				i++
				cmd += "\n" + block[i]
				if strings.TrimSpace(block[i]) == m[1] {
					break
				}
			}
		}
		fields := strings.Fields(stripComment(cmd))
		switch {
		case fields[0] == "export":
			for _, kv := range fields[1:] {
				env = append(env, "env "+strings.ReplaceAll(kv, "127.0.0.1:9000", "127.0.0.1:$DOCPORT"))
			}
			continue
		case fields[0] == "unset":
			for _, k := range fields[1:] {
				env = append(env, "env "+k+"=")
			}
			continue
		}
		s := &docStep{line: first, cmd: cmd, env: env}
		env = nil
		switch {
		case strings.HasPrefix(t, "go run . "):
			s.cmd = strings.Replace(cmd, "go run . ", "mrapguard ", 1)
		case strings.HasPrefix(t, "go test"), strings.HasPrefix(t, ".ci/run"):
			s.skip = "the test suite itself"
		case t == "go install .":
			s.skip = "builds the binary under test into GOPATH/bin; the test runs that binary"
		case strings.HasPrefix(t, "go install"):
			// A module path cannot be installed before it is published
			// (issue 15 item 4): the documents install from the clone.
			return nil, fmt.Errorf("line %d: %q cannot work before the module is published; install from the clone (go install .)", first, t)
		case strings.HasPrefix(t, "aws "):
			s.aws = true
		case strings.HasPrefix(t, "mrapguard emulator"):
			s.mode = "server"
		}
		if s.skip != "" {
			s.cmd = ""
		}
		out = append(out, s)
	}
	if len(env) > 0 {
		out = append(out, &docStep{line: start, env: env})
	}
	return out, nil
}

// stripComment drops a trailing shell comment (" # …") from a command.
func stripComment(cmd string) string {
	if i := strings.Index(cmd, " #"); i >= 0 {
		return cmd[:i]
	}
	return cmd
}

// scriptQuote quotes s as one testscript argument.
func scriptQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
