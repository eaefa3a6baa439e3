package rules_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/cfn/cfnschema"
	"github.com/beanlint/beanlint/rules/lint"
	"github.com/beanlint/beanlint/rules/lint/fix"
)

// copyCase copies a case (a file or a directory) into dir and returns
// the copy's path.
func copyCase(t *testing.T, path, dir string) string {
	t.Helper()
	base := filepath.Dir(path)
	err := filepath.WalkDir(path, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(base, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, filepath.Base(path))
}

// findingKey identifies a finding apart from its line.
func findingKey(f rules.Finding) string {
	return f.RuleID + "|" + f.Environment + "|" + f.Resource + "|" + f.Property + "|" + f.Subject
}

// TestFixesApply applies the fixes of every CloudFormation case as
// beanlint fix does, on a copy: no fix is refused, the templates still
// parse, every template changed has no problem goformation's schema finds
// that it did not have before, linting again reports none of the
// findings whose fixes were applied, and fixing again changes nothing.
func TestFixesApply(t *testing.T) {
	schema, err := cfnschema.New()
	if err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, c := range listCases(t) {
		if filepath.Ext(c) == ".tf" {
			continue
		}
		files, err := caseFiles(c)
		if err != nil || len(files) == 0 {
			continue
		}
		params := caseParameters(files)
		dir := t.TempDir()
		copyCase(t, c, dir)
		var copied []string
		for _, f := range files {
			rel, err := filepath.Rel(filepath.Dir(c), f)
			if err != nil {
				t.Fatal(err)
			}
			copied = append(copied, filepath.Join(dir, rel))
		}
		res := lint.Run(copied, lint.Options{Parameters: params})
		if len(res.Errors) > 0 {
			continue // EB900 cases
		}
		plan, err := fix.Build(res.Findings, res.Formats, lint.Appliers(), os.ReadFile)
		if err != nil {
			t.Errorf("%s: %v", c, err)
			continue
		}
		if err := plan.Write(os.ReadFile); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		for _, ch := range plan.Changes {
			if !strings.HasPrefix(res.Formats[ch.File], "cloudformation") {
				continue // a configuration file of the application source
			}
			before, err1 := schema.Template(ch.Old)
			after, err2 := schema.Template(ch.New)
			if err1 != nil || err2 != nil {
				t.Errorf("%s: %v %v", ch.File, err1, err2)
			}
			for _, p := range after {
				if !slices.Contains(before, p) {
					t.Errorf("%s: after the fixes: %s", ch.File, p)
				}
			}
		}
		fixed := map[string]bool{}
		for _, f := range res.Findings {
			if len(f.Edits) > 0 && !f.Suppressed() && !placeholder(f.Edits) {
				fixed[findingKey(f)] = true
			}
		}
		again := lint.Run(copied, lint.Options{Parameters: params})
		for _, e := range again.Errors {
			t.Errorf("%s: after the fixes: %v", c, e)
		}
		for _, f := range again.Findings {
			if fixed[findingKey(f)] {
				t.Errorf("%s: the fix of %s %s (%s) was applied and the finding remains:\n%s", c, f.RuleID, f.Subject, f.Loc, f.Message)
			}
		}
		// beanlint fix run again changes nothing: no fix revealed a finding
		// with a fix of its own.
		if second, err := fix.Build(again.Findings, again.Formats, lint.Appliers(), os.ReadFile); err != nil || len(second.Changes) > 0 {
			var rules []string
			if second != nil {
				for _, ch := range second.Changes {
					rules = append(rules, ch.Rules...)
				}
			}
			t.Errorf("%s: a second beanlint fix changes files again (%v, %v)", c, rules, err)
		}
		applied += len(fixed)
	}
	if applied == 0 {
		t.Fatal("no fix applied")
	}
	t.Logf("%d fixes applied", applied)
}

func placeholder(edits []edit.Edit) bool {
	for _, e := range edits {
		if edit.HasPlaceholder(e.Value) {
			return true
		}
	}
	return false
}
