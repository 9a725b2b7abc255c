package iam

import "strings"

// Policy variables: ${name} in a Resource value or a Condition value is
// replaced by the request's value of the condition key name
// (${aws:username}, ${aws:PrincipalTag/team}); ${name, 'default'} gives a
// value for requests without the key; ${*}, ${?} and ${$} stand for the
// literal characters. IAM substitutes them only under Version 2012-10-17,
// and only in Resource and NotResource values and in the values of String
// and Arn condition operators.

// VariableProblem is a malformed policy variable: the text IAM reads as
// one and what is wrong with it.
type VariableProblem struct {
	Text    string // the variable as written, from "${" up to and including its "}" (to the end when there is none)
	Problem string // what is wrong and how to write it
	Code    string // IAM Access Analyzer's issue code for it
}

// VariableSyntax returns the first malformed policy variable in s, or
// ok false when every "${" in s starts a well-formed one.
func VariableSyntax(s string) (VariableProblem, bool) {
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return VariableProblem{}, false
		}
		rest = rest[i:]
		j := strings.IndexByte(rest, '}')
		if j < 0 {
			return VariableProblem{rest, "it has no closing brace; end the variable with }", "MISSING_BRACE_IN_VARIABLE"}, true
		}
		text, inner := rest[:j+1], rest[2:j]
		rest = rest[j+1:]
		name, def, hasDefault := strings.Cut(inner, ",")
		switch {
		case strings.TrimSpace(inner) == "":
			return VariableProblem{text, "it names no condition key; write the key, such as ${aws:username}, or remove the ${}", "EMPTY_VARIABLE"}, true
		case strings.ContainsAny(name, " \t\r\n"):
			return VariableProblem{text, "the variable name has a space; write the key without spaces, such as ${aws:username}", "UNSUPPORTED_SPACE_IN_VARIABLE"}, true
		case hasDefault:
			d := strings.TrimLeft(def, " ")
			if len(d) < 2 || d[0] != '\'' || d[len(d)-1] != '\'' {
				return VariableProblem{text, "its default value must be in single quotes after a comma and a space, such as ${aws:PrincipalTag/team, 'none'}", "MISSING_QUOTE_IN_VARIABLE"}, true
			}
		}
	}
}

// MRAPField names the part of an ARN that holds its first policy variable
// (or "${...}" template placeholder): "partition", "service", "region",
// "account", or for an MRAP ARN "alias"; "" when there is none, or when
// it is in the object key of an MRAP ARN or the resource of another ARN,
// where a variable is at home. A variable may hold ':', so the ARN is split
// with its variables masked.
func MRAPField(r string) string {
	if !strings.Contains(r, "${") {
		return ""
	}
	masked := []byte(r)
	for i := 0; i+1 < len(masked); i++ {
		if masked[i] != '$' || masked[i+1] != '{' {
			continue
		}
		j := strings.IndexByte(r[i:], '}')
		if j < 0 {
			j = len(r) - i - 1
		}
		for k := i; k <= i+j; k++ {
			masked[k] = 0
		}
		i += j
	}
	a, ok := ParseARN(string(masked))
	if !ok {
		return ""
	}
	for _, f := range []struct{ name, v string }{{"partition", a.Partition}, {"service", a.Service}, {"region", a.Region}, {"account", a.Account}} {
		if strings.IndexByte(f.v, 0) >= 0 {
			return f.name
		}
	}
	if rest, ok := strings.CutPrefix(a.Resource, "accesspoint/"); ok {
		alias, _, _ := strings.Cut(rest, "/")
		if strings.IndexByte(alias, 0) >= 0 {
			return "alias"
		}
	}
	return ""
}
