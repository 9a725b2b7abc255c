package iac

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/mrapguard/mrapguard/internal/safefile"
)

// readReferenced reads a file a template references (Terraform file(),
// templatefile(), the other .tf files of a module): path as the template
// names it, joined to the module directory dir. It is read only when it
// lies inside root, lexically (no "..", no absolute path out of it) and
// with every symbolic link resolved, is a regular file and is at most
// MaxFileBytes (safefile decides the last three). display is the name to
// report it by.
func readReferenced(root, dir, path string) (data []byte, display string, err error) {
	if root == "" {
		root = "."
	}
	display = filepath.Clean(filepath.Join(dir, path))
	if filepath.IsAbs(path) || !inside(root, display) {
		return nil, display, errOutside
	}
	data, err = safefile.ReadFile(display, root, "policy file", MaxFileBytes)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, display, err
	}
	return data, display, nil
}

var errOutside = errors.New("outside the tree being linted")

// inside reports whether path lies inside root, lexically.
func inside(root, path string) bool {
	absRoot, err1 := filepath.Abs(root)
	abs, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(absRoot, abs)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// treeName names root for messages, relative to the working directory
// when it is below it.
func treeName(root string) string {
	if root == "" || root == "." {
		return "the working directory"
	}
	if wd, err := os.Getwd(); err == nil {
		if abs, err := filepath.Abs(root); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
				if rel == "." {
					return "the working directory"
				}
				return rel
			}
		}
	}
	return root
}
