package diff

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/mrapguard/mrapguard/policy"
)

var (
	testCatOnce sync.Once
	testCat     *Catalog
	testCatErr  error
)

// testCatalog is the S3 action list in diff/testdata, in the shape of the
// rules package's catalog.
func testCatalog(t testing.TB) *Catalog {
	t.Helper()
	testCatOnce.Do(func() {
		data, err := os.ReadFile("testdata/iam-catalog.json")
		if err != nil {
			testCatErr = err
			return
		}
		testCat, testCatErr = ParseCatalog(data)
	})
	if testCatErr != nil {
		t.Fatal(testCatErr)
	}
	return testCat
}

// parse parses a policy that must be free of problems.
func parse(t testing.TB, name, src string) policy.Document {
	t.Helper()
	d := policy.Parse(name, []byte(src), policy.Options{MaxBytes: -1})
	if len(d.Problems) > 0 {
		t.Fatalf("test policy %s has problems: %+v\n%s", name, d.Problems, src)
	}
	return *d
}

// pol wraps statements (JSON objects) into a policy document.
func pol(stmts ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",\n") + `]}`
}

func computeT(t testing.TB, before, after string) Diff {
	t.Helper()
	return Options{Catalog: testCatalog(t)}.Compute(parse(t, "old.json", before), parse(t, "new.json", after))
}
