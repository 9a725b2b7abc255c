// Package sample generates realistic MRAP policies for benchmarks: the same
// seed gives the same documents, so figures are comparable across runs.
package sample

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var (
	actionSets = [][]string{
		{"s3:GetObject"},
		{"s3:GetObject", "s3:GetObjectTagging"},
		{"s3:PutObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload"},
		{"s3:ListBucket"},
		{"s3:GetObject*", "s3:ListMultipartUploadParts"},
		{"s3:DeleteObject", "s3:DeleteObjectTagging"},
		{"s3:Get*"},
	}
	conditions = []string{
		``,
		`, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}`,
		`, "Condition": {"Bool": {"aws:SecureTransport": "true"}}`,
		`, "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*", "shared/*"]}, "IpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.7"]}}`,
		`, "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}, "NumericLessThan": {"s3:max-keys": "100"}}`,
	}
)

// Policy returns a policy of roughly size bytes (at least one statement).
func Policy(r *rand.Rand, size int) []byte {
	const alias = "mfzwi23gnjvgw.mrap"
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; i == 0 || b.Len() < size-200; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		acts := actionSets[r.IntN(len(actionSets))]
		res := fmt.Sprintf(`"arn:aws:s3::111122223333:accesspoint/%s/object/team%d/*"`, alias, i)
		if acts[0] == "s3:ListBucket" {
			res = fmt.Sprintf(`"arn:aws:s3::111122223333:accesspoint/%s"`, alias)
		}
		effect := "Allow"
		if r.IntN(8) == 0 {
			effect = "Deny"
		}
		fmt.Fprintf(&b, "    {\n      \"Sid\": \"Stmt%d\",\n      \"Effect\": %q,\n      \"Principal\": {\"AWS\": [\"arn:aws:iam::111122223333:role/app%d\", \"444455556666\"]},\n      \"Action\": [%s],\n      \"Resource\": [%s]%s\n    }",
			i, effect, i, quoteAll(acts), res, conditions[r.IntN(len(conditions))])
	}
	b.WriteString("\n  ]\n}\n")
	return []byte(b.String())
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// Corpus returns n policies of 1–6 KB.
func Corpus(seed uint64, n int) [][]byte {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([][]byte, n)
	for i := range out {
		out[i] = Policy(r, 1024+r.IntN(5*1024))
	}
	return out
}
