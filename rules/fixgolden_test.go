package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/cfn"
)

// fixGoldens holds a golden file per rule: the edits of every fix of the
// rule's CloudFormation cases, rendered in YAML and in JSON.
const fixGoldens = "../testdata/fix/rules"

// TestFixGoldens renders the fixes of every CloudFormation case of each
// rule, as the edit list (operation, file, target, path) and the edits
// rendered in YAML and in JSON, and compares them with
// testdata/fix/rules/EBnnn.golden (-update rewrites them; read the diff).
func TestFixGoldens(t *testing.T) {
	byRule := map[string]*strings.Builder{}
	for _, c := range listCases(t) {
		if filepath.Ext(c) == ".tf" || strings.Contains(c, string(filepath.Separator)+"EB9") {
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
			rel := func(p string) string { return strings.TrimPrefix(filepath.ToSlash(p), "../testdata/rules/") }
			b, edits := goldenEntry(byRule, f, rel)
			if !edits {
				continue
			}
			for _, e := range f.Edits {
				fmt.Fprintf(b, "%s %s", e.Op, rel(e.File))
				if e.Target != "" { // "": the top level of a configuration file
					fmt.Fprintf(b, " %s", e.Target)
				}
				if len(e.Path) > 0 {
					fmt.Fprintf(b, " %s", strings.Join(e.Path, "."))
				}
				if e.Type != "" {
					fmt.Fprintf(b, " (%s)", e.Type)
				}
				b.WriteString("\n")
			}
			relEdits := make([]edit.Edit, len(f.Edits))
			for i, e := range f.Edits {
				e.File = rel(e.File)
				relEdits[i] = e
			}
			fmt.Fprintf(b, "-- yaml\n%s", cfn.RenderAs(relEdits, func(string) bool { return false }, ""))
			fmt.Fprintf(b, "-- json\n%s", cfn.RenderAs(relEdits, func(string) bool { return true }, ""))
		}
	}
	if len(byRule) == 0 {
		t.Fatal("no fix rendered")
	}
	compareGoldens(t, fixGoldens, byRule)
}

// goldenEntry starts f's entry in its rule's golden text: the finding's
// place (rel shortens paths) and, for a fix without edits, the advice. It
// reports whether the fix has edits to list after it.
func goldenEntry(byRule map[string]*strings.Builder, f rules.Finding, rel func(string) string) (*strings.Builder, bool) {
	b := byRule[f.RuleID]
	if b == nil {
		b = &strings.Builder{}
		byRule[f.RuleID] = b
	}
	fmt.Fprintf(b, "== %s:%d %s\n", rel(f.Loc.File), f.Loc.StartLine, f.Subject)
	if len(f.Edits) == 0 {
		fmt.Fprintf(b, "advice:\n%s\n", strings.TrimRight(f.Fix, "\n"))
		return b, false
	}
	return b, true
}

// compareGoldens compares each rule's rendering with dir/EBnnn.golden, or
// with -update writes it there.
func compareGoldens(t *testing.T, dir string, byRule map[string]*strings.Builder) {
	t.Helper()
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		path := filepath.Join(dir, id+".golden")
		got := byRule[id].String()
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update and read the file)", err)
		}
		if got != string(want) {
			t.Errorf("%s: the fixes differ from the golden file (run with -update and read the diff)", path)
		}
	}
}
