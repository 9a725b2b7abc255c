package iam

import (
	"sort"
	"strings"
)

//go:generate go run ../internal/iamgen -src source -out catalog_gen.go

// Source is the provenance of the compiled catalog (see iam/source/README.md).
type Source struct {
	Repo             string   // upstream repository of the S3 catalog and the global keys
	CatalogCommit    string   // commit of the S3 catalog
	GlobalKeysCommit string   // commit of the global condition keys
	License          string   // licence of the upstream data
	MRAPOperations   string   // where the list of MRAP operations comes from
	SHA256           []string // "file hex-sha256" of each source file
}

// CatalogSource returns the provenance of the compiled catalog.
func CatalogSource() Source { return catalogSource }

// Form is the form of Multi-Region Access Point ARN an action applies to.
type Form uint8

const (
	FormNone   Form = iota // not usable through an MRAP
	FormBucket             // the bare MRAP ARN: arn:aws:s3::ACCOUNT:accesspoint/ALIAS
	FormObject             // object ARNs: arn:aws:s3::ACCOUNT:accesspoint/ALIAS/object/KEY
)

func (f Form) String() string {
	switch f {
	case FormBucket:
		return "bucket"
	case FormObject:
		return "object"
	}
	return ""
}

// Forms is a set of Forms.
type Forms uint8

// Has reports whether fs holds f.
func (fs Forms) Has(f Form) bool { return f != FormNone && fs&(1<<f) != 0 }

// With returns fs with f added.
func (fs Forms) With(f Form) Forms {
	if f == FormNone {
		return fs
	}
	return fs | 1<<f
}

// List returns the forms in a fixed order: bucket, object.
func (fs Forms) List() []Form {
	var out []Form
	for _, f := range []Form{FormBucket, FormObject} {
		if fs.Has(f) {
			out = append(out, f)
		}
	}
	return out
}

// AllForms is every MRAP ARN form.
const AllForms = Forms(1<<FormBucket | 1<<FormObject)

// Access levels of the catalog.
const (
	LevelRead                  = "Read"
	LevelWrite                 = "Write"
	LevelList                  = "List"
	LevelTagging               = "Tagging"
	LevelPermissionsManagement = "Permissions management"
)

// Action is one IAM action of the catalog.
type Action struct {
	Name          string   // canonical spelling: "s3:GetObject"
	Level         string   // exactly one of the Level* constants
	ResourceTypes []string // catalog resource types it applies to
	ConditionKeys []string // lower-case lookup keys its requests carry (tag keys as prefix/*)
	ViaMRAP       bool     // needed by an operation usable through an MRAP
	Form          Form     // the MRAP ARN form it applies to; FormNone when not ViaMRAP
}

// Carries reports whether the action's requests carry the condition key
// (any case; tag keys match their prefix/* pattern).
func (a *Action) Carries(key string) bool {
	lk := lookupKey(key)
	i := sort.SearchStrings(a.ConditionKeys, lk)
	return i < len(a.ConditionKeys) && a.ConditionKeys[i] == lk
}

// Catalog is a list of IAM actions: the ones a wildcard can expand to.
// The zero Catalog knows no action and no service.
type Catalog struct {
	actions []Action // sorted by lower-case name
	keys    []string // lower-case names, parallel to actions
	service string   // the lower-case service prefix the catalog lists completely
}

var s3Catalog = Catalog{actions: s3Actions, keys: s3ActionKeys, service: "s3"}

// S3 returns the compiled S3 catalog.
func S3() *Catalog { return &s3Catalog }

// Len is the number of actions in the catalog.
func (c *Catalog) Len() int {
	if c == nil {
		return 0
	}
	return len(c.actions)
}

// Actions returns every action, sorted by lower-case name.
func (c *Catalog) Actions() []Action {
	if c == nil {
		return nil
	}
	return c.actions
}

// Lookup returns the action named name (in any case), or nil.
func (c *Catalog) Lookup(name string) *Action {
	if c == nil {
		return nil
	}
	k := strings.ToLower(name)
	i := sort.SearchStrings(c.keys, k)
	if i < len(c.keys) && c.keys[i] == k {
		return &c.actions[i]
	}
	return nil
}

// Index returns the position of a in the catalog's order (that of
// Actions), or -1 when a is not one of its actions.
func (c *Catalog) Index(a *Action) int {
	if c == nil || a == nil {
		return -1
	}
	k := strings.ToLower(a.Name)
	i := sort.SearchStrings(c.keys, k)
	if i < len(c.keys) && c.keys[i] == k {
		return i
	}
	return -1
}

// Knows reports whether the catalog lists every action that pattern q can
// match: q names one service (no wildcard before ':') and the catalog lists
// that service completely.
func (c *Catalog) Knows(q string) bool {
	if c == nil || c.service == "" {
		return false
	}
	svc, _, ok := strings.Cut(q, ":")
	return ok && !HasWildcard(svc) && strings.EqualFold(svc, c.service)
}

// Expand returns the actions that the action pattern q matches (case
// insensitive), in catalog order; an exact name gives at most one.
func (c *Catalog) Expand(q string) []*Action {
	if c == nil {
		return nil
	}
	if !HasWildcard(q) {
		if a := c.Lookup(q); a != nil {
			return []*Action{a}
		}
		return nil
	}
	q = strings.ToLower(q)
	// Narrow to the literal prefix, then match.
	pre := LiteralPrefix(q)
	var out []*Action
	for i := sort.SearchStrings(c.keys, pre); i < len(c.keys) && strings.HasPrefix(c.keys[i], pre); i++ {
		if Match(q, c.keys[i]) {
			out = append(out, &c.actions[i])
		}
	}
	return out
}

// Operation is an S3 API operation and the IAM actions it needs.
type Operation struct {
	lookup      string
	Name        string   // "ListObjectsV2"
	ViaMRAP     bool     // usable through an MRAP
	Actions     []string // the actions it always needs
	Conditional []string // actions it needs with some parameters (versionId, ACL headers...)
}

// LookupOperation returns the S3 operation named name (any case), or nil.
// The table holds the operations usable through an MRAP and a few common
// others (CopyObject, ListObjects...), for hints.
func LookupOperation(name string) *Operation {
	k := strings.ToLower(name)
	i := sort.Search(len(operations), func(i int) bool { return operations[i].lookup >= k })
	if i < len(operations) && operations[i].lookup == k {
		return &operations[i]
	}
	return nil
}

type wordsEntry struct{ words, action string }
