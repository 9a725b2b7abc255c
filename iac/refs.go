package iac

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/mrapguard/mrapguard/internal/awsid"
	"github.com/mrapguard/mrapguard/policy"
)

// checkAliases reports the unresolved values of a policy that are built
// from the alias of an MRAP other than target, the one the policy is
// attached to: pattern finds the resource in an expression's text, isMRAP
// says whether it names an MRAP.
func checkAliases(doc *policy.Document, target string, pattern *regexp.Regexp, isMRAP func(string) bool, how string) {
	walkNodes(doc.Root, "", func(n *policy.Node, ptr string) {
		if n.Kind != policy.Unresolved {
			return
		}
		texts := []string{n.Text}
		if n.Expr != nil && len(n.Expr.Parts) > 0 {
			texts = texts[:0]
			for _, p := range n.Expr.Parts {
				if p.Expr {
					texts = append(texts, p.Text)
				}
			}
		}
		seen := map[string]bool{}
		for _, t := range texts {
			for _, m := range pattern.FindAllStringSubmatch(t, -1) {
				res := m[1]
				if res == target || seen[res] || !isMRAP(res) {
					continue
				}
				seen[res] = true
				on := strings.TrimSpace("the policy is for " + target + " " + how)
				doc.Problems = append(doc.Problems, policy.Problem{Rule: RuleReference, Pointer: ptr, Pos: n.Start,
					Message: fmt.Sprintf("%s names the alias of %s, but %s: requests through %s never match it",
						elementOf(ptr), res, on, target)})
			}
		}
	})
}

// walkNodes calls f for every node of a tree with its JSON pointer.
func walkNodes(n *policy.Node, ptr string, f func(*policy.Node, string)) {
	if n == nil {
		return
	}
	f(n, ptr)
	for i, e := range n.Elems {
		walkNodes(e, ptr+"/"+strconv.Itoa(i), f)
	}
	for _, m := range n.Members {
		walkNodes(m.Value, ptr+policy.Pointer([]any{m.Key}), f)
	}
}

// elementOf names the statement element a pointer is in ("Resource").
func elementOf(ptr string) string {
	parts := strings.Split(ptr, "/")
	if len(parts) >= 4 && parts[1] == "Statement" {
		if _, err := strconv.Atoi(parts[2]); err == nil {
			return parts[3]
		}
	}
	if len(parts) >= 3 && parts[1] == "Statement" {
		return parts[2]
	}
	return "the policy"
}

// nameProblem says what is wrong with a literal MRAP name, or "".
func nameProblem(attr, name string) (rule, msg string) {
	switch {
	case awsid.MRAPAlias(name):
		return RuleReference, fmt.Sprintf("%s %q is an alias; it takes the Multi-Region Access Point's name, which is not its alias", attr, name)
	case !awsid.MRAPName(name):
		return RuleTemplate, fmt.Sprintf("%s %q is not a Multi-Region Access Point name: 3 to 50 lower-case letters, digits and hyphens, not starting or ending with a hyphen", attr, name)
	}
	return "", ""
}
