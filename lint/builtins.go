package lint

import (
	"encoding/json"
	"errors"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/mrapguard/mrapguard/iam"
	"github.com/mrapguard/mrapguard/policy"
)

// The builtins below give every rule, built-in or the user's, package iam's
// answers for any value (input.facts has them for the document's own
// values). They are pure, so they stay within the restricted capabilities
// rules run with; each is undefined, never an error, for a value of the
// wrong type. rules/README.md documents them.

// Builtin names.
const (
	builtinAction     = "iam.action"
	builtinActions    = "iam.actions"
	builtinMatch      = "iam.match"
	builtinMatchARN   = "iam.match_arn"
	builtinKey        = "iam.condition_key"
	builtinOperator   = "iam.operator"
	builtinARN        = "iam.arn"
	builtinDidYouMean = "mrapguard.did_you_mean"
	builtinLintInput  = "mrapguard.input"
)

func init() {
	str1 := func(name, desc string, result types.Type, f func(string) *ast.Term) {
		rego.RegisterBuiltin1(&rego.Function{Name: name, Description: desc, Decl: types.NewFunction(types.Args(types.Named("value", types.S)), result)},
			func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
				s, ok := a.Value.(ast.String)
				if !ok {
					return nil, nil
				}
				return f(string(s)), nil
			})
	}
	str2 := func(name, desc string, result types.Type, f func(a, b string) *ast.Term) {
		rego.RegisterBuiltin2(&rego.Function{Name: name, Description: desc, Decl: types.NewFunction(types.Args(types.Named("pattern", types.S), types.Named("value", types.S)), result)},
			func(_ rego.BuiltinContext, a, b *ast.Term) (*ast.Term, error) {
				x, ok1 := a.Value.(ast.String)
				y, ok2 := b.Value.(ast.String)
				if !ok1 || !ok2 {
					return nil, nil
				}
				return f(string(x), string(y)), nil
			})
	}
	obj := types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))

	str1(builtinAction, "the catalog entry of an exact action name (any case): name, level, resource_types, condition_keys, via_mrap, form; undefined for anything else",
		obj, func(name string) *ast.Term {
			if iam.HasWildcard(name) {
				return nil
			}
			a := iam.S3().Lookup(name)
			if a == nil {
				return nil
			}
			return actionTerm(a)
		})
	str1(builtinActions, "the canonical names of the catalogued actions an action or pattern matches (any case)",
		types.NewArray(nil, types.S), func(pattern string) *ast.Term {
			var names []string
			for _, a := range iam.S3().Expand(pattern) {
				names = append(names, a.Name)
			}
			return strs(names)
		})
	str2(builtinMatch, "IAM wildcard matching: * matches any run of characters, ? one; case-sensitive",
		types.B, func(p, s string) *ast.Term { return boolean(iam.Match(p, s)) })
	str2(builtinMatchARN, "ARN pattern matching segment by segment (a wildcard does not cross ':' before the resource)",
		types.B, func(p, s string) *ast.Term { return boolean(iam.MatchARN(p, s)) })
	str1(builtinKey, "a global or S3 condition key (any case; tag keys match prefix/*): name, type, global, multivalued, role, carried_by; undefined when unknown",
		obj, func(k string) *ast.Term {
			info := iam.LookupKey(k)
			if info == nil {
				return nil
			}
			return keyTerm(info)
		})
	str1(builtinOperator, "a condition operator IAM defines (case-sensitive): base, family, negated, set, if_exists; undefined otherwise",
		obj, func(op string) *ast.Term {
			o, ok := iam.ParseOperator(op)
			if !ok {
				return nil
			}
			return operatorTerm(o)
		})
	str1(builtinARN, "an ARN's six fields: partition, service, region, account, resource, and valid_partition; undefined when the value is not an ARN",
		obj, func(s string) *ast.Term {
			a, ok := iam.ParseARN(s)
			if !ok {
				return nil
			}
			return arnTerm(a)
		})

	rego.RegisterBuiltin2(&rego.Function{
		Name:        builtinDidYouMean,
		Description: `" (did you mean \"X\"?)" for the first candidate near word (case, or one character inserted, deleted, replaced or swapped), else ""`,
		Decl:        types.NewFunction(types.Args(types.Named("word", types.A), types.Named("candidates", types.A)), types.S),
	}, func(_ rego.BuiltinContext, a, b *ast.Term) (*ast.Term, error) {
		word, ok := a.Value.(ast.String)
		if !ok {
			return str(""), nil
		}
		var cands []string
		collect := func(t *ast.Term) {
			if s, ok := t.Value.(ast.String); ok {
				cands = append(cands, string(s))
			}
		}
		switch c := b.Value.(type) {
		case ast.Set:
			c.Foreach(collect)
		case *ast.Array:
			c.Foreach(collect)
		}
		if s := iam.Suggest(string(word), cands); s != "" {
			q, _ := json.Marshal(s)
			return str(" (did you mean " + string(q) + "?)"), nil
		}
		return str(""), nil
	})

	rego.RegisterBuiltin2(&rego.Function{
		Name: builtinLintInput,
		Description: "the input lint gives rules for a policy document (a JSON string, or a value turned into JSON): " +
			"file, problems, size, raw, policy, target and facts; options: target {account, name, alias}, max_bytes, file",
		Decl: types.NewFunction(types.Args(types.Named("document", types.A), types.Named("options", types.A)), obj),
	}, func(_ rego.BuiltinContext, a, b *ast.Term) (*ast.Term, error) {
		return lintInputTerm(a, b)
	})
}

