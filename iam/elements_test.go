package iam

import "testing"

func TestUniqueIDKind(t *testing.T) {
	for v, want := range map[string]string{
		"AROADBQP57FF2AEXAMPLE":            "role",
		"AIDACKCEVSQ6C2EXAMPLE":            "user",
		"AROA":                             "",
		"AKIAIOSFODNN7EXAMPLE":             "",
		"aroadbqp57ff2aexample":            "",
		"arn:aws:iam::111122223333:role/x": "",
		"111122223333":                     "",
	} {
		if got := UniqueIDKind(v); got != want {
			t.Errorf("UniqueIDKind(%q) = %q, want %q", v, got, want)
		}
	}
}
