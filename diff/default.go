package diff

import (
	"io/fs"
	"sync"

	"github.com/mrapguard/mrapguard/rules"
)

// catalogPath is the IAM catalog inside rules.FS, shared with the lint rules.
const catalogPath = "data/iam.json"

var defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
	data, err := fs.ReadFile(rules.FS, catalogPath)
	if err != nil {
		return nil, err
	}
	return ParseCatalog(data)
})

// DefaultCatalog returns the IAM catalog built into mrapguard (the rules
// package's data/iam.json), or nil when the build has none or it does not
// parse (TestDefaultCatalog guards against that). Without a catalog, action
// wildcards that are not covered syntactically are judged unknown or
// broadening, never neutral.
func DefaultCatalog() *Catalog {
	c, err := defaultCatalog()
	if err != nil {
		return nil
	}
	return c
}
