package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/mrapguard/mrapguard/lint"
)

// outputSpec is one --output FORMAT=PATH.
type outputSpec struct {
	format string
	path   string
}

// outputList collects repeated --output FORMAT=PATH flags. Set checks each
// value as the flags are parsed, so a bad one is a usage error before
// anything runs.
type outputList struct {
	formats []string // valid format names
	example string   // shown in the error for a malformed value
	specs   []outputSpec
}

// serializedOutputs starts the value Serialize gives. Command-line
// arguments cannot hold a NUL byte, so no value a user types starts with it.
const serializedOutputs = "\x00outputs:"

func (l *outputList) Set(v string) error {
	if rest, ok := strings.CutPrefix(v, serializedOutputs); ok {
		return l.deserialize(rest)
	}
	name, path, ok := strings.Cut(v, "=")
	if !ok || name == "" || path == "" {
		return fmt.Errorf("want FORMAT=PATH, e.g. %s (formats: %s)", l.example, joinNames(l.formats))
	}
	if !slices.Contains(l.formats, name) {
		return fmt.Errorf("unknown format %q (valid: %s)", name, joinNames(l.formats))
	}
	if path == "-" {
		return errors.New("standard output takes --format, not --output")
	}
	for _, s := range l.specs {
		if filepath.Clean(s.path) == filepath.Clean(path) {
			return fmt.Errorf("%s is given twice", path)
		}
	}
	l.specs = append(l.specs, outputSpec{format: name, path: path})
	return nil
}

func (l *outputList) String() string {
	if l == nil {
		return ""
	}
	parts := make([]string, len(l.specs))
	for i, s := range l.specs {
		parts[i] = s.format + "=" + s.path
	}
	return strings.Join(parts, ", ")
}

// Serialize gives the whole list in a form Set takes back as it is.
// urfave/cli copies a flag's value to its aliases (--output to -o) after
// parsing, with Serialize when the value has one and String otherwise;
// Set(String()) would append the joined list as one more FORMAT=PATH, a
// junk file named "a.sarif, markdown=b.md".
func (l *outputList) Serialize() string {
	b, _ := json.Marshal(l.String())
	return serializedOutputs + string(b)
}

// deserialize takes back what Serialize gave: the aliases share one list,
// so it is the same list, and nothing changes.
func (l *outputList) deserialize(s string) error {
	var joined string
	if err := json.Unmarshal([]byte(s), &joined); err != nil || joined != l.String() {
		return errors.New("internal error: --output copied between its names with another value")
	}
	return nil
}

// outputFlag is --output for a command whose reports come in formats.
func outputFlag(formats []string, example, what string) cli.Flag {
	return &cli.GenericFlag{Name: "output", Aliases: []string{"o"}, Value: &outputList{formats: formats, example: example},
		Usage: "also write the " + what + " as `FORMAT=PATH` (repeatable; e.g. " + example + ")"}
}

// outputFlags are the flags for reports written beside standard output.
func outputFlags() []cli.Flag {
	return []cli.Flag{
		outputFlag(lint.FormatNames(), "sarif=mrapguard.sarif", "report"),
		&cli.StringFlag{Name: "link-base", Usage: "make Markdown locations links: `URL` + path + #Lline (default: the commit's blob URL on GitHub Actions and GitLab CI)"},
	}
}

func outputsFromFlags(c *cli.Context) []outputSpec {
	if l, ok := c.Generic("output").(*outputList); ok && l != nil {
		return l.specs
	}
	return nil
}

// ciLinkBase is the blob URL of the commit being built, when a CI system
// says which one it is.
func ciLinkBase(getenv func(string) string) string {
	if getenv("GITHUB_ACTIONS") == "true" {
		server, repo, sha := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_SHA")
		if server != "" && repo != "" && sha != "" {
			return strings.TrimSuffix(server, "/") + "/" + repo + "/blob/" + sha + "/"
		}
	}
	if getenv("GITLAB_CI") == "true" {
		project, sha := getenv("CI_PROJECT_URL"), getenv("CI_COMMIT_SHA")
		if project != "" && sha != "" {
			return strings.TrimSuffix(project, "/") + "/-/blob/" + sha + "/"
		}
	}
	return ""
}

// repoRoot is the nearest directory at or above dir holding .git (a
// directory, or a file in worktrees and submodules), else dir itself.
// Paths in SARIF, annotations and links are relative to it.
func repoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// formatOptions are the options every lint format gets in this process.
func formatOptions(c *cli.Context, e *Env, failOn lint.Severity) lint.FormatOptions {
	o := lint.FormatOptions{FailOn: failOn, ToolVersion: buildVersion(e.Version), LinkBase: c.String("link-base")}
	if wd, err := os.Getwd(); err == nil {
		o.WorkDir = wd
		o.RepoRoot = repoRoot(wd)
	}
	if o.LinkBase == "" {
		o.LinkBase = ciLinkBase(e.Getenv)
	}
	return o
}

// writeOutputs writes each --output file. A file is replaced only once its
// whole report is written (temporary file, then rename), so a reader never
// sees half a report.
func writeOutputs(specs []outputSpec, opts lint.FormatOptions, rep *lint.Report) error {
	var errs []error
	for _, s := range specs {
		f, err := lint.NewFormatter(s.format, opts)
		if err == nil {
			err = writeFileAtomic(s.path, func(w io.Writer) error { return f.Format(w, rep) })
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("write --output %s=%s: %w", s.format, s.path, err))
		}
	}
	return errors.Join(errs...)
}

func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
