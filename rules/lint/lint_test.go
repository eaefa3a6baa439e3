package lint

import (
	"path/filepath"
	"testing"
)

const testdata = "../../testdata"

func TestRun(t *testing.T) {
	broken := filepath.Join("..", "..", "examples", "broken")
	syntax := filepath.Join(testdata, "cli", "syntax-error.yaml")
	cases := []struct {
		name     string
		paths    []string
		opts     Options
		findings int
		eb900    int
		errors   int
	}{
		{"broken example", []string{broken}, Options{}, 6, 0, 0},
		{"a file that does not parse is EB900 and an error", []string{broken, syntax}, Options{}, 7, 1, 1},
		{"EB900 disabled: still an error", []string{syntax}, Options{Disabled: map[string]bool{"EB900": true}}, 0, 0, 1},
		{"every rule the example breaks disabled", []string{broken}, Options{Disabled: map[string]bool{"EB301": true, "EB401": true, "EB303": true, "EB202": true, "EB203": true, "EB302": true, "EB201": true}}, 0, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Run(c.paths, c.opts)
			eb900 := 0
			for i, f := range r.Findings {
				if f.RuleID == "EB900" {
					eb900++
				}
				if i > 0 && r.Findings[i-1].Loc.Start().Compare(f.Loc.Start()) > 0 {
					t.Errorf("findings out of order at %d", i)
				}
			}
			if len(r.Findings) != c.findings || eb900 != c.eb900 || len(r.Errors) != c.errors {
				t.Errorf("%d findings (%d EB900), %d errors; want %d (%d), %d", len(r.Findings), eb900, len(r.Errors), c.findings, c.eb900, c.errors)
			}
			rep := r.Report("/root", "v9")
			if len(rep.Findings) != len(r.Findings) || rep.Version != "v9" || rep.Root != "/root" || len(rep.ToolErrors) != c.errors || len(rep.Rules) == 0 {
				t.Errorf("report model does not carry the run: %+v", rep)
			}
			if len(r.Files) < len(r.Inputs) {
				t.Errorf("files read (%d) fewer than inputs (%d)", len(r.Files), len(r.Inputs))
			}
		})
	}
}
