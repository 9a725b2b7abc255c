package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// The emulator's own policy checks. They mirror what S3 enforces on
// PutMultiRegionAccessPointPolicy closely enough for a client to meet the same
// refusals, and are deliberately independent of mrapguard's linter: a bug
// shared by both would hide itself.

// policyError is a MalformedPolicy refusal with AWS-style wording.
type policyError struct{ msg string }

func (e *policyError) Error() string { return e.msg }

func malformed(format string, args ...any) error {
	return &policyError{fmt.Sprintf(format, args...)}
}

// Regular expressions are compiled on first use: every command of the
// binary initializes this package, and compiling them is start-up time.
var (
	actionRe    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$`) })
	accountIDRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{12}$`) })
)

// validatePolicy reports why AWS would refuse doc as the policy of the MRAP
// with this account and alias, or nil.
func validatePolicy(doc, account, alias string) error {
	trimmed := bytes.TrimLeft([]byte(doc), " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return malformed("Policies must be valid JSON and the first byte must be '{'")
	}
	var top map[string]any
	d := json.NewDecoder(bytes.NewReader(trimmed))
	d.UseNumber()
	if err := d.Decode(&top); err != nil {
		return malformed("Policies must be valid JSON and the first byte must be '{'")
	}
	for _, k := range sortedKeys(top) {
		switch k {
		case "Version", "Id", "Statement":
		default:
			return malformed("Unknown field %s", k)
		}
	}
	if v, ok := top["Version"]; ok {
		if s, _ := v.(string); s != "2012-10-17" && s != "2008-10-17" {
			return malformed("Invalid policy version")
		}
	}
	stmts, err := statements(top)
	if err != nil {
		return err
	}
	mrapARN := "arn:aws:s3::" + account + ":accesspoint/" + alias
	for _, st := range stmts {
		if err := validateStatement(st, mrapARN); err != nil {
			return err
		}
	}
	return nil
}

func statements(top map[string]any) ([]map[string]any, error) {
	raw, ok := top["Statement"]
	if !ok {
		return nil, malformed("Missing required field Statement")
	}
	var list []any
	switch v := raw.(type) {
	case map[string]any:
		list = []any{v}
	case []any:
		list = v
	default:
		return nil, malformed("Statement must be an object or a list of objects")
	}
	if len(list) == 0 {
		return nil, malformed("Missing required field Statement")
	}
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		st, ok := item.(map[string]any)
		if !ok {
			return nil, malformed("Statement must be an object or a list of objects")
		}
		out = append(out, st)
	}
	return out, nil
}

func validateStatement(st map[string]any, mrapARN string) error {
	for _, k := range sortedKeys(st) {
		switch k {
		case "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
			"Resource", "NotResource", "Condition":
		default:
			return malformed("Unknown field %s", k)
		}
	}
	switch e := st["Effect"]; e {
	case "Allow", "Deny":
	case nil:
		return malformed("Missing required field Effect")
	default:
		return malformed("Invalid effect: %v", e)
	}
	if err := exactlyOne(st, "Principal", "NotPrincipal"); err != nil {
		return err
	}
	if err := exactlyOne(st, "Action", "NotAction"); err != nil {
		return err
	}
	if err := exactlyOne(st, "Resource", "NotResource"); err != nil {
		return err
	}
	for _, k := range []string{"Principal", "NotPrincipal"} {
		if p, ok := st[k]; ok && !validPrincipal(p) {
			return malformed("Invalid principal in policy")
		}
	}
	for _, k := range []string{"Action", "NotAction"} {
		if a, ok := st[k]; ok {
			acts, ok := stringList(a)
			if !ok || len(acts) == 0 {
				return malformed("Policy has invalid action")
			}
			for _, act := range acts {
				if act != "*" && (!actionRe().MatchString(act) || !strings.EqualFold(act[:strings.IndexByte(act, ':')], "s3")) {
					return malformed("Policy has invalid action")
				}
			}
		}
	}
	for _, k := range []string{"Resource", "NotResource"} {
		if r, ok := st[k]; ok {
			res, ok := stringList(r)
			if !ok || len(res) == 0 {
				return malformed("Policy has invalid resource")
			}
			for _, pat := range res {
				// A resource must designate this MRAP or objects through it;
				// the MRAP's name in place of its alias does not.
				if !globMatch(pat, mrapARN) && !globCanStartWith(pat, mrapARN+"/object/") {
					return malformed("Policy has invalid resource")
				}
			}
		}
	}
	if c, ok := st["Condition"]; ok {
		block, ok := c.(map[string]any)
		if !ok {
			return malformed("Invalid Condition block")
		}
		for _, op := range sortedKeys(block) {
			kv, ok := block[op].(map[string]any)
			if !ok {
				return malformed("Invalid Condition block")
			}
			for _, key := range sortedKeys(kv) {
				if _, ok := conditionValues(kv[key]); !ok {
					return malformed("Invalid Condition value for key %s", key)
				}
			}
		}
	}
	return nil
}

