package rules_test

import (
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint"
)

// TestTwoCopiesOfOnePlan: two copies of one plan linted in one run each
// give the findings the plan gives alone, located in that copy's own
// files: both copies manage the same resources (an update plan's state
// gives them the same physical IDs), so nothing links across them and no
// finding vanishes or points into the other copy. For new infrastructure
// and update plans, each with a mistake and clean.
func TestTwoCopiesOfOnePlan(t *testing.T) {
	for _, c := range []struct {
		name     string
		findings int // what one copy gives alone
	}{
		{"fail_registry_module.tf", 2},
		{"pass_registry_module.tf", 0},
		{"existing_fail_registry_module.tf", 2},
		{"existing_pass_registry_module.tf", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			var plans []string
			for _, copyName := range []string{"one", "two"} {
				dir := filepath.Join(root, copyName, c.name)
				copyTree(t, filepath.Join(modulesCases, c.name), dir)
				plans = append(plans, filepath.Join(dir, "plan.json"))
			}
			alone := lint.Run(plans[:1], lint.Options{}).Findings
			if len(alone) != c.findings {
				t.Fatalf("one copy alone gives %d findings, want %d:\n%s", len(alone), c.findings, describe(alone, root))
			}
			both := lint.Run(plans, lint.Options{}).Findings
			perCopy := map[string][]string{}
			for _, f := range both {
				copyName := topDir(t, root, f.Loc.File)
				for _, r := range f.Related {
					if other := topDir(t, root, r.Loc.File); other != copyName {
						t.Errorf("finding %s in copy %s has a related location in copy %s: %s", f.RuleID, copyName, other, r.Loc)
					}
				}
				perCopy[copyName] = append(perCopy[copyName], describe([]rules.Finding{f}, filepath.Join(root, copyName)))
			}
			want := strings.Split(describe(alone, filepath.Join(root, "one")), "\n")
			if len(alone) == 0 {
				want = nil
			}
			for _, copyName := range []string{"one", "two"} {
				got := perCopy[copyName]
				sort.Strings(got)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("copy %s in a run of both gives\n%s\nalone it gives\n%s", copyName, strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
		})
	}
}

// describe renders findings by rule, severity, location and related
// locations, paths relative to dir, sorted, one a line.
func describe(fs []rules.Finding, dir string) string {
	rel := func(p string) string {
		if r, err := filepath.Rel(dir, p); err == nil {
			return filepath.ToSlash(r)
		}
		return p
	}
	var out []string
	for _, f := range fs {
		s := f.RuleID + ":" + f.Severity.String() + " " + rel(f.Loc.File) + ":" + strconv.Itoa(int(f.Loc.StartLine))
		for _, r := range f.Related {
			s += " | " + rel(r.Loc.File) + ":" + strconv.Itoa(int(r.Loc.StartLine))
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// topDir is the first directory of path below root ("one" or "two").
func topDir(t *testing.T, root, path string) string {
	t.Helper()
	r, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(r, "..") {
		t.Fatalf("%s is outside the copies", path)
	}
	return strings.SplitN(filepath.ToSlash(r), "/", 2)[0]
}
