package iac

import (
	"fmt"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	f := os.Getenv("DUMP")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	docs, skipped := Load(f, data, true, Options{Account: os.Getenv("ACCOUNT")})
	fmt.Println("skipped", skipped)
	for _, d := range docs {
		fmt.Printf("== %s [%s] resolved=%v\n", d.Name, d.Resource, d.Resolved())
		for _, p := range d.Problems {
			fmt.Printf("  %d:%d %s %s (%s)\n", p.Pos.Line, p.Pos.Column, p.Rule, p.Message, p.Pointer)
		}
		if d.Root != nil {
			fmt.Printf("  canonical: %s\n", d.Canonical())
		}
	}
}
