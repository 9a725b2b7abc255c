package lint

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/mrapguard/mrapguard/iac"
	"github.com/mrapguard/mrapguard/internal/safefile"
)

// StdinName is how standard input ("-") appears in findings.
const StdinName = "<stdin>"

// Input is one file to lint: a path, and the directory argument it was
// found in by walking (which it may not leave through a symbolic link).
type Input struct {
	Path string // as given or found; "-" is standard input
	Tree string // the directory walked to find it; "" when named directly
}

// Inputs makes Inputs of paths named directly.
func Inputs(paths ...string) []Input {
	out := make([]Input, len(paths))
	for i, p := range paths {
		out[i] = Input{Path: p}
	}
	return out
}

// searched are the extensions a directory walk looks at: policies and
// templates (which ones a file is, its content decides).
var searched = []string{".json", ".yaml", ".yml", ".template", ".tf"}

// ExpandPaths turns command-line arguments into the list of files to lint:
// a file as given (any extension), a directory recursively for policies and
// templates (*.json, *.yaml, *.yml, *.template, *.tf; skipping hidden
// directories and node_modules), and "-" for standard input. Duplicates
// are dropped; the order is the order given, directories sorted. Run skips
// the files found in a directory that are neither policies nor templates.
//
// Nothing is opened here. Every matching entry of a directory is listed,
// whatever it is (a symbolic link, a FIFO): Run decides whether it is safe
// to read and reports a file it does not read as a finding on that file.
// An argument that does not exist is an error; one that is a dangling
// symbolic link is listed, for the same finding.
func ExpandPaths(args []string) ([]Input, error) {
	var out []Input
	seen := map[string]bool{}
	add := func(in Input) {
		if !seen[in.Path] {
			seen[in.Path] = true
			out = append(out, in)
		}
	}
	for _, a := range args {
		if a == "-" {
			add(Input{Path: a})
			continue
		}
		fi, err := os.Stat(a)
		if err != nil {
			if li, lerr := os.Lstat(a); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
				add(Input{Path: a})
				continue
			}
			return nil, &ReadError{File: a, Err: unwrapPathError(err)}
		}
		if !fi.IsDir() {
			add(Input{Path: a})
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != a && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if slices.ContainsFunc(searched, func(ext string) bool { return strings.EqualFold(filepath.Ext(p), ext) }) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %w", err)
		}
		slices.Sort(found)
		for _, p := range found {
			add(Input{Path: p, Tree: a})
		}
	}
	return out, nil
}

// RunOptions tune Run.
type RunOptions struct {
	Target *Target
	// IaC are the options for reading templates: values for what a template
	// leaves open (account, Region, parameters) and the format of standard
	// input. Run sets their Policy and Root.
	IaC iac.Options
	// SkipUnrecognized skips the named files that are neither policies nor
	// templates too, as those found in a directory are (for hooks that pass
	// every staged file).
	SkipUnrecognized bool
	Stdin            io.Reader
	// Workers bounds parallelism; 0 means GOMAXPROCS.
	Workers int
	// Filter, if set, keeps the findings to report (and may add some) and
	// returns the ones it suppressed apart (Report.Suppressed).
	Filter func([]Finding) (kept, suppressed []Finding)
}

// ReadError is a file that could not be read: an input error, unlike a file
// that does not parse (which is a finding).
type ReadError struct {
	File string
	Err  error
}

func (e *ReadError) Error() string { return fmt.Sprintf("read %s: %v", e.File, e.Err) }
func (e *ReadError) Unwrap() error { return e.Err }

// Run reads, parses and lints files in parallel: policies, and the policies
// templates hold. Zero files is an error.
func (e *Engine) Run(ctx context.Context, files []Input, opts RunOptions) (*Report, error) {
	if len(files) == 0 {
		return nil, errors.New("no policy files to lint")
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(files))
	results := make([][]Finding, len(files))
	skipped := make([]bool, len(files))
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			growStack(stackFrames)
			for i := range next {
				results[i], skipped[i], errs[i] = e.lintFile(ctx, files[i], opts)
				SortFindings(results[i], nil)
			}
		}()
	}
feed:
	for i := range files {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	rep := &Report{Rules: e.Rules()}
	order := make(map[string]int, len(files))
	for i, f := range files {
		if skipped[i] {
			rep.Skipped++
			continue
		}
		name := displayName(f.Path)
		rep.Files = append(rep.Files, name)
		order[name] = i
		rep.Findings = append(rep.Findings, results[i]...)
	}
	rep.Findings = dedupe(rep.Findings)
	if opts.Filter != nil {
		rep.Findings, rep.Suppressed = opts.Filter(rep.Findings)
	}
	SortFindings(rep.Findings, order)
	SortFindings(rep.Suppressed, order)
	rep.Rules = WithEngineRules(rep.Rules, append(rep.Findings[:len(rep.Findings):len(rep.Findings)], rep.Suppressed...))
	return rep, nil
}

