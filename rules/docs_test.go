package rules_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules"
)

var update = flag.Bool("update", false, "rewrite docs/rules/EBnnn.md from the rule catalog")

const docsDir = "../docs/rules"

var (
	unresolvable = regexp.MustCompile(`(DOMAIN|RULES|DESIGN|STYLE)\.md|§\d|issue \d`)
	// unlinkedKey is a source citation left without a link: "[eb-vpc]" or
	// "[kc]" not followed by "(".
	unlinkedKey = regexp.MustCompile(`\[(kc|[a-z0-9]+-[a-z0-9-]+)\]([^(]|$)`)
)

// rulePage renders a rule's documentation page from its rules.Rule value.
func rulePage(r *rules.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "<!-- Generated from rules/*.go by `go test ./rules -run TestRuleDocs -update`. Do not edit. -->\n\n")
	fmt.Fprintf(&b, "| | |\n|---|---|\n| ID | `%s` |\n| Name | `%s` |\n| Default severity | %s |\n| Tags | %s |\n\n",
		r.ID, r.Name, r.Severity, strings.Join(r.Tags, ", "))
	b.WriteString(rules.LinkSources(r.Doc))
	return b.String()
}

// TestRuleDocs fails when docs/rules/EBnnn.md is missing or differs from
// the rule's value; -update rewrites the pages.
func TestRuleDocs(t *testing.T) {
	want := map[string]bool{}
	for _, r := range rules.All() {
		name := r.ID + ".md"
		want[name] = true
		path := filepath.Join(docsDir, name)
		page := rulePage(r)
		if *update {
			if err := os.MkdirAll(docsDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go test ./rules -run TestRuleDocs -update)", path, err)
			continue
		}
		if string(got) != page {
			t.Errorf("%s is stale (run go test ./rules -run TestRuleDocs -update)", path)
		}
	}
	entries, err := os.ReadDir(docsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "EB") && !want[e.Name()] {
			t.Errorf("%s documents no rule of the catalog", filepath.Join(docsDir, e.Name()))
		}
	}
}

var idPattern = regexp.MustCompile(`^EB[0-9]{3}$`)

// TestCatalog checks every rule's metadata, and that each rule has a doc
// with the required sections, a failing case and a passing case under
// testdata/rules/<ID>/ (fail*.yaml / pass*.yaml, files or directories;
// their Terraform twins fail*.tf / pass*.tf are held to the same: a failing
// twin must expect the rule, a passing one must not).
func TestCatalog(t *testing.T) {
	all := rules.All()
	seen := map[string]bool{}
	for i, r := range all {
		if !idPattern.MatchString(r.ID) {
			t.Errorf("rule ID %q is not EBnnn", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("duplicate rule %s", r.ID)
		}
		seen[r.ID] = true
		if i > 0 && all[i-1].ID >= r.ID {
			t.Errorf("All() not sorted at %s", r.ID)
		}
		if rules.Lookup(r.ID) != r || rules.Lookup(strings.ToLower(r.ID)) != r {
			t.Errorf("Lookup(%s) does not return the rule", r.ID)
		}
		if r.Name == "" || r.Title == "" || r.Severity == 0 || len(r.Tags) == 0 {
			t.Errorf("%s: Name, Title, rules.Severity and Tags are required", r.ID)
		}
		for _, section := range []string{"## Fix", "## Sources", "~~~"} {
			if !strings.Contains(r.Doc, section) {
				t.Errorf("%s: Doc lacks %q", r.ID, section)
			}
		}
		if md := rules.Markdown(r.Doc); strings.Count(md, "`")%2 != 0 {
			t.Errorf("%s: Doc has an odd number of backquotes (´): inline code left open", r.ID)
		}
		// The help is read outside the repository (SARIF, explain): it
		// cites no file the repository does not hold, and every source key
		// resolves to a link.
		if m := unresolvable.FindString(r.Doc); m != "" {
			t.Errorf("%s: Doc cites %q, which the repository does not hold", r.ID, m)
		}
		if m := unlinkedKey.FindString(rules.LinkSources(r.Doc)); m != "" {
			t.Errorf("%s: source key %s names no source (rules/sources.go)", r.ID, m)
		}
		if r.Check == nil && r.ID != "EB900" {
			t.Errorf("%s has no Check", r.ID)
		}
		dir := filepath.Join(casesDir, r.ID)
		fails, _ := filepath.Glob(filepath.Join(dir, "fail*"))
		passes, _ := filepath.Glob(filepath.Join(dir, "pass*"))
		if len(fails) == 0 {
			t.Errorf("%s has no failing case %s/fail*", r.ID, dir)
		}
		if len(passes) == 0 {
			t.Errorf("%s has no passing case %s/pass*", r.ID, dir)
		}
		for _, f := range fails {
			if !caseExpects(t, f, r.ID) {
				t.Errorf("failing case %s expects no %s finding", f, r.ID)
			}
		}
		for _, f := range passes {
			if caseExpects(t, f, r.ID) {
				t.Errorf("passing case %s expects a %s finding", f, r.ID)
			}
		}
	}
	if rules.Lookup("EB999") != nil {
		t.Error("Lookup of an unknown ID returned a rule")
	}
}

// caseExpects reports whether a case file or directory has a want
// comment for rule id.
func caseExpects(t *testing.T, path, id string) bool {
	t.Helper()
	files, err := wantFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		ws, err := parseWants(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range ws {
			if w.rule == id {
				return true
			}
		}
	}
	return false
}
