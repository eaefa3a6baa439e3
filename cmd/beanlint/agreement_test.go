package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/shared"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint"
)

// agreementKnown are the configurations whose .tf alone does not give the
// findings of their plan, and why. A case listed here that comes to agree,
// or a case not listed that differs, fails the test.
var agreementKnown = map[string]string{}

// agreementNotes are the configurations whose .tf alone says EB901 where
// their plan decides, because only terraform plan knows the answer (it
// reads data sources from AWS). A case that differs only by EB901 notes and
// is not listed, or is listed and agrees, fails the test.
var agreementNotes = map[string]string{
	"testdata/terraform/parser/data_sources": "the VPC, subnets and route tables are data sources read from AWS",
	// An update plan: the endpoint ID that terraform_data hands over is
	// in the state, which the configuration alone does not read.
	"testdata/rules/modules/existing_pass_unresolved_association.tf": "the association's endpoint ID is known from the state",
}

// agreementWording are the plans of new infrastructure whose .tf alone gives
// the plan's findings in the same places but says something else of them
// (message, fix, suppressions or related locations), and why. A case listed
// here that comes to agree, or a case not listed that differs, fails the
// test.
var agreementWording = map[string]string{}

// TestConfigurationAgreesWithPlan lints every Terraform configuration of
// testdata/ and of the shared terraform-modules corpus twice: its plan.json
// (with the .tf source for locations), and its .tf files alone, copied
// without the plan. The findings must be the same (rule, severity, file
// and line; for a plan of new infrastructure also the message, the fix,
// the suppressions and the related locations, as a user sees them in the
// hook and later in CI), except that the configuration alone may say EB901
// where only terraform plan (reading AWS) or apply tells, instead of a
// finding or silence. A plan that updates existing infrastructure names
// what exists in the order of the state, so only the findings' places are
// compared for it.
func TestConfigurationAgreesWithPlan(t *testing.T) {
	root := atRepoRoot(t)
	cases := agreementCases(t, root)
	var agree, worded, eb901Only, differ []string
	compared := 0 // agreeing plans of new infrastructure compared in wording too
	for _, c := range cases {
		rel, err := filepath.Rel(c.base, c.dir)
		if err != nil {
			t.Fatal(err)
		}
		name := c.name(root)
		tmp := t.TempDir()
		copyConfiguration(t, c.base, c.dir, tmp)
		planRes := lint.Run([]string{filepath.Join(c.dir, "plan.json")}, lint.Options{})
		cfgRes := lint.Run([]string{filepath.Join(tmp, rel)}, lint.Options{})
		plan, cfg := findingKeys(planRes, c.dir, c.base, false), findingKeys(cfgRes, filepath.Join(tmp, rel), tmp, false)
		missing, extra := diffKeys(plan, cfg)
		switch {
		case len(missing) == 0 && len(extra) == 0:
			agree = append(agree, name)
			if !newInfrastructure(t, filepath.Join(c.dir, "plan.json")) {
				break
			}
			compared++
			missing, extra := diffKeys(findingKeys(planRes, c.dir, c.base, true), findingKeys(cfgRes, filepath.Join(tmp, rel), tmp, true))
			if len(missing) == 0 && len(extra) == 0 {
				break
			}
			worded = append(worded, name)
			if _, known := agreementWording[name]; !known {
				t.Errorf("%s: the configuration alone gives the plan's findings but says something else of them:\n  plan only: %v\n  configuration only: %v", name, missing, extra)
			}
		case onlyNotes(extra) && coveredByNotes(missing, extra):
			eb901Only = append(eb901Only, name)
			if _, known := agreementNotes[name]; !known {
				t.Errorf("%s: the configuration alone says EB901 where the plan decides (list it in agreementNotes if only terraform plan can know):\n  plan only: %v\n  configuration only: %v", name, missing, extra)
			}
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
	for name := range agreementWording {
		if !slices.Contains(worded, name) {
			t.Errorf("%s is listed in agreementWording but no longer says something else: remove it", name)
		}
	}
	for name := range agreementNotes {
		if !slices.Contains(eb901Only, name) {
			t.Errorf("%s is listed in agreementNotes but no longer differs by EB901 notes only", name)
		}
	}
	t.Logf("%d configurations: %d agree (%d plans of new infrastructure compared in wording too, %d of them agreeing in places only), %d differ only by EB901 notes, %d differ", len(cases), len(agree), compared, len(worded), len(eb901Only), len(differ))
	t.Logf("in places only: %v", worded)
	t.Logf("EB901 only: %v", eb901Only)
	t.Logf("differ: %v", differ)
}

// agreementCase is a Terraform configuration with its plan: dir under
// base (the repository, or the shared terraform-modules corpus).
type agreementCase struct{ base, dir string }

// name names a case: its directory under the repository, or under the
// shared corpus prefixed with shared/.
func (c agreementCase) name(root string) string {
	rel, _ := filepath.Rel(c.base, c.dir)
	if c.base != root {
		return "shared/" + rel
	}
	return rel
}

// agreementCases lists every Terraform configuration with a plan of
// testdata/ and of the shared terraform-modules corpus.
func agreementCases(t *testing.T, root string) []agreementCase {
	t.Helper()
	var cases []agreementCase
	for _, base := range []string{root, shared.Path(t, "corpus", "terraform-modules")} {
		from := base
		if base == root {
			from = filepath.Join(root, "testdata")
		}
		err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || d.Name() != "plan.json" {
				return nil
			}
			if tfs, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*.tf")); len(tfs) > 0 {
				cases = append(cases, agreementCase{base: base, dir: filepath.Dir(path)})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

// findingKeys renders a run's findings as rule, severity and location
// relative to dir; with full, also what the report says of each: message,
// fix, suppressions and related locations (dir written as "<dir>", base,
// the root the configuration was copied from, as "<base>").
func findingKeys(res *lint.Result, dir, base string, full bool) []string {
	rel := func(loc parsers.Location) string {
		file, err := filepath.Rel(dir, loc.File)
		if err != nil {
			file = loc.File
		}
		return fmt.Sprintf("%s:%d", filepath.ToSlash(file), loc.StartLine)
	}
	var out []string
	for _, f := range res.Findings {
		key := fmt.Sprintf("%s %s %s", f.RuleID, f.Severity, rel(f.Loc))
		if full {
			var b strings.Builder
			fmt.Fprintf(&b, "\n  message: %s\n  fix: %s", withoutAdvice(f), f.Fix)
			for _, s := range f.Suppressions {
				fmt.Fprintf(&b, "\n  suppressed (%s): %s", s.Kind, s.Reason)
			}
			for _, r := range f.Related {
				fmt.Fprintf(&b, "\n  related %s: %s", rel(r.Loc), r.Message)
			}
			// Paths in the text (a fix's "# in <file>:" line names a
			// module's file outside dir) are read relative to the copy's
			// root.
			text := strings.ReplaceAll(b.String(), dir, "<dir>")
			key += strings.ReplaceAll(text, base, "<base>")
		}
		out = append(out, key)
	}
	sort.Strings(out)
	return out
}

// noteAdvice matches the advice that ends an EB901 note, after the rules
// it names.
var noteAdvice = regexp.MustCompile(`(Not checked: (?:EB[0-9]{3}, )*EB[0-9]{3}\.) .*$`)

// withoutAdvice returns f's message, for an EB901 note without the advice
// that ends it: what decides an unknown differs by design between a plan
// (lint the plans that manage it with it) and a configuration linted
// alone (give it the variables it leaves open, or lint its plan).
func withoutAdvice(f rules.Finding) string {
	if f.RuleID != "EB901" {
		return f.Message
	}
	return noteAdvice.ReplaceAllString(f.Message, "$1")
}

// newInfrastructure reports whether the plan at path creates every managed
// resource it changes (a plan of new infrastructure, not an update).
func newInfrastructure(t *testing.T, path string) bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var plan struct {
		ResourceChanges []struct {
			Mode   string `json:"mode"`
			Change struct {
				Actions []string `json:"actions"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Mode == "managed" && !slices.Equal(rc.Change.Actions, []string{"create"}) {
			return false
		}
	}
	return true
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

// copyConfiguration copies the configuration of dir to the same place
// under dst as it has under base: its .tf files and those of the local
// modules it calls (wherever they are under base), and the variable files
// of dir; not the plan, not Terraform state.
func copyConfiguration(t *testing.T, base, dir, dst string) {
	t.Helper()
	ix, _ := tfsource.Load(dir, "")
	files := ix.Files()
	for _, pat := range []string{"*.tfvars", "*.tfvars.json", tfsource.ManifestPath} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		files = append(files, m...)
	}
	for _, f := range files {
		rel, err := filepath.Rel(base, f)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Fatalf("%s: outside %s", f, base)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
