package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Source file names inside the source directory.
const (
	catalogFile     = "s3-iam-definition.json"
	globalKeysFile  = "global-condition-keys.json"
	operationsFile  = "mrap-operations.json"
	correctionsFile = "corrections.json"
)

// Access levels as the catalog gives them: exactly one per action.
const (
	levelPermissions = "Permissions management"
	levelTagging     = "Tagging"
)

type catalog struct {
	Meta    map[string]any `json:"_meta"`
	Actions map[string]struct {
		Name          string `json:"name"`
		AccessLevel   string `json:"accessLevel"`
		ResourceTypes []struct {
			Name          string   `json:"name"`
			ConditionKeys []string `json:"conditionKeys"`
		} `json:"resourceTypes"`
		ConditionKeys []string `json:"conditionKeys"`
	} `json:"actions"`
	ResourceTypes map[string]struct {
		Key           string   `json:"key"`
		ConditionKeys []string `json:"conditionKeys"`
	} `json:"resourceTypes"`
	ConditionKeys map[string]struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	} `json:"conditionKeys"`
}

type globalKeys struct {
	Meta map[string]any `json:"_meta"`
	Keys []struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	} `json:"globalConditionKeys"`
}

type operations struct {
	Meta               map[string]any      `json:"_meta"`
	Operations         []string            `json:"operations"`
	ActionsByOperation map[string][]string `json:"actions_by_operation"`
	Conditional        map[string][]string `json:"conditional_actions"`
	Unsupported        map[string][]string `json:"unsupported_operations"`
}

type corrections struct {
	GlobalTypes map[string]struct {
		Type   string `json:"type"`
		Reason string `json:"reason"`
	} `json:"global_condition_key_types"`
}

// Action is one action of the model.
type Action struct {
	Name          string   `json:"name"`
	AccessLevel   string   `json:"access_level"`
	ResourceTypes []string `json:"resource_types"`
	ConditionKeys []string `json:"condition_keys"`
	ViaMRAP       bool     `json:"via_mrap"`
	MRAPResource  *string  `json:"mrap_resource"`
}

// Key is one condition key of the model.
type Key struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Actions lists, for an S3 key carried by at most selectiveKey actions,
	// the lower-case actions whose requests carry it. Keys carried by more
	// (s3:authType, s3:signatureAge...) have no list.
	Actions []string `json:"actions,omitempty"`
}

// selectiveKey bounds the inverse index kept for S3 keys: enough for
// every key that only some actions carry, while the few keys nearly every
// action carries would only bloat the data.
const selectiveKey = 70

// Operation is an S3 API operation and the IAM actions it needs.
type Operation struct {
	Name        string   `json:"name"`
	ViaMRAP     bool     `json:"via_mrap"`
	Actions     []string `json:"actions"`
	Conditional []string `json:"conditional_actions"`
}

// Generate reads the source files from src and returns the Go source of the
// compiled catalog (iam/catalog_gen.go).
func Generate(src fs.FS) ([]byte, error) {
	m, err := Build(src)
	if err != nil {
		return nil, err
	}
	return Render(m)
}

// Model is everything the generated file holds, in the order it is written.
type Model struct {
	Meta       Meta
	Actions    map[string]*Action // lower-case name -> action
	S3Keys     map[string]Key     // lookup key -> S3 condition key
	GlobalKeys map[string]Key     // lookup key -> global condition key
	Operations map[string]Operation
	Words      map[string]string // sorted lower-case words joined with "," -> action
}

// Meta is the provenance written into the generated file.
type Meta struct {
	SourceRepo     string
	CatalogCommit  string
	GlobalCommit   string
	License        string
	MRAPOperations string
	SHA256         map[string]string // source file -> hex SHA-256
}

