package diff

import (
	"io"
	"os"
	"testing"

	"github.com/mrapguard/mrapguard/policy"
)

// FuzzCompute: any two inputs diff and render without panicking, a document
// never differs from itself, and both directions agree on Changed.
func FuzzCompute(f *testing.F) {
	for _, pair := range [][2]string{{"old.json", "new.json"}, {"hostile-old.json", "hostile-new.json"}} {
		a, _ := os.ReadFile("testdata/golden/" + pair[0])
		b, _ := os.ReadFile("testdata/golden/" + pair[1])
		f.Add(a, b)
	}
	f.Add([]byte(`{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"1"},"NotAction":"s3:*","NotResource":"*","Condition":{"ForAllValues:StringLikeIfExists":{"K":["a*"],"k":"b"}}}}`),
		[]byte(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:?et*","Condition":{"StringLike":{"k":"a"}}}]}`))
	cat := testCatalog(f)
	f.Fuzz(func(t *testing.T, a, b []byte) {
		da := *policy.Parse("a.json", a, policy.Options{MaxBytes: 4096})
		db := *policy.Parse("b.json", b, policy.Options{MaxBytes: 4096})
		opts := Options{Catalog: cat}
		if self := opts.Compute(da, da); self.Changed {
			t.Fatalf("a document differs from itself: %+v", self)
		}
		ab, ba := opts.Compute(da, db), opts.Compute(db, da)
		if ab.Changed != ba.Changed {
			t.Fatalf("Changed is %v one way and %v the other", ab.Changed, ba.Changed)
		}
		for _, format := range Formats {
			r, _ := NewRenderer(format, RenderOptions{Color: true})
			if err := r.Render(io.Discard, ab); err != nil {
				t.Fatal(err)
			}
		}
	})
}