func exactlyOne(st map[string]any, a, b string) error {
	_, hasA := st[a]
	_, hasB := st[b]
	switch {
	case hasA && hasB:
		return malformed("Statement has both %s and %s", a, b)
	case !hasA && !hasB:
		return malformed("Missing required field %s", a)
	}
	return nil
}

func validPrincipal(p any) bool {
	if s, ok := p.(string); ok {
		return s == "*"
	}
	m, ok := p.(map[string]any)
	if !ok || len(m) == 0 {
		return false
	}
	for k, v := range m {
		vals, ok := stringList(v)
		if !ok || len(vals) == 0 {
			return false
		}
		switch k {
		case "AWS":
			for _, s := range vals {
				if s != "*" && !accountIDRe().MatchString(s) && !strings.HasPrefix(s, "arn:") {
					return false
				}
			}
		case "Service", "Federated", "CanonicalUser":
		default:
			return false
		}
	}
	return true
}

// stringList accepts a string or a list of strings.
func stringList(v any) ([]string, bool) {
	switch t := v.(type) {
	case string:
		return []string{t}, true
	case []any:
		out := make([]string, 0, len(t))
		for _, item := range t {
			s, ok := item.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// conditionValues accepts a scalar or a list of scalars, as strings.
func conditionValues(v any) ([]string, bool) {
	scalar := func(x any) (string, bool) {
		switch t := x.(type) {
		case string:
			return t, true
		case bool:
			return fmt.Sprint(t), true
		case json.Number:
			return t.String(), true
		}
		return "", false
	}
	if list, ok := v.([]any); ok {
		out := make([]string, 0, len(list))
		for _, item := range list {
			s, ok := scalar(item)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	s, ok := scalar(v)
	if !ok {
		return nil, false
	}
	return []string{s}, true
}

// isPublicPolicy mirrors AWS's definition of a public policy: some Allow
// statement grants a wildcard principal (or uses NotPrincipal) without a
// condition that pins the caller to fixed values of an identifying key. doc
// must have passed validatePolicy.
func isPublicPolicy(doc string) bool {
	var top map[string]any
	d := json.NewDecoder(strings.NewReader(doc))
	d.UseNumber()
	if d.Decode(&top) != nil {
		return false
	}
	stmts, err := statements(top)
	if err != nil {
		return false
	}
	for _, st := range stmts {
		if st["Effect"] != "Allow" {
			continue
		}
		_, notPrincipal := st["NotPrincipal"]
		if !notPrincipal && !wildcardPrincipal(st["Principal"]) {
			continue
		}
		if !narrowed(st["Condition"]) {
			return true
		}
	}
	return false
}

func wildcardPrincipal(p any) bool {
	if s, ok := p.(string); ok {
		return s == "*"
	}
	m, ok := p.(map[string]any)
	if !ok {
		return false
	}
	vals, _ := stringList(m["AWS"])
	for _, v := range vals {
		if v == "*" {
			return true
		}
	}
	return false
}

// narrowingKeys are the condition keys AWS accepts as making a wildcard
// principal non-public when bound to fixed values.
var narrowingKeys = map[string]bool{
	"aws:principalorgid":        true,
	"aws:principalaccount":      true,
	"aws:principalarn":          true,
	"aws:sourcevpce":            true,
	"aws:sourcevpc":             true,
	"aws:sourcearn":             true,
	"aws:sourceaccount":         true,
	"aws:sourceip":              true,
	"aws:userid":                true,
	"s3:dataaccesspointarn":     true,
	"s3:dataaccesspointaccount": true,
}

// fixedOperators compare the key to the listed values (as opposed to
// negations, which leave the rest of the world in).
var fixedOperators = map[string]bool{
	"stringequals": true, "stringequalsignorecase": true, "stringlike": true,
	"arnequals": true, "arnlike": true, "ipaddress": true,
}

func narrowed(cond any) bool {
	block, ok := cond.(map[string]any)
	if !ok {
		return false
	}
	for op, raw := range block {
		lop := strings.ToLower(op)
		// ForAllValues passes when the key is absent, …IfExists too.
		if strings.HasSuffix(lop, "ifexists") || strings.HasPrefix(lop, "forallvalues:") {
			continue
		}
		lop = strings.TrimPrefix(lop, "foranyvalue:")
		if !fixedOperators[lop] {
			continue
		}
		kv, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		for key, v := range kv {
			lkey := strings.ToLower(key)
			if !narrowingKeys[lkey] {
				continue
			}
			vals, ok := conditionValues(v)
			if ok && len(vals) > 0 && allFixed(lkey, vals) {
				return true
			}
		}
	}
	return false
}

func allFixed(key string, vals []string) bool {
	for _, v := range vals {
		if v == "" || strings.ContainsAny(v, "*?") {
			return false
		}
		switch key {
		case "aws:sourceip":
			p, err := netip.ParsePrefix(v)
			if err != nil {
				a, aerr := netip.ParseAddr(v)
				if aerr != nil {
					return false
				}
				p = netip.PrefixFrom(a, a.BitLen())
			}
			if p.Bits() == 0 {
				return false
			}
		case "aws:principalarn":
			// arn:partition:service::ACCOUNT:… with a concrete account.
			parts := strings.SplitN(v, ":", 6)
			if len(parts) < 6 || !accountIDRe().MatchString(parts[4]) {
				return false
			}
		}
	}
	return true
}

// globMatch reports whether the IAM pattern p (with * and ?) matches s.
func globMatch(p, s string) bool {
	states := globRun(p, s)
	for _, i := range states {
		if i == len(p) {
			return true
		}
	}
	return false
}

// globCanStartWith reports whether some string beginning with prefix matches
// the IAM pattern p.
func globCanStartWith(p, prefix string) bool { return len(globRun(p, prefix)) > 0 }

// globRun returns the pattern positions reachable after consuming s.
func globRun(p, s string) []int {
	closure := func(set map[int]bool) {
		for i := 0; i < len(p); i++ {
			if set[i] && p[i] == '*' {
				set[i+1] = true
			}
		}
	}
	cur := map[int]bool{0: true}
	closure(cur)
	for j := 0; j < len(s) && len(cur) > 0; j++ {
		next := map[int]bool{}
		for i := range cur {
			if i >= len(p) {
				continue
			}
			switch p[i] {
			case '*':
				next[i] = true
			case '?':
				next[i+1] = true
			default:
				if p[i] == s[j] {
					next[i+1] = true
				}
			}
		}
		closure(next)
		cur = next
	}
	out := make([]int, 0, len(cur))
	for i := range cur {
		out = append(out, i)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
