package rules_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/edit"
	hcledit "github.com/beanlint/beanlint/rules/edit/hcl"
)

// tfFixGoldens holds a golden file per rule: the edits of every fix of the
// rule's Terraform cases and their rendering.
const tfFixGoldens = "../testdata/fix/terraform"

// TestTerraformFixGoldens renders the fixes of every Terraform case of
// each rule, as the edit list (operation, file, target, path) and the
// edits rendered in HCL, and compares them with
// testdata/fix/terraform/EBnnn.golden (-update rewrites them; read the
// diff). Every rendering is as terraform fmt writes it (checked with the
// local terraform when there is one).
func TestTerraformFixGoldens(t *testing.T) {
	byRule := map[string]*strings.Builder{}
	fmtDir := t.TempDir()
	rendered := 0
	for _, c := range listCases(t) {
		if !isTFCase(c) || isNoPlanCase(c) {
			continue
		}
		files, err := caseFiles(c)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range lintCase(files) {
			if f.Fix == "" || !strings.HasPrefix(f.RuleID, "EB") {
				continue
			}
			rel := func(p string) string { return strings.TrimPrefix(filepath.ToSlash(p), "../testdata/") }
			b, edits := goldenEntry(byRule, f, rel)
			if !edits {
				continue
			}
			relEdits := make([]edit.Edit, len(f.Edits))
			for i, e := range f.Edits {
				fmt.Fprintf(b, "%s %s %s", e.Op, rel(e.File), e.Target)
				if len(e.Path) > 0 {
					fmt.Fprintf(b, " %s", strings.Join(e.Path, " "))
				}
				b.WriteString("\n")
				e.File = rel(e.File)
				relEdits[i] = e
			}
			out := hcledit.Render(relEdits)
			fmt.Fprintf(b, "-- hcl\n%s", out)
			rendered++
			if err := os.WriteFile(filepath.Join(fmtDir, fmt.Sprintf("fix%d.tf", rendered)), out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if rendered == 0 {
		t.Fatal("no Terraform fix rendered")
	}
	if bin, err := exec.LookPath("terraform"); err == nil {
		if out, err := exec.Command(bin, "fmt", "-check", "-list=true", fmtDir).CombinedOutput(); err != nil {
			t.Errorf("terraform fmt -check: renderings not as terraform fmt writes them: %v\n%s", err, out)
		}
	} else {
		t.Log("terraform is not installed: fmt check skipped")
	}
	compareGoldens(t, tfFixGoldens, byRule)
}
