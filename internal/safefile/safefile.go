// Package safefile opens the files mrapguard reads from a checked-out tree.
// In a pull-request check everything in that tree is attacker-controlled, so
// a file is read only if:
//
//   - it is a regular file (never a FIFO, device, socket or directory: a
//     FIFO would block forever, /dev/zero would never end);
//   - its real location, with every symbolic link resolved, stays inside
//     the tree it was found in, and inside the repository when the path is
//     in it (the runner's credentials, ~/.docker/config.json and the like,
//     are outside);
//   - it is not inside a .git directory (actions/checkout keeps the job's
//     token in .git/config);
//   - it is no larger than the caller's limit.
//
// The repository is the nearest directory at or above the working
// directory that holds .git. A path named on the command line that lies
// outside it was chosen by whoever runs mrapguard and is read wherever it
// leads; what is found by walking a directory must stay inside that
// directory.
package safefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Sentinel errors wrapped by *Error, for errors.Is.
var (
	// ErrOutside: a symbolic link leads outside the tree or the repository,
	// or into a .git directory.
	ErrOutside = errors.New("outside the tree being read")
	// ErrNotRegular: not a regular file (FIFO, device, socket, directory)
	// or a symbolic link to nothing.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: larger than the caller's limit.
	ErrTooLarge = errors.New("too large")
)

// Error is a file that was not read, and why. Its text is one line that
// names the file and says what to do.
type Error struct {
	Name   string
	Reason string // e.g. "is a FIFO, not a regular file"
	Err    error  // ErrOutside, ErrNotRegular or ErrTooLarge
}

func (e *Error) Error() string { return e.Name + " " + e.Reason }
func (e *Error) Unwrap() error { return e.Err }

// Open opens name for reading under the rules in the package
// documentation. tree is the directory name was found in by walking it, or
// "" for a path named directly (on the command line, in a flag or in a
// configuration file that is not attacker-controlled). It never blocks: a
// FIFO is refused before it is opened, and it is opened non-blocking in
// case it was swapped in between. A path that does not exist gives the
// usual *fs.PathError.
func Open(name, tree string) (*os.File, error) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		if fi, lerr := os.Lstat(name); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, &Error{Name: name, Reason: "is a symbolic link to nothing (dangling); point it at a policy file in the repository or delete it", Err: ErrNotRegular}
		}
		return nil, err
	}
	if real, err = filepath.Abs(real); err != nil {
		return nil, err
	}
	if err := checkInside(name, real, tree); err != nil {
		return nil, err
	}
	fi, err := os.Stat(real)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(name, fi)
	}
	f, err := openNoBlock(real)
	if err != nil {
		return nil, err
	}
	// Check the file opened, not only the name looked at before.
	if ofi, err := f.Stat(); err != nil || !ofi.Mode().IsRegular() || !os.SameFile(fi, ofi) {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, notRegular(name, ofi)
	}
	return f, nil
}

// ReadFile reads name through Open. A file larger than limit bytes is an
// *Error wrapping ErrTooLarge that names what (e.g. "rule file") and the
// limit; limit < 0 means no limit.
func ReadFile(name, tree, what string, limit int64) ([]byte, error) {
	f, err := Open(name, tree)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, name, what, limit)
}

// ReadAll reads r to the end, or fails with an *Error wrapping ErrTooLarge
// as soon as it has more than limit bytes (limit < 0: no limit).
func ReadAll(r io.Reader, name, what string, limit int64) ([]byte, error) {
	if limit < 0 {
		return io.ReadAll(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, TooLarge(name, what, limit)
	}
	return b, nil
}

// ReadContext reads at most limit bytes of r, returning ctx's error as soon
// as ctx ends even if r blocks (standard input from a terminal or a pipe
// that never closes): the read goes on in the background, abandoned.
func ReadContext(ctx context.Context, r io.Reader, limit int64) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(r, limit))
		done <- result{b, err}
	}()
	select {
	case res := <-done:
		return res.b, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TooLarge is the error for a file over its limit.
func TooLarge(name, what string, limit int64) error {
	return &Error{Name: name, Reason: fmt.Sprintf("is larger than %s, the limit for a %s", Size(limit), what), Err: ErrTooLarge}
}

// Size writes a byte count the way limits are documented: "1 GiB",
// "4 MiB", "512 KiB" or "20480 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func notRegular(name string, fi fs.FileInfo) error {
	kind := "not a regular file"
	switch m := fi.Mode(); {
	case m.IsDir():
		kind = "a directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	}
	reason := "is " + kind + ", not a regular file; only regular files are read"
	if li, err := os.Lstat(name); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		reason = "is a symbolic link to " + kind + "; only regular files are read"
	}
	return &Error{Name: name, Reason: reason, Err: ErrNotRegular}
}

// checkInside applies the location rules to real, the resolved form of
// name.
func checkInside(name, real, tree string) error {
	repo, err := workingRepo()
	if err != nil {
		return err
	}
	outside := func(where string) error {
		return &Error{Name: name, Reason: "is a symbolic link that leads outside " + where + "; it was not read (only files inside it are)", Err: ErrOutside}
	}
	inRepo := within(lexical(name, repo.cwd), repo.root)
	if tree != "" {
		realTree, err := filepath.EvalSymlinks(tree)
		if err != nil {
			return err
		}
		if realTree, err = filepath.Abs(realTree); err != nil {
			return err
		}
		if !within(real, realTree) {
			return outside("the directory being read (" + tree + ")")
		}
		inRepo = inRepo || within(lexical(tree, repo.cwd), repo.root)
		if inGit(real, realTree) {
			return intoGit(name)
		}
	}
	if inRepo {
		if !within(real, repo.root) {
			return outside("the repository")
		}
		if inGit(real, repo.root) {
			return intoGit(name)
		}
	}
	return nil
}

func intoGit(name string) error {
	return &Error{Name: name, Reason: "is a symbolic link that leads into a .git directory, which holds the repository's credentials; it was not read", Err: ErrOutside}
}

// lexical is name as an absolute, cleaned path, relative names taken from
// the real working directory, with no symbolic link resolved.
func lexical(name, cwd string) string {
	if filepath.IsAbs(name) {
		return filepath.Clean(name)
	}
	return filepath.Join(cwd, name)
}

// within reports whether path is dir or below it (both absolute, clean).
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// inGit reports whether path, below dir, passes through a .git directory.
func inGit(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return false
	}
	for _, c := range strings.Split(rel, string(filepath.Separator)) {
		if c == ".git" {
			return true
		}
	}
	return false
}

type repoInfo struct {
	cwd  string // real working directory
	root string // real repository root, or cwd outside a repository
}

var repoCache sync.Map // working directory as os.Getwd says → repoInfo

// workingRepo finds the repository of the working directory, once per
// working directory.
func workingRepo() (repoInfo, error) {
	wd, err := os.Getwd()
	if err != nil {
		return repoInfo{}, err
	}
	if ri, ok := repoCache.Load(wd); ok {
		return ri.(repoInfo), nil
	}
	real, err := filepath.EvalSymlinks(wd)
	if err != nil {
		return repoInfo{}, err
	}
	ri := repoInfo{cwd: real, root: real}
	if root := RepoRoot(real); root != "" {
		ri.root = root
	}
	repoCache.Store(wd, ri)
	return ri, nil
}

// RepoRoot returns the nearest directory at or above dir that holds .git
// (a directory, or a file in a worktree or submodule), or "" if there is
// none. dir should be absolute.
func RepoRoot(dir string) string {
	dir = filepath.Clean(dir)
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
