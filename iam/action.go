package iam

import (
	"sort"
	"strings"
)

// ActionInfo classifies one Action or NotAction value: an exact name or a
// wildcard pattern.
type ActionInfo struct {
	Value    string
	Service  string // lower-case service prefix ("s3"); "" when the value has none before ':'
	Wildcard bool   // holds * or ?
	Known    bool   // matches at least one catalogued action (a value not written service:name, nor "*", matches none)
	// Name is the canonical spelling of an exact, known action
	// ("s3:getobject" -> "s3:GetObject"); otherwise the value.
	Name    string
	Matches []*Action // the catalogued actions it matches, in catalog order
	ViaMRAP bool      // matches an action usable through an MRAP
	Forms   Forms     // MRAP ARN forms of the via-MRAP actions it matches
}

// Classify classifies an Action value against the catalog.
func (c *Catalog) Classify(v string) ActionInfo {
	info := ActionInfo{Value: v, Name: v, Wildcard: HasWildcard(v)}
	if i := strings.IndexByte(v, ':'); i > 0 {
		info.Service = strings.ToLower(v[:i])
	}
	if v == "*" || strings.IndexByte(v, ':') > 0 {
		info.Matches = c.Expand(v)
	}
	info.Known = len(info.Matches) > 0
	if info.Known && !info.Wildcard {
		info.Name = info.Matches[0].Name
	}
	for _, a := range info.Matches {
		if a.ViaMRAP {
			info.ViaMRAP = true
			info.Forms = info.Forms.With(a.Form)
		}
	}
	return info
}

// PermissionsManagement returns the names of the permissions-management
// actions the value matches, those usable through an MRAP first (they are
// the live risk), each group in catalog order.
func (info ActionInfo) PermissionsManagement() []string {
	var via, other []string
	for _, a := range info.Matches {
		if a.Level != LevelPermissionsManagement {
			continue
		}
		if a.ViaMRAP {
			via = append(via, a.Name)
		} else {
			other = append(other, a.Name)
		}
	}
	return append(via, other...)
}

// MatchNames returns the names of the actions the value matches.
func (info ActionInfo) MatchNames() []string {
	out := make([]string, len(info.Matches))
	for i, a := range info.Matches {
		out[i] = a.Name
	}
	return out
}

// camelWords returns the words of an action name: each capital letter with
// the lower-case letters and digits after it ([A-Z][a-z0-9]*).
func camelWords(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if !isUpper(s[i]) {
			continue
		}
		j := i + 1
		for j < len(s) && isLowerAlnum(s[j]) {
			j++
		}
		out = append(out, s[i:j])
		i = j - 1
	}
	return out
}

// SuggestAction returns the catalogued action an unknown S3 action name was
// probably meant to be: one with the same words in another order
// (s3:PutObjectAclVersion -> s3:PutObjectVersionAcl), else one edit away
// among the actions that share the name's first two letters; "" when there
// is none. (An operation name such as s3:ListObjects is LookupOperation's.)
func (c *Catalog) SuggestAction(v string) string {
	i := strings.IndexByte(v, ':')
	if i < 0 {
		return ""
	}
	words := camelWords(v[i+1:])
	for j := range words {
		words[j] = strings.ToLower(words[j])
	}
	sort.Strings(words)
	key := strings.Join(words, ",")
	if j := sort.Search(len(actionWords), func(j int) bool { return actionWords[j].words >= key }); j < len(actionWords) && actionWords[j].words == key {
		return actionWords[j].action
	}
	// Typo candidates share the first two letters of the name, which keeps
	// the edit-distance check off most of the catalog.
	pre := strings.ToLower(v[:min(len(v), i+3)])
	var names []string
	for j := sort.SearchStrings(c.keys, pre); j < len(c.keys) && strings.HasPrefix(c.keys[j], pre); j++ {
		names = append(names, c.actions[j].Name)
	}
	return Suggest(v, names)
}

// Suggest returns the first candidate, in sorted order, that is near word:
// equal ignoring case, or one inserted, deleted, replaced or swapped
// character away (ignoring case). "" when none is.
func Suggest(word string, candidates []string) string {
	best := ""
	for _, c := range candidates {
		if near(word, c) && (best == "" || c < best) {
			best = c
		}
	}
	return best
}

func near(a, b string) bool {
	x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	switch len(x) - len(y) {
	case 0:
		var diffs []int
		for i := range x {
			if x[i] != y[i] {
				diffs = append(diffs, i)
				if len(diffs) > 2 {
					return false
				}
			}
		}
		switch len(diffs) {
		case 0, 1:
			return true
		case 2:
			i, j := diffs[0], diffs[1]
			return j == i+1 && x[i] == y[j] && x[j] == y[i]
		}
		return false
	case 1:
		return deletion(x, y)
	case -1:
		return deletion(y, x)
	}
	return false
}

// deletion: removing one character of long gives short.
func deletion(long, short []rune) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	for j := i; j < len(short); j++ {
		if long[j+1] != short[j] {
			return false
		}
	}
	return true
}

// SuggestOperator returns the operator an undefined one was probably meant
// to be, repairing the set prefix and the base separately and keeping an
// IfExists suffix ("ForAnyValues:stringLikeIfexists" ->
// "ForAnyValue:StringLikeIfExists"); "" when there is none.
func SuggestOperator(op string) string {
	if p, b, ok := strings.Cut(op, ":"); ok {
		if strings.Contains(b, ":") {
			return ""
		}
		ps := Suggest(p, []string{"ForAllValues", "ForAnyValue"})
		bs := suggestBase(b)
		if ps == "" || bs == "" {
			return ""
		}
		return ps + ":" + bs
	}
	return suggestBase(op)
}

func suggestBase(b string) string {
	bases := BaseOperators()
	const suffix = "IfExists"
	if len(b) > len(suffix) && strings.HasSuffix(strings.ToLower(b), strings.ToLower(suffix)) {
		if x := Suggest(b[:len(b)-len(suffix)], bases); x != "" && x != "Null" {
			return x + suffix
		}
	}
	return Suggest(b, bases)
}

// NullIfExists reports whether an operator IAM does not define is Null
// with the IfExists suffix (and an optional set prefix): what is left
// after removing one set prefix and one IfExists suffix is a Null operator.
func NullIfExists(op string) bool {
	for _, p := range []string{ForAllValues, ForAnyValue} {
		if r, ok := strings.CutPrefix(op, p); ok {
			op = r
			break
		}
	}
	o, ok := ParseOperator(strings.TrimSuffix(op, "IfExists"))
	return ok && o.Family == "Null"
}
