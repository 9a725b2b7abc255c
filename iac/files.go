package iac

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// readInside reads a file a template references: a regular file inside
// root, reached without leaving root by "..", an absolute path or a
// symlink (os.Root refuses all three), of at most MaxFileBytes. rel is the
// path relative to root the caller resolved.
func readInside(root, rel string) ([]byte, error) {
	if root == "" {
		root = "."
	}
	if filepath.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, errOutside
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// Stat before opening: opening a FIFO would block.
	fi, err := r.Stat(rel)
	if err != nil {
		if strings.Contains(err.Error(), "escapes from parent") || strings.Contains(err.Error(), "path escapes") {
			return nil, errOutside
		}
		return nil, unwrap(err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	f, err := r.Open(rel)
	if err != nil {
		return nil, unwrap(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, unwrap(err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("larger than %d bytes", MaxFileBytes)
	}
	return data, nil
}

var errOutside = errors.New("outside the tree being linted")

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// relToRoot turns a path a template names (relative to the module
// directory dir, or absolute) into one relative to root.
func relToRoot(root, dir, p string) (string, error) {
	if root == "" {
		root = "."
	}
	if filepath.IsAbs(p) {
		return "", errOutside
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(filepath.Join(dir, p))
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absRoot, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", errOutside
	}
	return rel, nil
}
