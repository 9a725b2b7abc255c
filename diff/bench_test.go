package diff

import (
	"fmt"
	"strings"
	"testing"
)

// benchPolicy writes n statements of about 200 bytes of compact JSON: half with a Sid,
// half without, a mix of principals, actions, resources and conditions.
// variant != 0 edits every tenth statement and swaps neighbours, the way a
// real change touches a few statements of a large policy.
func benchPolicy(n, variant int) string {
	actions := []string{`"s3:GetObject"`, `["s3:GetObject","s3:GetObjectVersion"]`, `"s3:PutObject"`, `["s3:ListBucket","s3:ListBucketMultipartUploads"]`, `"s3:Get*"`}
	var stmts []string
	for i := 0; i < n; i++ {
		j := i
		if variant != 0 && i%7 == 3 && i+1 < n {
			j = i + 1 // swap neighbours
		} else if variant != 0 && i%7 == 4 {
			j = i - 1
		}
		sid := ""
		if j%2 == 0 {
			sid = fmt.Sprintf(`"Sid":"Stmt%03d",`, j)
		}
		act := actions[j%len(actions)]
		org := fmt.Sprintf("o-%010d", j)
		if variant != 0 && j%10 == 0 {
			act = `"s3:*"`
			org = "o-*"
		}
		cond := ""
		if j%2 == 0 {
			cond = fmt.Sprintf(`,"Condition":{"StringLike":{"aws:PrincipalOrgID":"%s"}}`, org)
		}
		stmts = append(stmts, fmt.Sprintf(`{%s"Effect":"Allow","Principal":{"AWS":"%012d"},"Action":%s,"Resource":"arn:aws:s3::111122223333:accesspoint/m.mrap/object/t%d/*"%s}`,
			sid, 100000000000+j, act, j, cond))
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

func BenchmarkCompute(b *testing.B) {
	oldSrc, newSrc := benchPolicy(100, 0), benchPolicy(100, 1)
	before, after := parse(b, "old.json", oldSrc), parse(b, "new.json", newSrc)
	opts := Options{Catalog: testCatalog(b)}
	d := opts.Compute(before, after)
	if !d.Changed || len(d.Statements) == 0 {
		b.Fatal("the benchmark policies do not differ")
	}
	for b.Loop() {
		opts.Compute(before, after)
	}
	// After the loop: ResetTimer and b.Loop clear earlier metrics.
	b.ReportMetric(float64(len(oldSrc)), "old-bytes")
	b.ReportMetric(float64(len(newSrc)), "new-bytes")
	b.ReportMetric(float64(len(d.Statements)), "changed-stmts")
}
