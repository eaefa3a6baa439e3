package rules

import (
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/beanlint/beanlint/parsers/load"
)

// lintCase lints the files of a case the way the CLI does: rule findings
// plus EB900 for each input that failed to parse.
func lintCase(files []string) []Finding {
	res := load.Load(files, load.Options{})
	var out []Finding
	for _, err := range res.Errors {
		out = append(out, ParseFailure(err))
	}
	out = append(out, Run(res.Graph, Options{})...)
	sortFindings(out)
	return out
}

// TestCases runs every case under testdata/rules and compares the findings
// with the cases' want comments; reversing the input order must not change
// the findings.
func TestCases(t *testing.T) {
	for _, c := range listCases(t) {
		rel, _ := filepath.Rel(casesDir, c)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			files, err := caseFiles(c)
			if err != nil {
				t.Fatal(err)
			}
			findings := lintCase(files)
			checkWants(t, files, findings)
			reversed := slices.Clone(files)
			slices.Reverse(reversed)
			if again := lintCase(reversed); !reflect.DeepEqual(findings, again) {
				t.Errorf("findings depend on input order")
			}
		})
	}
}
