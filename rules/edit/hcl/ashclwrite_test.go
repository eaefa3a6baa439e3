package hcl_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/hcl"
	"github.com/beanlint/beanlint/rules/lint"
)

// applyAsHCLWrite fails t when Apply(src, edits) is not what the
// implementation through hclwrite made (an error in the same words counts
// as the same). It returns whether Apply succeeded.
func applyAsHCLWrite(t *testing.T, name string, src []byte, edits []edit.Edit) bool {
	t.Helper()
	got, err := hcl.Apply(src, edits)
	want, wantErr := hcl.RefApply(src, edits)
	switch {
	case (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error():
		t.Errorf("%s: Apply error %v, through hclwrite %v", name, err, wantErr)
	case !bytes.Equal(got, want):
		t.Errorf("%s: Apply differs from the implementation through hclwrite\ngot:\n%s\nwant:\n%s", name, got, want)
	}
	return err == nil
}

// renderAsHCLWrite fails t when RenderAt(edits, at), for the file of the
// first edit and for none, is not what the implementation through
// hclwrite made.
func renderAsHCLWrite(t *testing.T, name string, edits []edit.Edit) {
	t.Helper()
	at := ""
	if len(edits) > 0 {
		at = edits[0].File
	}
	for _, file := range []string{"", at} {
		if got, want := hcl.RenderAt(edits, file), hcl.RefRenderAt(edits, file); !bytes.Equal(got, want) {
			t.Errorf("%s: RenderAt(%q) differs from the implementation through hclwrite\ngot:\n%s\nwant:\n%s", name, file, got, want)
		}
	}
}

// compared are the edits of this package's tests and, besides, a
// SetProperty of nested blocks (which replaces those there: removing
// blocks is in no other edit).
var compared = append(slices.Clone(all), func() edit.Edit {
	e := statement
	e.Op = edit.SetProperty
	return e
}())

func describe(e edit.Edit) string { return e.Op.String() + " " + e.Target }

// TestApplyAsHCLWrite compares Apply and Render with the implementation
// through hclwrite on the edits of this package's tests, each alone and
// all together.
func TestApplyAsHCLWrite(t *testing.T) {
	for _, e := range compared {
		applyAsHCLWrite(t, describe(e), []byte(network), []edit.Edit{e})
		renderAsHCLWrite(t, describe(e), []edit.Edit{e})
	}
	applyAsHCLWrite(t, "all", []byte(network), all)
	renderAsHCLWrite(t, "all", all)
	applyAsHCLWrite(t, "all, CRLF", bytes.ReplaceAll([]byte(network), []byte("\n"), []byte("\r\n")), all)
}

// TestTerraformFixesAsHCLWrite compares Apply and Render with the
// implementation through hclwrite on the fixes of every Terraform case
// of testdata/rules (the texts the fix tests of package rules make): each
// finding's edits alone, and all of a file's merged.
func TestTerraformFixesAsHCLWrite(t *testing.T) {
	cases, err := filepath.Glob("../../../testdata/rules/*/*.tf")
	if err != nil {
		t.Fatal(err)
	}
	applied, compared := 0, 0
	for _, c := range cases {
		input := filepath.Join(c, "plan.json")
		if _, err := os.Stat(input); err != nil {
			input = c // a case without a plan
		}
		res := lint.Run([]string{input}, lint.Options{})
		var fixes []edit.Fix
		for _, f := range res.Findings {
			if len(f.Edits) > 0 {
				fixes = append(fixes, edit.Fix{Description: f.Fix, Edits: f.Edits})
			}
		}
		merged, err := edit.Merge(fixes...)
		if err != nil {
			continue
		}
		groups := [][]edit.Edit{merged}
		for _, f := range fixes {
			groups = append(groups, f.Edits)
		}
		for _, g := range groups {
			for _, file := range edit.Files(g) {
				if filepath.Ext(file) != ".tf" {
					continue
				}
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				compared++
				if applyAsHCLWrite(t, file, src, edit.In(g, file)) {
					applied++
				}
				renderAsHCLWrite(t, file, edit.In(g, file))
			}
		}
	}
	if applied < 50 {
		t.Fatalf("%d edit lists applied (%d compared): the cases are not where they were", applied, compared)
	}
	t.Logf("%d cases, %d edit lists compared, %d applied", len(cases), compared, applied)
}

// FuzzApplyAsHCLWrite: on any source, Apply does what the
// implementation through hclwrite did, with every edit of this package's
// tests (and a SetProperty of nested blocks) alone and all together.
func FuzzApplyAsHCLWrite(f *testing.F) {
	f.Add([]byte(network))
	f.Add([]byte("resource \"aws_vpc\" \"main\" {}\n"))
	f.Add([]byte("module \"endpoints\" {\n  endpoints = { s3 = {} }\n}\n"))
	f.Add([]byte("data \"aws_iam_policy_document\" \"s3\" {\n  a = 1 # c\n  # lead\n  statement { # open\n    sid = \"x\"\n  } # after\n  /* c */ statement {}\n}\n"))
	f.Add([]byte("resource \"aws_vpc_endpoint\" \"s3\" {\n  route_table_ids = /* c */ [aws_route_table.a.id]\n}\nmodule \"endpoints\" {\n  endpoints = /* x */ {\n  }\n}\n"))
	f.Add([]byte("resource \"aws_elastic_beanstalk_environment\" \"env\" {\n  # lead\n  setting { # line\n    namespace = \"aws:ec2:vpc\"\n  } # after\n}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, e := range compared {
			applyAsHCLWrite(t, describe(e), src, []edit.Edit{e})
		}
		applyAsHCLWrite(t, "all", src, all)
	})
}
