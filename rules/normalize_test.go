package rules_test

// A stand-in for policy.Parse + Document.Normalized until they land on main:
// it builds the rule input (rule-contract.md) from policy bytes. It covers
// what the examples and sample policies need; the real parser replaces it.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

type problem struct {
	Rule    string `json:"rule"`
	Msg     string `json:"msg"`
	Pointer string `json:"pointer"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
}

// buildInput returns the input document the engine gives the rules.
func buildInput(name string, data []byte, limit int, target map[string]any) map[string]any {
	in := map[string]any{
		"file":     name,
		"size":     map[string]any{"bytes": len(data), "limit": limit},
		"problems": []any{},
	}
	if target != nil {
		in["target"] = target
	}
	var probs []problem
	add := func(rule, ptr, msg string, off int) {
		line, col := position(data, off)
		probs = append(probs, problem{Rule: rule, Msg: msg, Pointer: ptr, Line: line, Column: col})
	}
	if len(data) > limit {
		add("policy/size", "", fmt.Sprintf("policy is %d bytes, over the %d-byte limit", len(data), limit), 0)
	}
	raw, err := decode(data, add)
	if err == nil {
		in["raw"] = raw
		if obj, ok := raw.(map[string]any); ok {
			in["policy"] = normalize(obj, add)
		} else {
			add("policy/structure", "", "the policy is not a JSON object", 0)
		}
	}
	list := make([]any, len(probs))
	for i, p := range probs {
		list[i] = map[string]any{"rule": p.Rule, "msg": p.Msg, "pointer": p.Pointer, "line": p.Line, "column": p.Column}
	}
	in["problems"] = list
	return in
}

func position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line, col = 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

func decode(data []byte, add func(rule, ptr, msg string, off int)) (any, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		add("json/syntax", "", "the file is empty", 0)
		return nil, errors.New("empty")
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		add("json/syntax", "", "the file starts with a UTF-8 byte order mark", 0)
		return nil, errors.New("bom")
	case !utf8.Valid(data):
		add("json/syntax", "", "the file is not UTF-8", 0)
		return nil, errors.New("utf8")
	}
	if err := json.Unmarshal(data, new(any)); err != nil {
		off := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end") {
			off = len(data)
		}
		add("json/syntax", "", "invalid JSON: "+err.Error(), off)
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := value(dec, "", add)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// value decodes one JSON value, reporting duplicate keys (the last one wins,
// as in encoding/json).
func value(dec *json.Decoder, ptr string, add func(rule, ptr, msg string, off int)) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				off := int(dec.InputOffset())
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				child := ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
				if _, dup := obj[k]; dup {
					add("json/duplicate-key", child, fmt.Sprintf("key %q appears more than once in this object", k), off+1)
				}
				v, err := value(dec, child, add)
				if err != nil {
					return nil, err
				}
				obj[k] = v
			}
			_, err := dec.Token()
			return obj, err
		case '[':
			arr := []any{}
			for i := 0; dec.More(); i++ {
				v, err := value(dec, fmt.Sprintf("%s/%d", ptr, i), add)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
	}
	return tok, nil
}

func isStringList(v any) bool {
	l, ok := v.([]any)
	if !ok {
		return false
	}
	for _, e := range l {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

func isScalar(v any) bool {
	switch v.(type) {
	case string, bool, json.Number:
		return true
	}
	return false
}

func normalize(doc map[string]any, add func(rule, ptr, msg string, off int)) map[string]any {
	out := map[string]any{}
	for k, v := range doc {
		out[k] = v
	}
	for _, k := range []string{"Version", "Id"} {
		if v, ok := doc[k]; ok {
			if _, s := v.(string); !s {
				add("policy/structure", "/"+k, k+" must be a string", 0)
			}
		}
	}
	switch st := doc["Statement"].(type) {
	case map[string]any:
		out["Statement"] = []any{normalizeStatement(st, "/Statement", add)}
	case []any:
		list := make([]any, len(st))
		for i, s := range st {
			if obj, ok := s.(map[string]any); ok {
				list[i] = normalizeStatement(obj, fmt.Sprintf("/Statement/%d", i), add)
			} else {
				list[i] = s
				add("policy/structure", fmt.Sprintf("/Statement/%d", i), "a statement must be an object", 0)
			}
		}
		out["Statement"] = list
	case nil:
		if _, ok := doc["Statement"]; ok {
			add("policy/structure", "/Statement", "Statement must be an object or a list of objects", 0)
		}
	default:
		add("policy/structure", "/Statement", "Statement must be an object or a list of objects", 0)
	}
	return out
}

func normalizeStatement(s map[string]any, ptr string, add func(rule, ptr, msg string, off int)) map[string]any {
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	for _, k := range []string{"Sid", "Effect"} {
		if v, ok := s[k]; ok {
			if _, str := v.(string); !str {
				add("policy/structure", ptr+"/"+k, k+" must be a string", 0)
			}
		}
	}
	for _, k := range []string{"Action", "NotAction", "Resource", "NotResource"} {
		v, ok := s[k]
		if !ok {
			continue
		}
		if str, isStr := v.(string); isStr {
			out[k] = []any{str}
		} else if !isStringList(v) {
			add("policy/structure", ptr+"/"+k, k+" must be a string or a list of strings", 0)
		}
	}
	for _, k := range []string{"Principal", "NotPrincipal"} {
		v, ok := s[k]
		if !ok {
			continue
		}
		switch p := v.(type) {
		case string:
			if p == "*" {
				out[k] = map[string]any{"AWS": []any{"*"}}
			} else {
				add("policy/structure", ptr+"/"+k, k+" must be \"*\" or an object", 0)
			}
		case map[string]any:
			np := map[string]any{}
			good := true
			for t, pv := range p {
				if str, isStr := pv.(string); isStr {
					np[t] = []any{str}
				} else {
					np[t] = pv
					good = good && isStringList(pv)
				}
			}
			out[k] = np
			if !good {
				add("policy/structure", ptr+"/"+k, k+" values must be strings or lists of strings", 0)
			}
		default:
			add("policy/structure", ptr+"/"+k, k+" must be \"*\" or an object", 0)
		}
	}
	if v, ok := s["Condition"]; ok {
		c, isObj := v.(map[string]any)
		if !isObj {
			add("policy/structure", ptr+"/Condition", "Condition must be an object", 0)
			return out
		}
		nc := map[string]any{}
		for op, keys := range c {
			ko, isObj := keys.(map[string]any)
			if !isObj {
				nc[op] = keys
				add("policy/structure", ptr+"/Condition/"+op, "a condition operator must map to an object", 0)
				continue
			}
			nk := map[string]any{}
			for key, vals := range ko {
				switch vv := vals.(type) {
				case []any:
					nk[key] = vv
					for _, e := range vv {
						if !isScalar(e) {
							add("policy/structure", ptr+"/Condition/"+op+"/"+key, "condition values must be strings, numbers or booleans", 0)
						}
					}
				default:
					if isScalar(vv) {
						nk[key] = []any{vv}
					} else {
						nk[key] = vv
						add("policy/structure", ptr+"/Condition/"+op+"/"+key, "condition values must be strings, numbers or booleans", 0)
					}
				}
			}
			nc[op] = nk
		}
		out["Condition"] = nc
	}
	return out
}
