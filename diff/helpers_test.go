package diff

import (
	"strings"
	"testing"

	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/policy"
)

// testCatalog is the compiled S3 catalog, the one Compute uses by default.
func testCatalog(testing.TB) *iam.Catalog { return iam.S3() }

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
