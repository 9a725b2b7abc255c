package lint

import (
	"fmt"
	"slices"

	"github.com/mrapguard/mrapguard/internal/suggest"
)

// didYouMean is "; did you mean "ID"?" for the rule ID nearest to id, or
// "" when none is near.
func didYouMean[V any](id string, known map[string]V) string {
	ids := make([]string, 0, len(known))
	for k := range known {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	if s := suggest.Closest(id, ids); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}
