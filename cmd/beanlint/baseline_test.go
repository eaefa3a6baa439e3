package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/report/sarifschema"
)

// writeFiles writes files (path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// configReport is the part of the JSON report these tests read.
type configReport struct {
	Findings []struct {
		RuleID       string `json:"ruleId"`
		Severity     string `json:"severity"`
		Resource     string `json:"resource"`
		Suppressions []struct {
			Kind   string `json:"kind"`
			Reason string `json:"reason"`
		} `json:"suppressions"`
	} `json:"findings"`
	Notices []struct {
		Message string `json:"message"`
	} `json:"notices"`
	Summary map[string]int `json:"summary"`
}

func decodeConfigReport(t *testing.T, out string) configReport {
	t.Helper()
	var r configReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("decoding the JSON report: %v\n%s", err, out)
	}
	return r
}

// TestBaseline: --write-baseline accepts the findings there are (exit 0),
// --baseline then reports them as baselined, also after the code moves
// down the file; a new finding counts; SARIF keeps the baselined ones as
// suppressions of kind external with a justification.
func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	broken := readFile(t, filepath.Join("..", "..", "examples", "broken", "private-environment.yaml"))
	writeFiles(t, dir, map[string]string{".git/HEAD": "", "infra/app.yaml": broken})
	t.Chdir(dir)

	r := runCLI(t, nil, "--write-baseline", "baseline.json", "infra")
	if r.code != 0 || !strings.Contains(r.stdout, "0 errors, 0 warnings, 0 notes, 0 suppressed, 6 baselined; 1 file linted") {
		t.Fatalf("--write-baseline: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	written := readFile(t, "baseline.json")
	if again := runCLI(t, nil, "--write-baseline", "baseline.json", "infra"); again.code != 0 || readFile(t, "baseline.json") != written {
		t.Errorf("writing the baseline twice gives another file (exit %d)", again.code)
	}
	var b struct {
		Version  int `json:"baselineVersion"`
		Findings []struct{ Fingerprint, RuleID, File string }
	}
	if err := json.Unmarshal([]byte(written), &b); err != nil || b.Version != 1 || len(b.Findings) != 6 {
		t.Fatalf("baseline (%v):\n%s", err, written)
	}
	for i, e := range b.Findings {
		if e.File != "infra/app.yaml" || len(e.Fingerprint) != 64 || i > 0 && e.RuleID < b.Findings[i-1].RuleID {
			t.Errorf("entry %d %+v: want the repository-relative file, a fingerprint, sorted by rule", i, e)
		}
	}

	// Move every resource down three lines: still accepted.
	moved := strings.Replace(broken, "Resources:\n", "Resources:\n\n\n\n", 1)
	writeFiles(t, dir, map[string]string{"infra/app.yaml": moved})
	r = runCLI(t, nil, "-f", "json", "--baseline", "baseline.json", "infra")
	rep := decodeConfigReport(t, r.stdout)
	if r.code != 0 || rep.Summary["baselined"] != 6 || rep.Summary["errors"] != 0 {
		t.Fatalf("moved code: exit %d, summary %v, want 0 and 6 baselined\n%s", r.code, rep.Summary, r.stderr)
	}
	for _, f := range rep.Findings {
		if len(f.Suppressions) != 1 || f.Suppressions[0].Kind != "baseline" || f.Suppressions[0].Reason != "accepted in baseline baseline.json" {
			t.Errorf("%s %s: suppressions %+v, want one of kind baseline", f.RuleID, f.Resource, f.Suppressions)
		}
	}

	// A new problem: DNS support off on the VPC (EB201) is not in the baseline.
	newer := strings.Replace(moved, "EnableDnsSupport: true", "EnableDnsSupport: false", 1)
	if newer == moved {
		t.Fatal("the example's VPC does not set EnableDnsSupport: true")
	}
	writeFiles(t, dir, map[string]string{"infra/app.yaml": newer})
	r = runCLI(t, nil, "-f", "sarif", "--baseline", "baseline.json", "infra")
	if err := sarifschema.Validate([]byte(r.stdout)); err != nil {
		t.Fatalf("invalid SARIF: %v", err)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	var fresh []string
	for _, res := range log.Runs[0].Results {
		if len(res.Suppressions) == 0 {
			fresh = append(fresh, res.RuleID)
		}
	}
	if r.code != 1 || !slices.Equal(fresh, []string{"EB201"}) {
		t.Errorf("new finding: exit %d, unsuppressed %v; want 1 and [EB201]", r.code, fresh)
	}
	if !regexp.MustCompile(`"suppressions": \[\s*\{\s*"justification": "accepted in baseline baseline.json",\s*"kind": "external"`).MatchString(r.stdout) {
		t.Errorf("SARIF does not carry baselined findings as external suppressions with a justification:\n%s", r.stdout)
	}
	if r := runCLI(t, nil, "--baseline", "baseline.json", "infra"); !strings.Contains(r.stdout, "1 error, 0 warnings, 0 notes, 0 suppressed, 6 baselined") {
		t.Errorf("text summary:\n%s", r.stdout)
	}
}

func TestBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"old.json":   `{"baselineVersion": 0, "tool": "beanlint", "findings": []}` + "\n",
		"other.json": `{"version": "2.1.0"}` + "\n",
		"t.yaml":     "Resources: {}\n",
	})
	t.Chdir(dir)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--baseline", "absent.json", "t.yaml"}, "--baseline: absent.json: "},
		{[]string{"--baseline", "old.json", "t.yaml"}, "old.json: baseline version 0, this beanlint reads version 1"},
		{[]string{"--baseline", "other.json", "t.yaml"}, "other.json: not a beanlint baseline"},
		{[]string{"--write-baseline", "t.yaml", "t.yaml"}, "--write-baseline t.yaml is the input t.yaml"},
		{[]string{"--write-baseline", "old.json", "-o", "old.json", "t.yaml"}, "--write-baseline and --output name the same file old.json"},
		{[]string{"--output", "old.json", "--baseline", "old.json", "t.yaml"}, "--output old.json is the input old.json"},
	} {
		r := runCLI(t, nil, tt.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
	if got := readFile(t, "t.yaml"); got != "Resources: {}\n" {
		t.Errorf("--write-baseline replaced the input: %q", got)
	}
	if got := readFile(t, "old.json"); !strings.Contains(got, `"baselineVersion": 0`) {
		t.Errorf("the baseline was replaced: %q", got)
	}
}