// Build reads and checks the sources and derives the model.
func Build(src fs.FS) (*Model, error) {
	var (
		cat  catalog
		glob globalKeys
		ops  operations
		corr corrections
	)
	sums := map[string]string{}
	for _, f := range []struct {
		name string
		v    any
	}{{catalogFile, &cat}, {globalKeysFile, &glob}, {operationsFile, &ops}, {correctionsFile, &corr}} {
		b, err := fs.ReadFile(src, f.name)
		if err != nil {
			return nil, fmt.Errorf("read source: %w", err)
		}
		if err := json.Unmarshal(b, f.v); err != nil {
			return nil, fmt.Errorf("decode source %s: %w", f.name, err)
		}
		h := sha256.Sum256(b)
		sums[f.name] = hex.EncodeToString(h[:])
	}
	if len(cat.Actions) == 0 || len(glob.Keys) == 0 || len(ops.Operations) == 0 {
		return nil, errors.New("source files hold no actions, global keys or operations")
	}

	actions, err := buildActions(&cat)
	if err != nil {
		return nil, err
	}
	operations, err := buildOperations(&ops, actions)
	if err != nil {
		return nil, err
	}
	s3Keys := map[string]Key{}
	for _, k := range cat.ConditionKeys {
		lk := lookupKey(k.Key)
		entry := Key{Name: k.Key, Type: k.Type}
		if strings.HasPrefix(lk, "s3:") {
			var carriers []string
			for ak, a := range actions {
				if slices.Contains(a.ConditionKeys, lk) {
					carriers = append(carriers, ak)
				}
			}
			if len(carriers) <= selectiveKey {
				sort.Strings(carriers)
				entry.Actions = nonNil(carriers)
			}
		}
		s3Keys[lk] = entry
	}
	global := map[string]Key{}
	for _, k := range glob.Keys {
		global[lookupKey(k.Key)] = Key{Name: k.Key, Type: k.Type}
	}
	for name, c := range corr.GlobalTypes {
		lk := lookupKey(name)
		k, ok := global[lk]
		if !ok {
			return nil, fmt.Errorf("correction for unknown global key %q", name)
		}
		k.Type = c.Type
		global[lk] = k
	}
	str := func(v any) string { s, _ := v.(string); return s }
	return &Model{
		Meta: Meta{
			SourceRepo:     str(cat.Meta["source_repo"]),
			CatalogCommit:  str(cat.Meta["source_commit"]),
			GlobalCommit:   str(glob.Meta["source_commit"]),
			License:        str(cat.Meta["license"]),
			MRAPOperations: str(ops.Meta["operations_source"]),
			SHA256:         sums,
		},
		Actions:    actions,
		S3Keys:     s3Keys,
		GlobalKeys: global,
		Operations: operations,
		Words:      actionWords(actions),
	}, nil
}

func buildActions(cat *catalog) (map[string]*Action, error) {
	out := map[string]*Action{}
	for _, a := range cat.Actions {
		keys := map[string]bool{}
		for _, k := range a.ConditionKeys {
			keys[lookupKey(k)] = true
		}
		var rts []string
		for _, rt := range a.ResourceTypes {
			rts = append(rts, rt.Name)
			def, ok := cat.ResourceTypes[rt.Name]
			if !ok {
				return nil, fmt.Errorf("action %s names unknown resource type %q", a.Name, rt.Name)
			}
			for _, k := range def.ConditionKeys {
				keys[lookupKey(k)] = true
			}
			for _, k := range rt.ConditionKeys {
				keys[lookupKey(k)] = true
			}
		}
		name := "s3:" + a.Name
		out[strings.ToLower(name)] = &Action{
			Name:          name,
			AccessLevel:   accessLevel(a.AccessLevel),
			ResourceTypes: nonNil(rts),
			ConditionKeys: sortedKeys(keys),
		}
	}
	return out, nil
}

