package hcl_test

import (
	"bytes"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	hcledit "github.com/beanlint/beanlint/rules/edit/hcl"
)

// FuzzApply applies every kind of edit to arbitrary source: Apply never
// panics, and when it succeeds the result is valid HCL that a second
// Apply leaves alone.
func FuzzApply(f *testing.F) {
	f.Add([]byte(network))
	f.Add([]byte("resource \"aws_vpc\" \"main\" {}\n"))
	f.Add([]byte("module \"endpoints\" {\n  endpoints = { s3 = {} }\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := hcledit.Apply(src, all)
		if err != nil {
			return
		}
		if _, diags := hclsyntax.ParseConfig(out, "fuzz.tf", hcl.InitialPos); diags.HasErrors() {
			t.Fatalf("Apply made invalid HCL: %v\n%s", diags, out)
		}
		again, err := hcledit.Apply(out, all)
		if err != nil {
			t.Fatalf("a second Apply: %v\n%s", err, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("a second Apply changed\n%s\nto\n%s", out, again)
		}
	})
}
