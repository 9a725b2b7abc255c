package main

import (
	"bytes"
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

// Access levels as the rules see them: exactly one per action.
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

// Action is one entry of "actions" in iam.json. Field names are a contract
// with the rules and with the diff package (see rules/README.md).
type Action struct {
	Name          string   `json:"name"`
	AccessLevel   string   `json:"access_level"`
	ResourceTypes []string `json:"resource_types"`
	ConditionKeys []string `json:"condition_keys"`
	ViaMRAP       bool     `json:"via_mrap"`
	MRAPResource  *string  `json:"mrap_resource"`
}

// Key is one entry of "condition_keys" or "global_condition_keys".
type Key struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Actions lists, for an S3 key carried by at most selectiveKey actions,
	// the lower-case actions whose requests carry it. Keys carried by more
	// (s3:authType, s3:signatureAge...) have no list.
	Actions []string `json:"actions,omitempty"`
}

// selectiveKey bounds the inverse index kept in condition_keys: enough for
// every key that only some actions carry, while the few keys nearly every
// action carries would only bloat the data.
const selectiveKey = 70

// Operation is one entry of "operations": an S3 API operation and the IAM
// actions it needs.
type Operation struct {
	Name        string   `json:"name"`
	ViaMRAP     bool     `json:"via_mrap"`
	Actions     []string `json:"actions"`
	Conditional []string `json:"conditional_actions"`
}

