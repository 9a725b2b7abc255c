package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryNextStepIsRun: every next step a refusal can print (the first
// argument of each apply.Refusef in apply/ and pipeline/) is asserted in
// an end-to-end test that runs it as printed (a script's "next" command or
// a Go test's runNext). A new refusal without such a test fails here.
func TestEveryNextStepIsRun(t *testing.T) {
	var steps []string
	fset := token.NewFileSet()
	for _, dir := range []string{"../../apply", "../../pipeline"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 || calleeName(call) != "Refusef" {
					return true
				}
				if s := literalPrefix(call.Args[0]); s != "" {
					steps = append(steps, s)
				} else if lit, ok := call.Args[0].(*ast.BasicLit); !ok || lit.Value != `""` {
					t.Errorf("%s: a next step whose text starts with no literal", fset.Position(call.Pos()))
				}
				return true
			})
		}
	}
	if len(steps) < 15 {
		t.Fatalf("found %d next steps; the search is broken", len(steps))
	}
	// Where next steps are run as printed, with their text asserted.
	var runners []string
	scripts, _ := filepath.Glob("../../testdata/script/*.txtar")
	goTests, _ := filepath.Glob("*_test.go")
	for _, f := range append(scripts, goTests...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if strings.Contains(text, "\nnext ") || strings.Contains(text, ".runNext(") {
			// Unescape regexps, and testscript's quoted quotes.
			runners = append(runners, strings.NewReplacer(`\`, "", "''", "'").Replace(text))
		}
	}
	for _, step := range steps {
		found := false
		for _, text := range runners {
			found = found || strings.Contains(text, "next: "+step)
		}
		if !found {
			t.Errorf("next step %q is not run as printed by any test", step)
		}
	}
}

func calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	}
	return ""
}

// literalPrefix is the constant text a next step starts with: the string,
// the left end of a concatenation, or a format's text before its first
// verb.
func literalPrefix(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		s, _ := strconv.Unquote(e.Value)
		return s
	case *ast.BinaryExpr:
		return literalPrefix(e.X)
	case *ast.CallExpr:
		if calleeName(e) == "Sprintf" && len(e.Args) > 0 {
			s := literalPrefix(e.Args[0])
			if i := strings.IndexByte(s, '%'); i >= 0 {
				s = s[:i]
			}
			return s
		}
	}
	return ""
}
