package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beanlint/beanlint/rules/lint"
	"github.com/beanlint/beanlint/rules/lint/fix"
)

var appliers = lint.Appliers()

// applyFixes lints files and applies their fixes as beanlint fix does;
// it returns the plan.
func applyFixes(t *testing.T, files []string) (*fix.Plan, []string) {
	t.Helper()
	res := lint.Run(files, lint.Options{Parameters: caseParameters(files)})
	plan, err := fix.Build(res.Findings, res.Formats, appliers, os.ReadFile)
	if err != nil {
		t.Fatalf("%s: %v", files[0], err)
	}
	if err := plan.Write(os.ReadFile); err != nil {
		t.Fatalf("%s: %v", files[0], err)
	}
	var fixed []string
	for _, f := range res.Findings {
		if len(f.Edits) > 0 && !f.Suppressed() && !placeholder(f.Edits) {
			fixed = append(fixed, findingKey(f))
		}
	}
	return plan, fixed
}

// TestTerraformFixesApply applies the fixes of every Terraform case as
// beanlint fix does, on a copy: no fix is refused, every file changed is
// still valid HCL, only .tf files of the repository change, and a second
// run changes nothing.
func TestTerraformFixesApply(t *testing.T) {
	applied := 0
	for _, c := range listCases(t) {
		if !isTFCase(c) || isNoPlanCase(c) {
			continue
		}
		files, err := caseFiles(c)
		if err != nil {
			t.Fatal(err)
		}
		// The case and the local modules, where its relative sources
		// (../../../terraform/modules/...) find them.
		dir := t.TempDir()
		rel, err := filepath.Rel(filepath.Join(casesDir, ".."), c)
		if err != nil {
			t.Fatal(err)
		}
		copyCase(t, c, filepath.Join(dir, filepath.Dir(rel)))
		copyCase(t, filepath.Join(casesDir, "..", "terraform", "modules"), filepath.Join(dir, "terraform"))
		copied := []string{filepath.Join(dir, rel, filepath.Base(files[0]))}
		plan, fixed := applyFixes(t, copied)
		for _, ch := range plan.Changes {
			if filepath.Ext(ch.File) != ".tf" || regexp.MustCompile(`(^|/)\.terraform/`).MatchString(filepath.ToSlash(ch.File)) {
				t.Errorf("%s: beanlint fix changed %s, not a .tf file of the repository", c, ch.File)
			}
			if _, diags := hclsyntax.ParseConfig(ch.New, ch.File, hcl.InitialPos); diags.HasErrors() {
				t.Errorf("%s: %s is not valid HCL after the fixes: %v\n%s", c, ch.File, diags, ch.New)
			}
		}
		again, _ := applyFixes(t, copied)
		for _, ch := range again.Changes {
			t.Errorf("%s: a second beanlint fix changed %s:\n%s", c, ch.File, again.Diff())
		}
		// Linted again from the fixed configuration alone (the plan is of
		// the configuration before the fixes), none of the fixed findings
		// remains.
		caseDir := filepath.Dir(copied[0])
		for _, stale := range []string{"plan.json", "terraform.tfstate"} {
			if err := os.Remove(filepath.Join(caseDir, stale)); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		relint := lint.Run([]string{caseDir}, lint.Options{Parameters: caseParameters(files)})
		for _, f := range relint.Findings {
			if slices.Contains(fixed, findingKey(f)) {
				t.Errorf("%s: the fix of %s %s was applied and the finding remains (%s):\n%s", c, f.RuleID, f.Subject, f.Loc, f.Message)
			}
		}
		applied += len(fixed)
	}
	t.Logf("%d Terraform fixes applied", applied)
	if applied == 0 {
		t.Fatal("no Terraform fix applied")
	}
}

// trailingWant is a want comment at the end of a line.
var trailingWant = regexp.MustCompile(`(?m) # want .*$`)

// TestFixedModuleCase: beanlint fix on a copy of
// modules/fail_registry_module.tf changes only the module calls' inputs
// in main.tf (never the registry modules' installed code) and writes
// what modules/fixed_registry_module.tf holds (re-planned with
// generate.sh), which lints clean.
func TestFixedModuleCase(t *testing.T) {
	dir := t.TempDir()
	c := filepath.Join(casesDir, "modules", "fail_registry_module.tf")
	copyCase(t, c, dir)
	copied := filepath.Join(dir, "fail_registry_module.tf")
	plan, fixed := applyFixes(t, []string{filepath.Join(copied, "plan.json")})
	if len(plan.Changes) != 1 || plan.Changes[0].File != filepath.Join(copied, "main.tf") || len(fixed) != 2 {
		t.Fatalf("changes %+v, fixed %v: want main.tf changed by the EB202 and EB301 fixes", plan.Changes, fixed)
	}
	got := trailingWant.ReplaceAll(plan.Changes[0].New, nil)
	want, err := os.ReadFile(filepath.Join(casesDir, "modules", "fixed_registry_module.tf", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	from := []byte(`provider "aws" {`)
	if g, w := got[bytes.Index(got, from):], want[bytes.Index(want, from):]; !bytes.Equal(g, w) {
		t.Errorf("beanlint fix wrote\n%s\nwant (modules/fixed_registry_module.tf)\n%s", g, w)
	}
	res := lint.Run([]string{filepath.Join(casesDir, "modules", "fixed_registry_module.tf", "plan.json")}, lint.Options{})
	if len(res.Findings) != 0 || len(res.Errors) != 0 {
		t.Errorf("the re-planned fixed case is not clean: %v %v", res.Findings, res.Errors)
	}
}