// Generate reads the source files from src and returns the content of iam.json.
func Generate(src fs.FS) ([]byte, error) {
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

	var via, keys, pm []string
	byForm := map[string][]string{"object": {}, "bucket": {}}
	for k, a := range actions {
		if a.MRAPResource != nil {
			byForm[*a.MRAPResource] = append(byForm[*a.MRAPResource], k)
		}
		keys = append(keys, k)
		if a.ViaMRAP {
			via = append(via, k)
		}
		if a.AccessLevel == levelPermissions {
			pm = append(pm, k)
		}
	}
	sort.Strings(via)
	sort.Strings(keys)
	sort.Strings(pm)
	for _, l := range byForm {
		sort.Strings(l)
	}

	meta := map[string]any{
		"generated_by": "go generate ./rules (go run ../internal/iamgen -src data/source -out data/iam.json); do not edit by hand",
		"source_repo":  cat.Meta["source_repo"],
		"source_commit": map[string]any{
			catalogFile:    cat.Meta["source_commit"],
			globalKeysFile: glob.Meta["source_commit"],
		},
		"license":         cat.Meta["license"],
		"source_sha256":   sums,
		"mrap_operations": ops.Meta["operations_source"],
		"derivations": []string{
			"keys of actions, condition_keys, global_condition_keys and operations are lower case; name fields keep the canonical case",
			"access_level: one level per action; upstream pairs such as 'Permissions management, Write' keep the more specific level",
			"actions[].condition_keys: the action's own keys plus those of every resource type it names, lower case; via-MRAP actions also carry s3:DataAccessPointArn and s3:DataAccessPointAccount (every MRAP request is an access-point request)",
			"tag-key patterns (aws:PrincipalTag/tag-key, aws:RequestTag/${TagKey}, s3:ExistingObjectTag/<key>) are keyed as prefix/* (aws:principaltag/*)",
			"via_mrap: the action is needed by an operation usable through a Multi-Region Access Point (mrap-operations.json), including versionId and header variants",
			"condition_keys[].actions: for S3 keys that only some actions carry (at most 70), the lower-case actions whose requests carry the key; absent for keys nearly every action carries",
			"mrap_resource_actions: MRAP ARN form (object, bucket) -> the sorted via-MRAP actions that apply to it",
			"action_words: the lower-case words of an action name, sorted and joined with ',' -> the action (s3:PutObjectAclVersion finds s3:PutObjectVersionAcl)",
			"condition_operators: every operator IAM accepts (base operator, optional ForAllValues:/ForAnyValue: prefix, optional IfExists suffix except on Null) -> {base, family, negated, set, if_exists}, so rules parse an operator with one lookup",
			"action_keys, via_mrap_actions, permissions_management_actions: sorted lower-case action keys (rules match a wildcard against such a list in one regular expression)",
			"mrap_resource: 'object' when the action applies to objects (MRAP ARN .../object/KEY), 'bucket' when it applies to a bucket or access point (the bare MRAP ARN); null when not via_mrap",
		},
	}
	return encode([]field{
		{"_meta", meta},
		{"action_keys", keys},
		{"actions", actions},
		{"condition_keys", s3Keys},
		{"global_condition_keys", global},
		{"condition_operators", conditionOperators()},
		{"mrap_resource_actions", byForm},
		{"action_words", actionWords(actions)},
		{"operations", operations},
		{"permissions_management_actions", pm},
		{"via_mrap_actions", via},
	})
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

type field struct {
	name  string
	value any
}

// encode writes a JSON object with one line per entry of each top-level map,
// so that a catalog refresh shows up as a readable diff.
func encode(fields []field) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, f := range fields {
		name, _ := marshal(f.name)
		buf.Write(name)
		buf.WriteString(": ")
		if err := encodeValue(&buf, f.value); err != nil {
			return nil, fmt.Errorf("encode %s: %w", f.name, err)
		}
		if i < len(fields)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

func encodeValue(buf *bytes.Buffer, v any) error {
	var entries map[string]json.RawMessage
	b, err := marshal(v)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &entries); err != nil {
		// Not an object: write it on one line.
		buf.Write(b)
		return nil //nolint:nilerr // a non-object is written as is
	}
	keys := make([]string, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	buf.WriteString("{\n")
	for i, k := range keys {
		kb, _ := marshal(k)
		buf.WriteString("  ")
		buf.Write(kb)
		buf.WriteString(": ")
		buf.Write(entries[k])
		if i < len(keys)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}")
	return nil
}

// marshal is json.Marshal without HTML escaping: keys such as
// s3:ExistingObjectTag/<key> stay readable.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Operator is one entry of "condition_operators".
type Operator struct {
	Base     string `json:"base"`
	Family   string `json:"family"`
	Negated  bool   `json:"negated"`
	Set      string `json:"set"`
	IfExists bool   `json:"if_exists"`
}

// baseOperators are the IAM condition operators (IAM User Guide, "IAM JSON
// policy elements: Condition operators"), with the value family each
// compares and whether it is negated.
var baseOperators = []struct {
	name, family string
	negated      bool
}{
	{"StringEquals", "String", false},
	{"StringNotEquals", "String", true},
	{"StringEqualsIgnoreCase", "String", false},
	{"StringNotEqualsIgnoreCase", "String", true},
	{"StringLike", "String", false},
	{"StringNotLike", "String", true},
	{"NumericEquals", "Numeric", false},
	{"NumericNotEquals", "Numeric", true},
	{"NumericLessThan", "Numeric", false},
	{"NumericLessThanEquals", "Numeric", false},
	{"NumericGreaterThan", "Numeric", false},
	{"NumericGreaterThanEquals", "Numeric", false},
	{"DateEquals", "Date", false},
	{"DateNotEquals", "Date", true},
	{"DateLessThan", "Date", false},
	{"DateLessThanEquals", "Date", false},
	{"DateGreaterThan", "Date", false},
	{"DateGreaterThanEquals", "Date", false},
	{"Bool", "Bool", false},
	{"BinaryEquals", "Binary", false},
	{"IpAddress", "IP", false},
	{"NotIpAddress", "IP", true},
	{"ArnEquals", "ARN", false},
	{"ArnLike", "ARN", false},
	{"ArnNotEquals", "ARN", true},
	{"ArnNotLike", "ARN", true},
	{"Null", "Null", false},
}

// conditionOperators expands the base operators with the set prefixes and
// the IfExists suffix; Null takes no IfExists.
func conditionOperators() map[string]Operator {
	out := map[string]Operator{}
	for _, b := range baseOperators {
		for _, set := range []string{"", "ForAllValues:", "ForAnyValue:"} {
			for _, ifExists := range []bool{false, true} {
				if ifExists && b.name == "Null" {
					continue
				}
				name := set + b.name
				if ifExists {
					name += "IfExists"
				}
				out[name] = Operator{Base: b.name, Family: b.family, Negated: b.negated, Set: set, IfExists: ifExists}
			}
		}
	}
	return out
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
