package policy

import (
	"fmt"
	"strings"
	"testing"
)

// samplePolicy builds a realistic policy of n statements (about 200 bytes each).
func samplePolicy(n int) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `    {"Sid": "S%d", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/r%d"},
     "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3::111122223333:accesspoint/mfzwi23gnjvgw.mrap/object/p%d/*",
     "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`, i, i, i)
	}
	b.WriteString("\n  ]\n}\n")
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	for _, n := range []int{10, 60} {
		data := samplePolicy(n)
		b.Run(fmt.Sprintf("%dB", len(data)), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				d := Parse("p.json", data, Options{MaxBytes: -1})
				_ = d.Normalized()
			}
		})
	}
}