// buildOperations marks the actions usable through an MRAP and returns the
// operations table.
func buildOperations(ops *operations, actions map[string]*Action) (map[string]Operation, error) {
	lookup := func(op, name string) (string, error) {
		k := strings.ToLower(name)
		if _, ok := actions[k]; !ok {
			return "", fmt.Errorf("operation %s: action %q is not in the catalog", op, name)
		}
		return actions[k].Name, nil
	}
	out := map[string]Operation{}
	for _, op := range ops.Operations {
		names := ops.ActionsByOperation[op]
		if names == nil {
			names = []string{"s3:" + op}
		}
		o := Operation{Name: op, ViaMRAP: true}
		for _, n := range names {
			canon, err := lookup(op, n)
			if err != nil {
				return nil, err
			}
			o.Actions = append(o.Actions, canon)
			if v := versioned(canon); v != "" {
				if _, ok := actions[strings.ToLower(v)]; ok {
					o.Conditional = append(o.Conditional, actions[strings.ToLower(v)].Name)
				}
			}
		}
		for _, n := range ops.Conditional[op] {
			canon, err := lookup(op, n)
			if err != nil {
				return nil, err
			}
			o.Conditional = append(o.Conditional, canon)
		}
		o.Conditional = nonNil(o.Conditional)
		for _, n := range slices.Concat(o.Actions, o.Conditional) {
			a := actions[strings.ToLower(n)]
			a.ViaMRAP = true
			r, err := mrapResource(a)
			if err != nil {
				return nil, err
			}
			a.MRAPResource = &r
			for _, k := range accessPointKeys {
				if !slices.Contains(a.ConditionKeys, k) {
					a.ConditionKeys = append(a.ConditionKeys, k)
				}
			}
			sort.Strings(a.ConditionKeys)
		}
		out[strings.ToLower(op)] = o
	}
	for op, names := range ops.Unsupported {
		if _, dup := out[strings.ToLower(op)]; dup {
			return nil, fmt.Errorf("operation %s is listed as both supported and unsupported", op)
		}
		o := Operation{Name: op, Conditional: []string{}}
		for _, n := range names {
			canon, err := lookup(op, n)
			if err != nil {
				return nil, err
			}
			o.Actions = append(o.Actions, canon)
		}
		out[strings.ToLower(op)] = o
	}
	return out, nil
}

// accessPointKeys are carried by every request made through an access point,
// and so by every request through an MRAP, whatever resource types the
// catalog lists for the action (s3:ListBucketMultipartUploads names only
// "bucket"). Bucket policies delegate to an MRAP with them.
var accessPointKeys = []string{"s3:dataaccesspointaccount", "s3:dataaccesspointarn"}

// versioned returns the name of the action an operation needs when called
// with a versionId (s3:GetObjectAcl -> s3:GetObjectVersionAcl), or "".
func versioned(name string) string {
	i := strings.Index(name, "Object")
	if i < 0 {
		return ""
	}
	i += len("Object")
	return name[:i] + "Version" + name[i:]
}

// mrapResource tells which MRAP ARN form an action applies to, from the
// resource types the catalog gives it.
func mrapResource(a *Action) (string, error) {
	for _, rt := range a.ResourceTypes {
		if rt == "object" || rt == "accesspointobject" {
			return "object", nil
		}
	}
	for _, rt := range a.ResourceTypes {
		if rt == "bucket" || rt == "accesspoint" {
			return "bucket", nil
		}
	}
	return "", fmt.Errorf("action %s is usable through an MRAP but has no object or bucket resource type", a.Name)
}

func accessLevel(s string) string {
	switch {
	case strings.Contains(s, levelPermissions):
		return levelPermissions
	case strings.Contains(s, levelTagging):
		return levelTagging
	}
	return s
}

// lookupKey is the lower-case key under which a condition key is stored:
// tag-key patterns become "prefix/*".
func lookupKey(k string) string {
	if i := strings.IndexByte(k, '/'); i >= 0 {
		k = k[:i] + "/*"
	}
	return strings.ToLower(k)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

var camelWord = regexp.MustCompile(`[A-Z][a-z0-9]*`)

// actionWords indexes actions by their words in sorted order, so a name
// with the right words in the wrong order finds its action. Where two
// actions share the words, the first in sorted order wins.
func actionWords(actions map[string]*Action) map[string]string {
	out := map[string]string{}
	keys := make([]string, 0, len(actions))
	for k := range actions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := actions[k].Name
		w := camelWord.FindAllString(strings.TrimPrefix(name, "s3:"), -1)
		for i := range w {
			w[i] = strings.ToLower(w[i])
		}
		sort.Strings(w)
		key := strings.Join(w, ",")
		if _, dup := out[key]; !dup {
			out[key] = name
		}
	}
	return out
}
