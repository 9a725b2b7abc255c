package diff

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func stmtsOf(t *testing.T, src string) []*stmt {
	t.Helper()
	d := parse(t, "p.json", src)
	var out []*stmt
	for i := range d.Policy.Statements {
		out = append(out, newStmt(&d.Policy.Statements[i]))
	}
	return out
}

func TestMatch(t *testing.T) {
	st := func(sid, effect, actions string) string {
		s := `{"Effect": "` + effect + `", "Principal": {"AWS": ` + acct + `}, "Action": ` + actions + `, "Resource": ` + objs + `}`
		if sid != "" {
			s = `{"Sid": "` + sid + `", ` + s[1:]
		}
		return s
	}
	tests := []struct {
		name          string
		before, after []string
		want          [][2]int // before index, after index; -1 for none
	}{
		{
			name:   "by Sid, whatever the content and order",
			before: []string{st("X", "Allow", `"s3:GetObject"`), st("Y", "Allow", `"s3:PutObject"`)},
			after:  []string{st("Y", "Allow", `"s3:ListBucket"`), st("X", "Allow", `"s3:GetObject"`)},
			want:   [][2]int{{1, 0}, {0, 1}},
		},
		{
			name:   "duplicate Sids: equivalent statements first, then in order",
			before: []string{st("X", "Allow", `"s3:GetObject"`), st("X", "Allow", `"s3:PutObject"`), st("X", "Allow", `"s3:ListBucket"`)},
			after:  []string{st("X", "Allow", `"s3:PutObject"`), st("X", "Allow", `"s3:DeleteObject"`), st("X", "Allow", `"s3:AbortMultipartUpload"`)},
			want:   [][2]int{{1, 0}, {0, 1}, {2, 2}},
		},
		{
			name:   "equivalent statements match wherever they are",
			before: []string{st("", "Allow", `"s3:GetObject"`), st("", "Allow", `"s3:PutObject"`)},
			after:  []string{st("", "Allow", `"s3:PutObject"`), st("", "Allow", `"s3:GetObject"`)},
			want:   [][2]int{{1, 0}, {0, 1}},
		},
		{
			name:   "most shared elements win",
			before: []string{st("", "Allow", `["s3:GetObject", "s3:PutObject"]`), st("", "Allow", `["s3:ListBucket"]`)},
			after:  []string{st("", "Allow", `["s3:ListBucket", "s3:ListBucketVersions"]`), st("", "Allow", `["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]`)},
			want:   [][2]int{{1, 0}, {0, 1}},
		},
		{
			name:   "a Sid added still matches by structure",
			before: []string{st("", "Allow", `["s3:GetObject", "s3:PutObject"]`)},
			after:  []string{st("Named", "Allow", `["s3:GetObject", "s3:PutObject"]`)},
			want:   [][2]int{{0, 0}},
		},
		{
			name:   "different effects do not match by structure",
			before: []string{st("", "Allow", `"s3:GetObject"`)},
			after:  []string{st("", "Deny", `"s3:GetObject"`)},
			want:   [][2]int{{-1, 0}, {0, -1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pairs, err := match(context.Background(), stmtsOf(t, pol(tt.before...)), stmtsOf(t, pol(tt.after...)))
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]int
			for _, p := range pairs {
				g := [2]int{-1, -1}
				if p.b != nil {
					g[0] = p.b.st.Index
				}
				if p.a != nil {
					g[1] = p.a.st.Index
				}
				got = append(got, g)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("match() (-want +got):\n%s", d)
			}
		})
	}
}
