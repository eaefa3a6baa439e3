package rules_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint"
)

// lintCase lints the files of a case the way the CLI does, through the
// run pipeline: rule findings plus EB900 for each input that failed to
// parse. Parameter lines in the files stand for --parameter (see
// caseParameters).
func lintCase(files []string) []rules.Finding {
	return lint.Run(files, lint.Options{Parameters: caseParameters(files)}).Findings
}

// parameterLine is a case file's stand-in for the CLI's --parameter:
//
//	# beanlint:parameter AWS::Region=us-east-1
var parameterLine = regexp.MustCompile(`(?m)^\s*#\s*beanlint:parameter\s+([^=\s]+)=(\S*)\s*$`)

// caseParameters collects the parameter lines of a case's files; nil when
// there are none.
func caseParameters(files []string) map[string]string {
	var out map[string]string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // load reports unreadable inputs
		}
		for _, m := range parameterLine.FindAllSubmatch(data, -1) {
			if out == nil {
				out = map[string]string{}
			}
			out[string(m[1])] = string(m[2])
		}
	}
	return out
}

// TestCases runs every case under testdata/rules and compares the findings
// with the cases' want comments; reversing the input order must not change
// the findings, and no environment has two notes about one question.
func TestCases(t *testing.T) {
	for _, c := range listCases(t) {
		rel, _ := filepath.Rel(casesDir, c)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			files, err := caseFiles(c)
			if err != nil {
				t.Fatal(err)
			}
			findings := lintCase(files)
			wfiles, err := wantFiles(c)
			if err != nil {
				t.Fatal(err)
			}
			checkWants(t, wfiles, findings)
			checkNoGraphKeys(t, findings)
			checkOneNotePerQuestion(t, findings)
			reversed := slices.Clone(files)
			slices.Reverse(reversed)
			if again := lintCase(reversed); !reflect.DeepEqual(findings, again) {
				t.Errorf("findings depend on input order")
			}
		})
	}
}

// checkOneNotePerQuestion fails when two EB901 notes are about the same
// question (subject) of the same environment.
func checkOneNotePerQuestion(t *testing.T, findings []rules.Finding) {
	t.Helper()
	seen := map[[2]string]bool{}
	for _, f := range findings {
		if f.RuleID != "EB901" || f.Environment == "" {
			continue
		}
		k := [2]string{f.Environment, f.Subject}
		if seen[k] {
			t.Errorf("two EB901 notes about %q of environment %s", f.Subject, f.Environment)
		}
		seen[k] = true
	}
}

// checkNoGraphKeys fails when a message names a resource by its graph key
// (file#LogicalID) instead of its logical name.
func checkNoGraphKeys(t *testing.T, findings []rules.Finding) {
	t.Helper()
	for _, f := range findings {
		texts := []string{f.Message}
		for _, r := range f.Related {
			texts = append(texts, r.Message)
		}
		for _, s := range texts {
			for _, ext := range []string{".yaml#", ".yml#", ".json#", ".template#"} {
				if strings.Contains(s, ext) {
					t.Errorf("%s:%d: %s message shows a graph key: %q", f.Loc.File, f.Loc.StartLine, f.RuleID, s)
				}
			}
		}
	}
}