func actionTerm(a *iam.Action) *ast.Term {
	var o object
	o.set("name", str(a.Name))
	o.set("level", str(a.Level))
	o.set("resource_types", strs(a.ResourceTypes))
	o.set("condition_keys", strs(a.ConditionKeys))
	o.set("via_mrap", boolean(a.ViaMRAP))
	if a.Form != iam.FormNone {
		o.set("form", str(a.Form.String()))
	}
	return o.term()
}

func operatorTerm(o iam.Operator) *ast.Term {
	return object{
		ast.Item(str("base"), str(o.Base)), ast.Item(str("family"), str(o.Family)),
		ast.Item(str("negated"), boolean(o.Negated)), ast.Item(str("set"), str(o.Set)),
		ast.Item(str("if_exists"), boolean(o.IfExists)),
	}.term()
}

func arnTerm(a iam.ARN) *ast.Term {
	return object{
		ast.Item(str("partition"), str(a.Partition)), ast.Item(str("service"), str(a.Service)),
		ast.Item(str("region"), str(a.Region)), ast.Item(str("account"), str(a.Account)),
		ast.Item(str("resource"), str(a.Resource)), ast.Item(str("valid_partition"), boolean(iam.ValidPartition(a.Partition))),
	}.term()
}

// lintInputTerm builds the input of mrapguard.input: the document is parsed
// exactly as lint parses a file.
func lintInputTerm(docTerm, optsTerm *ast.Term) (*ast.Term, error) {
	var src []byte
	if s, ok := docTerm.Value.(ast.String); ok {
		src = []byte(s)
	} else {
		v, err := ast.JSON(docTerm.Value)
		if err != nil {
			return nil, errors.New("document is not JSON-compatible")
		}
		if src, err = json.Marshal(v); err != nil {
			return nil, err
		}
	}
	var opts struct {
		Target   *Target `json:"target"`
		MaxBytes int     `json:"max_bytes"`
		File     string  `json:"file"`
	}
	if optsTerm != nil {
		if v, err := ast.JSON(optsTerm.Value); err == nil {
			b, _ := json.Marshal(v)
			_ = json.Unmarshal(b, &opts)
		}
	}
	if opts.File == "" {
		opts.File = "policy.json"
	}
	popts := policy.Options{MaxBytes: opts.MaxBytes}
	doc := policy.Parse(opts.File, src, popts)
	return ast.NewTerm(inputValue(doc, opts.Target, popts)), nil
}
