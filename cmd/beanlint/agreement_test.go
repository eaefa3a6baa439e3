package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/shared"
	"github.com/beanlint/beanlint/rules/lint"
)

// agreementKnown are the configurations whose .tf alone does not give the
// findings of their plan, and why. A case listed here that comes to agree,
// or a case not listed that differs, fails the test.
var agreementKnown = map[string]string{}

// TestConfigurationAgreesWithPlan lints every Terraform configuration of
// testdata/ and of the shared terraform-modules corpus twice: its plan.json
// (with the .tf source for locations), and its .tf files alone, copied
// without the plan. The findings must be the same (rule, severity, file
// and line), except that the configuration alone may say EB901 where only
// terraform plan (reading AWS) or apply tells, instead of a finding or
// silence.
func TestConfigurationAgreesWithPlan(t *testing.T) {
	root := atRepoRoot(t)
	var cases []string
	for _, base := range []string{filepath.Join(root, "testdata"), shared.Path(t, "corpus", "terraform-modules")} {
		_ = filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() != "plan.json" {
				return nil
			}
			if tfs, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tf")); len(tfs) > 0 {
				cases = append(cases, filepath.Dir(path))
			}
			return nil
		})
	}
	sort.Strings(cases)
	var agree, eb901Only, differ []string
	for _, dir := range cases {
		name, _ := filepath.Rel(root, dir)
		if strings.HasPrefix(name, "..") {
			name = "shared/" + filepath.Base(dir)
		}
		plan := findingKeys(lint.Run([]string{filepath.Join(dir, "plan.json")}, lint.Options{}), dir)
		tmp := t.TempDir()
		copyConfiguration(t, dir, tmp)
		cfg := findingKeys(lint.Run([]string{tmp}, lint.Options{}), tmp)
		missing, extra := diffKeys(plan, cfg)
		switch {
		case len(missing) == 0 && len(extra) == 0:
			agree = append(agree, name)
		case onlyNotes(extra) && coveredByNotes(missing, extra):
			eb901Only = append(eb901Only, name)
		default:
			differ = append(differ, name)
			if _, known := agreementKnown[name]; !known {
				t.Errorf("%s: the configuration alone differs from the plan:\n  plan only: %v\n  configuration only: %v", name, missing, extra)
			}
		}
	}
	for name := range agreementKnown {
		if !slices.Contains(differ, name) {
			t.Errorf("%s is listed in agreementKnown but no longer differs: remove it", name)
		}
	}
	t.Logf("%d configurations: %d agree, %d differ only by EB901 notes, %d differ", len(cases), len(agree), len(eb901Only), len(differ))
	t.Logf("EB901 only: %v", eb901Only)
	t.Logf("differ: %v", differ)
}

// findingKeys renders a run's findings as rule, severity and location
// relative to dir.
func findingKeys(res *lint.Result, dir string) []string {
	var out []string
	for _, f := range res.Findings {
		file, err := filepath.Rel(dir, f.Loc.File)
		if err != nil {
			file = f.Loc.File
		}
		out = append(out, fmt.Sprintf("%s %s %s:%d", f.RuleID, f.Severity, filepath.ToSlash(file), f.Loc.StartLine))
	}
	sort.Strings(out)
	return out
}

// diffKeys returns the keys of a that b lacks and those of b that a lacks
// (as multisets).
func diffKeys(a, b []string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, k := range a {
		count[k]++
	}
	for _, k := range b {
		count[k]--
	}
	for _, k := range sortedCountKeys(count) {
		for n := count[k]; n > 0; n-- {
			onlyA = append(onlyA, k)
		}
		for n := count[k]; n < 0; n++ {
			onlyB = append(onlyB, k)
		}
	}
	return onlyA, onlyB
}

func sortedCountKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// onlyNotes reports whether every key is an EB901 note.
func onlyNotes(keys []string) bool {
	for _, k := range keys {
		if !strings.HasPrefix(k, "EB901 ") {
			return false
		}
	}
	return true
}

// coveredByNotes reports whether the plan's findings that the
// configuration lacks are answered by its notes: there is at least one
// EB901 when something is missing.
func coveredByNotes(missing, notes []string) bool {
	return len(missing) == 0 || len(notes) > 0
}

// copyConfiguration copies the .tf, .tf.json and .tfvars files of dir's
// tree (the configuration and its local modules) to dst, without the plan
// and without Terraform state.
func copyConfiguration(t *testing.T, dir, dst string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		n := d.Name()
		if d.IsDir() || !(strings.HasSuffix(n, ".tf") || strings.HasSuffix(n, ".tf.json") || strings.HasSuffix(n, ".tfvars") || strings.HasSuffix(n, ".tfvars.json")) {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
