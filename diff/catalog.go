package diff

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Catalog is the list of known IAM actions, used to expand action wildcards
// ("s3:Get*" → s3:GetObject, s3:GetObjectAcl, …) when deciding whether one
// set of action patterns contains another.
type Catalog struct {
	names    []string        // canonical names ("s3:GetObject"), sorted by lower-case name
	lower    []string        // the same, lower-cased
	services map[string]bool // lower-case service prefixes the catalog lists completely
}

// ParseCatalog reads the IAM catalog JSON of the rules package
// (rules/data/iam.json): an "actions" object keyed by the lower-case full
// action name, each with its canonical "name". Other members are ignored.
func ParseCatalog(data []byte) (*Catalog, error) {
	var raw struct {
		Actions map[string]struct {
			Name string `json:"name"`
		} `json:"actions"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parse IAM catalog: %w", err)
	}
	if len(raw.Actions) == 0 {
		return nil, errors.New("parse IAM catalog: no actions")
	}
	c := &Catalog{services: map[string]bool{}}
	for key, a := range raw.Actions {
		name := a.Name
		if name == "" {
			name = key
		}
		// Tolerate a bare name ("GetObject") under a full key.
		if svc, _, ok := strings.Cut(key, ":"); ok && !strings.Contains(name, ":") {
			name = svc + ":" + name
		}
		svc, _, ok := strings.Cut(name, ":")
		if !ok || !strings.EqualFold(name, key) {
			return nil, fmt.Errorf("parse IAM catalog: action %q: name %q is not the full name of its key", key, a.Name)
		}
		c.services[strings.ToLower(svc)] = true
		c.names = append(c.names, name)
	}
	sort.Slice(c.names, func(i, j int) bool { return strings.ToLower(c.names[i]) < strings.ToLower(c.names[j]) })
	for _, n := range c.names {
		c.lower = append(c.lower, strings.ToLower(n))
	}
	return c, nil
}

// Len is the number of actions in the catalog.
func (c *Catalog) Len() int {
	if c == nil {
		return 0
	}
	return len(c.names)
}

// knows reports whether the catalog lists every action that pattern q can
// match: q names one service (no wildcard before ':') that the catalog has.
func (c *Catalog) knows(q string) bool {
	if c == nil {
		return false
	}
	svc, _, ok := strings.Cut(q, ":")
	return ok && !hasWildcard(svc) && c.services[strings.ToLower(svc)]
}

// expand returns the indexes of the catalogued actions that pattern q
// matches.
func (c *Catalog) expand(q string) []int {
	if c == nil {
		return nil
	}
	q = strings.ToLower(q)
	var out []int
	if !hasWildcard(q) {
		i := sort.SearchStrings(c.lower, q)
		if i < len(c.lower) && c.lower[i] == q {
			out = append(out, i)
		}
		return out
	}
	// Narrow to the literal prefix, then match.
	pre := literalPrefix(q)
	i := sort.SearchStrings(c.lower, pre)
	for ; i < len(c.lower) && strings.HasPrefix(c.lower[i], pre); i++ {
		if glob(q, c.lower[i], false) {
			out = append(out, i)
		}
	}
	return out
}