func displayName(f string) string {
	if f == "-" {
		return StdinName
	}
	return f
}

// lintFile lints the policies of one file: a policy file, or the policies
// a template or plan holds. skipped reports a file that is neither, found
// in a directory (or named, with SkipUnrecognized).
func (e *Engine) lintFile(ctx context.Context, file Input, opts RunOptions) (findings []Finding, skipped bool, err error) {
	name := displayName(file.Path)
	data, err := e.read(ctx, file, opts.Stdin)
	if nr := new(safefile.Error); errors.As(err, &nr) {
		return []Finding{notRead(name, nr)}, false, nil
	}
	if err != nil {
		return nil, false, &ReadError{File: name, Err: err}
	}
	o := opts.IaC
	o.Policy, o.Root = e.parse, referenceRoot(file)
	if file.Path != "-" {
		o.Format = iac.Auto
	}
	explicit := file.Tree == "" && !opts.SkipUnrecognized
	docs, skipped := iac.Load(name, data, explicit, o)
	for _, doc := range docs {
		fs, err := e.Lint(ctx, doc, opts.Target)
		if err != nil {
			return nil, false, err
		}
		findings = append(findings, fs...)
	}
	return findings, skipped, nil
}

// referenceRoot is the tree a template's file references (Terraform file())
// are read in: the directory walked, else the repository the file is in,
// else the file's own directory.
func referenceRoot(file Input) string {
	if file.Tree != "" {
		return file.Tree
	}
	dir := "."
	if file.Path != "-" {
		dir = filepath.Dir(file.Path)
	}
	if abs, err := filepath.Abs(dir); err == nil {
		if root := safefile.RepoRoot(abs); root != "" {
			return root
		}
	}
	return dir
}

// dedupe drops findings reported twice at the same place: a policy that two
// branches of a template condition share, or a file a template references
// that is also linted on its own.
func dedupe(fs []Finding) []Finding {
	type key struct {
		file, rule, msg string
		line, col       int
	}
	seen := make(map[key]int, len(fs))
	out := fs[:0]
	for _, f := range fs {
		k := key{f.File, f.Rule, f.Message, f.Line, f.Column}
		if i, dup := seen[k]; dup {
			if out[i].Resource == "" {
				out[i].Resource = f.Resource
			}
			continue
		}
		seen[k] = len(out)
		out = append(out, f)
	}
	return out
}

// read reads at most one byte more than the parsers look at, so a huge file
// costs no more than that. Files are opened with safefile: a file that is
// not safe to read is a *safefile.Error.
func (e *Engine) read(ctx context.Context, file Input, stdin io.Reader) ([]byte, error) {
	limit := int64(max(e.parse.ReadLimit(), iac.MaxFileBytes)) + 1
	if file.Path == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		return safefile.ReadContext(ctx, stdin, limit)
	}
	f, err := safefile.Open(file.Path, file.Tree)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	// Read in one go into a buffer of the file's size (as os.ReadFile
	// does), not in reads of a growing buffer.
	size := int64(512)
	if fi, err := f.Stat(); err == nil {
		size = min(fi.Size()+1, limit)
	}
	b := make([]byte, 0, size)
	r := io.LimitReader(f, limit)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// unwrapPathError drops the "open FILE:" prefix that ReadError adds itself.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// SortFindings orders findings by file (in the given order, then by name),
// line, column, rule and message.
func SortFindings(fs []Finding, order map[string]int) {
	cmpFindings := func(a, b Finding) int {
		if a.File != b.File { // rarely: findings come by file
			oa, oka := order[a.File]
			ob, okb := order[b.File]
			switch {
			case oka && okb:
				return cmp.Compare(oa, ob)
			case oka != okb:
				if oka {
					return -1
				}
				return 1
			}
			return strings.Compare(a.File, b.File)
		}
		return cmp.Or(
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			strings.Compare(a.Rule, b.Rule),
			strings.Compare(a.Message, b.Message),
		)
	}
	// Run sorts each file's findings as it lints it, on every core: the
	// report is then usually in order already.
	if slices.IsSortedFunc(fs, cmpFindings) {
		return
	}
	slices.SortStableFunc(fs, cmpFindings)
}

// stackFrames × 64 KiB is about the stack evaluating the rules takes (a
// goroutine evaluating them has 544 KiB of stack). Growing a goroutine's
// stack copies it and adjusts every frame on it; a stack that grows
// from 8 KiB while rules are evaluated is copied six times, deep. Grown at
// once while it is shallow, it is copied with a few frames on it.
const stackFrames = 8

// growStack takes n frames of 64 KiB of stack.
//
//go:noinline
func growStack(n int) byte {
	var pad [64 << 10]byte
	pad[n] = byte(n)
	if n > 0 {
		return growStack(n-1) + pad[n]
	}
	return pad[0]
}
