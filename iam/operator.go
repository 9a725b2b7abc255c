package iam

import "strings"

// Operator is a parsed condition operator.
type Operator struct {
	Name     string // as written: "ForAnyValue:StringLikeIfExists"
	Base     string // "StringLike"
	Family   string // String, Numeric, Date, Bool, Binary, IP, ARN or Null
	Negated  bool   // StringNotEquals, NotIpAddress, ArnNotLike...: no value may match
	Set      string // "", "ForAllValues:" or "ForAnyValue:"
	IfExists bool   // the IfExists suffix: an absent key passes
}

// Set-operator prefixes.
const (
	ForAllValues = "ForAllValues:"
	ForAnyValue  = "ForAnyValue:"
)

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

// ParseOperator parses a condition operator as IAM defines it: a base
// operator, optionally prefixed with ForAllValues: or ForAnyValue: and
// suffixed with IfExists (Null takes no IfExists). Operators are
// case-sensitive. ok is false for anything else.
func ParseOperator(op string) (Operator, bool) {
	o := Operator{Name: op}
	rest := op
	for _, p := range []string{ForAllValues, ForAnyValue} {
		if r, ok := strings.CutPrefix(rest, p); ok {
			o.Set, rest = p, r
			break
		}
	}
	if r, ok := strings.CutSuffix(rest, "IfExists"); ok {
		o.IfExists, rest = true, r
	}
	for _, b := range baseOperators {
		if b.name == rest {
			if o.IfExists && b.name == "Null" {
				return Operator{}, false
			}
			o.Base, o.Family, o.Negated = b.name, b.family, b.negated
			return o, true
		}
	}
	return Operator{}, false
}

// BaseOperators returns the base operator names, in the IAM User Guide's
// order.
func BaseOperators() []string {
	out := make([]string, len(baseOperators))
	for i, b := range baseOperators {
		out[i] = b.name
	}
	return out
}

// Positive reports whether the operator can pin a key to its values: the
// key must be present (no IfExists) and match one of them (not negated;
// ForAllValues: is true when the key is absent).
func (o Operator) Positive() bool {
	return !o.Negated && !o.IfExists && o.Set != ForAllValues
}

// Compares reports whether operators of the family can compare a key of
// the catalog type typ (ArrayOf stripped). String, Null and Binary
// operators apply to every key type.
func (o Operator) Compares(typ string) bool {
	typ = strings.TrimPrefix(typ, "ArrayOf")
	switch o.Family {
	case "Numeric", "Date":
		return typ == "Numeric" || typ == "Date"
	case "Bool":
		return typ == "Bool"
	case "IP":
		return typ == "IPAddress"
	case "ARN":
		return typ == "ARN"
	}
	return true
}
