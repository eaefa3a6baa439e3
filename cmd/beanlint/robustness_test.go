package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/shared"
)

// TestRobustnessCorpus lints every file of ../shared/corpus/robustness (third-
// party templates and plans, many of them broken on purpose) on its own,
// through the whole command in every report format, and then all of them in
// one run. No input may crash the command or make it write anything but a
// complete report; every file's outcome (exit code, number of findings, and
// the first line of a parse failure) is compared with
// testdata/cli/robustness.golden, so a file that stops parsing, or starts
// failing differently, is a test failure to review rather than a silent
// change. The golden file was reviewed by reading it; the counts at its top
// are what a reader checks first.
func TestRobustnessCorpus(t *testing.T) {
	root := moduleRoot(t)
	corpus := shared.Path(t, "corpus", "robustness")
	t.Chdir(corpus)

	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if candidate := strings.ToLower(filepath.Ext(path)); candidate == ".json" || candidate == ".yaml" || candidate == ".yml" || candidate == ".template" {
			files = append(files, filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	counts := map[string]int{}
	var lines strings.Builder
	for _, path := range files {
		outcome := lintOne(t, path)
		counts[outcome.kind]++
		fmt.Fprintf(&lines, "%s: %s\n", path, outcome)
	}

	// All files at once, as a run over the directory: one graph, so imports
	// and exports of unrelated templates meet. It must still end normally.
	all := runCLI(t, nil, "--format", "sarif", ".")
	if all.code != exitOK && all.code != exitFindings && all.code != exitError {
		t.Errorf("whole corpus: exit code %d", all.code)
	}
	if !json.Valid([]byte(all.stdout)) {
		t.Errorf("whole corpus: SARIF output is not JSON")
	}

	got := fmt.Sprintf("# %d candidate files: %d linted clean, %d with findings, %d failed to parse (EB900), %d rejected as neither a template nor a plan\n%s",
		len(files), counts["clean"], counts["findings"], counts["EB900"], counts["rejected"], lines.String())
	compareGolden(t, filepath.Join(root, "testdata", "cli", "robustness.golden"), got)
}

// outcome is what linting one file gave.
type outcome struct {
	kind     string // clean, findings, EB900, rejected (not a template or plan)
	code     int
	findings int
	failure  string // the first EB900 message
}

func (o outcome) String() string {
	s := fmt.Sprintf("%s exit=%d findings=%d", o.kind, o.code, o.findings)
	if o.failure != "" {
		s += " | " + o.failure
	}
	return s
}

// lintOne runs the command on path in each format, checks that every format
// agrees on the exit code and writes a complete report, and returns the
// outcome.
func lintOne(t *testing.T, path string) outcome {
	t.Helper()
	var o outcome
	for i, format := range []string{"json", "text", "sarif"} {
		r := runCLI(t, nil, "--format", format, "--fail-on", "note", path)
		if r.code != exitOK && r.code != exitFindings && r.code != exitError {
			t.Errorf("%s (%s): exit code %d; stderr: %s", path, format, r.code, r.stderr)
		}
		if i > 0 && r.code != o.code {
			t.Errorf("%s: exit code %d in %s but %d in json", path, r.code, format, o.code)
		}
		switch format {
		case "json":
			o = jsonOutcome(t, path, r)
		case "sarif":
			if !json.Valid([]byte(r.stdout)) || !strings.Contains(r.stdout, `"results"`) {
				t.Errorf("%s: SARIF output is not a complete log:\n%.300s", path, r.stdout)
			}
		case "text":
			if r.stdout == "" {
				t.Errorf("%s: empty text report", path)
			}
		}
	}
	return o
}

func jsonOutcome(t *testing.T, path string, r result) outcome {
	t.Helper()
	var doc struct {
		Findings []struct {
			RuleID  string `json:"ruleId"`
			Message string `json:"message"`
			Loc     struct {
				StartLine int `json:"startLine"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Errorf("%s: JSON report: %v", path, err)
		return outcome{kind: "broken", code: r.code}
	}
	o := outcome{code: r.code, findings: len(doc.Findings)}
	for _, f := range doc.Findings {
		if f.RuleID == "EB900" && o.failure == "" {
			o.failure = fmt.Sprintf("line %d: %s", f.Loc.StartLine, firstLine(f.Message))
		}
	}
	switch {
	case strings.Contains(o.failure, "not a CloudFormation template or Terraform plan"):
		o.kind = "rejected"
	case o.failure != "":
		o.kind = "EB900"
	case o.findings > 0:
		o.kind = "findings"
	default:
		o.kind = "clean"
	}
	return o
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// compareGolden compares got with the golden file, rewriting it under
// -update.
func compareGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run: go test ./cmd/beanlint -run %s -update)", err, t.Name())
	}
	if string(want) != got {
		t.Errorf("outcomes differ from %s (run with -update and review the diff): %s", golden, firstDiff(string(want), got))
	}
}
