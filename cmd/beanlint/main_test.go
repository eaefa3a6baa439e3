package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/report"
	"github.com/beanlint/beanlint/rules/report/sarifschema"
)

var update = flag.Bool("update", false, "rewrite golden files")

const (
	brokenExample = "examples/broken"
	fixedExample  = "examples/fixed"
	brokenFile    = "examples/broken/private-environment.yaml"
	fixedFile     = "examples/fixed/private-environment.yaml"
)

// TestMain runs the command itself, as the built binary would, when
// BEANLINT_TEST_MAIN is set: tests that need it in a process of its own
// (run as another user) re-execute the test binary so.
func TestMain(m *testing.M) {
	if os.Getenv("BEANLINT_TEST_MAIN") != "" {
		main()
	}
	os.Exit(m.Run())
}

// atRepoRoot makes the repository root the working directory, so paths and
// report URIs read as a user at the top of a clone sees them.
func atRepoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	return root
}

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] }, nil)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// sarifLog is the part of a SARIF log the tests read.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Level   string `json:"level"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			Suppressions []json.RawMessage `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, data string) sarifLog {
	t.Helper()
	if err := sarifschema.Validate([]byte(data)); err != nil {
		t.Fatalf("invalid SARIF: %v\n%s", err, data)
	}
	validateOfficialSchema(t, []byte(data))
	var l sarifLog
	if err := json.Unmarshal([]byte(data), &l); err != nil {
		t.Fatalf("decoding SARIF: %v", err)
	}
	if len(l.Runs) != 1 {
		t.Fatalf("SARIF has %d runs, want 1", len(l.Runs))
	}
	return l
}

// ruleIDs returns the distinct rule IDs of the log's results, sorted.
func (l sarifLog) ruleIDs() []string {
	var ids []string
	for _, r := range l.Runs[0].Results {
		if !slices.Contains(ids, r.RuleID) {
			ids = append(ids, r.RuleID)
		}
	}
	slices.Sort(ids)
	return ids
}

// validateOfficialSchema checks data against the normative SARIF 2.1.0
// schema in ../shared/schemas when that directory exists.
func validateOfficialSchema(t *testing.T, data []byte) {
	t.Helper()
	root := moduleRoot(t)
	schemaPath := filepath.Join(root, "..", "shared", "schemas", "sarif-schema-2.1.0.json")
	if !fileExists(schemaPath) {
		t.Logf("skipping official schema check: %s not found", schemaPath)
		return
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaPath, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding SARIF: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF does not match %s: %v", schemaPath, err)
	}
}

// moduleRoot is the nearest ancestor of the working directory holding
// go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for !fileExists(filepath.Join(dir, "go.mod")) {
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
	return dir
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// explainEB301 is what 'beanlint explain EB301' shows, rendered for a
// terminal (package report tests the rendering of every rule).
var explainEB301 = []string{
	"EB301: Required interface endpoint missing\n",
	"\nWhy it breaks a private environment\n-----------------------------------\n",
	"\n    LogsEndpoint:\n      Type: AWS::EC2::VPCEndpoint\n",
	"\n  eb-vpc  https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc.html\n",
}

func TestSubcommands(t *testing.T) {
	eb301 := rules.Lookup("EB301")
	if eb301 == nil {
		t.Fatal("rules.Lookup(EB301) = nil")
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string // substrings
		wantStderr string
	}{
		{name: "explain", args: []string{"explain", "EB301"}, wantStdout: explainEB301},
		{name: "explain lower case", args: []string{"explain", "eb301"}, wantStdout: explainEB301},
		{name: "explain unknown rule", args: []string{"explain", "EB999"}, wantCode: 2, wantStderr: `unknown rule "EB999"`},
		{name: "explain without ID", args: []string{"explain"}, wantCode: 2, wantStderr: "one rule ID"},
		{name: "rules with argument", args: []string{"rules", "EB301"}, wantCode: 2, wantStderr: "no arguments"},
		{name: "version", args: []string{"version"}, wantStdout: []string{"beanlint "}},
		{name: "help", args: []string{"--help"}, wantStdout: []string{"beanlint explain EBnnn", "--fail-on", "Exit codes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != tt.wantCode {
				t.Fatalf("exit code %d, want %d\nstderr: %s", r.code, tt.wantCode, r.stderr)
			}
			for _, s := range tt.wantStdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			if tt.wantStderr != "" && !strings.Contains(r.stderr, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.wantStderr)
			}
			if tt.wantCode != 0 && r.stdout != "" {
				t.Errorf("failed command wrote to stdout: %q", r.stdout)
			}
		})
	}
}

func TestRulesListsCatalog(t *testing.T) {
	r := runCLI(t, nil, "rules")
	if r.code != 0 {
		t.Fatalf("exit code %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	all := rules.All()
	if len(lines) != len(all) {
		t.Fatalf("%d lines for %d rules:\n%s", len(lines), len(all), r.stdout)
	}
	for i, rule := range all {
		fields := strings.Fields(lines[i])
		if len(fields) < 3 || fields[0] != rule.ID || fields[1] != rule.Severity.String() ||
			strings.Join(fields[2:], " ") != strings.Join(strings.Fields(rule.Title), " ") {
			t.Errorf("line %d = %q, want %s %s %s", i+1, lines[i], rule.ID, rule.Severity, rule.Title)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	atRepoRoot(t)
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"unknown format", []string{"--format", "xml", fixedExample}, `unknown --format "xml"`},
		{"unknown fail-on", []string{"--fail-on", "fatal", fixedExample}, `unknown level "fatal"`},
		{"unknown rule disabled", []string{"--disable", "EB301,EB999", fixedExample}, `unknown rule "EB999"`},
		{"parameter without value", []string{"--parameter", "VpcId", fixedExample}, "want KEY=VALUE"},
		{"missing parameters file", []string{"--parameters-file", "testdata/cli/nonexistent.json", fixedExample}, "--parameters-file"},
		{"parameters file that is a device", []string{"--parameters-file", "/dev/zero", fixedExample}, "--parameters-file: /dev/zero: is a character device, not a file"},
		{"missing tf-source", []string{"--tf-source", "testdata/cli/nonexistent", fixedExample}, "--tf-source testdata/cli/nonexistent: "},
		{"tf-source not a directory", []string{"--tf-source", fixedFile, fixedExample}, "--tf-source " + fixedFile + ": not a directory"},
		{"unknown flag", []string{"--frobnicate", fixedExample}, "unknown flag: --frobnicate"},
		{"flag without value", []string{fixedExample, "--format"}, "flag needs an argument: --format"},
		{"short flag without value", []string{fixedExample, "-f"}, "flag needs an argument: 'f' in -f"},
		{"unknown short flag", []string{"-vx", fixedExample}, "unknown shorthand flag: 'x' in -x\nRun 'beanlint --help' for usage.\n"},
		{"bad flag syntax", []string{"---format", "json", fixedExample}, "bad flag syntax: ---format"},
		{"boolean flag with a bad value", []string{"--no-color=maybe", fixedExample}, `invalid argument "maybe" for "--no-color" flag: strconv.ParseBool`},
		{"short form takes the rest of its argument", []string{"-format", "json", fixedExample}, `unknown --format "ormat"`},
		{"disable list that is bad CSV", []string{"--disable", `EB3"01`, fixedExample}, `invalid argument "EB3\"01" for "--disable" flag`},
		{"flags end at --", []string{fixedExample, "--", "--format", "json"}, "--format: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != 2 {
				t.Fatalf("exit code %d, want 2\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.wantStderr)
			}
			if r.stdout != "" {
				t.Errorf("usage error wrote a report: %q", r.stdout)
			}
		})
	}
}

// TestHelp checks --help against testdata/cli/help.golden (the layout
// pflag gave it; run with -update after changing a flag and review the
// diff).
func TestHelp(t *testing.T) {
	golden := filepath.Join(moduleRoot(t), "testdata", "cli", "help.golden")
	for _, args := range [][]string{{"--help"}, {"-h"}, {"-vh"}, {fixedExample, "--help", "--format", "xml"}} {
		r := runCLI(t, nil, args...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%q: exit code %d, stderr %q", args, r.code, r.stderr)
		}
		if *update {
			if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if r.stdout != string(want) {
			t.Errorf("%q: help differs from %s (run with -update and review the diff): %s", args, golden, firstDiff(string(want), r.stdout))
		}
	}
}

// TestFlagSpellings checks that every way of writing the same flags, in
// any place among the paths, gives the same report.
func TestFlagSpellings(t *testing.T) {
	atRepoRoot(t)
	want := runCLI(t, nil, "--format", "json", "--fail-on", "none", "--disable", "EB202,EB203", "--disable", "EB301", brokenExample)
	if want.code != 0 || !strings.Contains(want.stdout, `"EB401"`) || strings.Contains(want.stdout, `"EB301"`) {
		t.Fatalf("reference run: exit code %d, stderr %q, stdout %.300s", want.code, want.stderr, want.stdout)
	}
	for _, args := range [][]string{
		{"--format=json", "--fail-on=none", "--disable=EB202,EB203,EB301", brokenExample},
		{"-f", "json", "--fail-on", "none", "--disable", "EB202", "--disable", "EB203", "--disable", "EB301", brokenExample},
		{"-fjson", "--disable", "EB202,EB203,EB301", brokenExample, "--fail-on", "none"},
		{"-f=json", brokenExample, "--disable", `"EB202",EB203`, "--fail-on=none", "--disable=EB301"},
		{"--fail-on", "none", "--no-color", "-f", "json", "--disable", "EB202,EB203,EB301", "--", brokenExample},
	} {
		got := runCLI(t, nil, args...)
		if got.code != want.code || got.stdout != want.stdout || got.stderr != want.stderr {
			t.Errorf("%q: exit code %d, stderr %q, report differs: %s", args, got.code, got.stderr, firstDiff(want.stdout, got.stdout))
		}
	}
}

func TestExitCodes(t *testing.T) {
	atRepoRoot(t)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"broken fails on errors", []string{brokenExample}, 1},
		{"fixed is clean", []string{fixedExample}, 0},
		{"both", []string{brokenExample, fixedExample}, 1},
		{"fail-on none", []string{"--fail-on", "none", brokenExample}, 0},
		{"all failing rules disabled", []string{"--disable", "EB202,EB203,EB301", "--disable", "eb303,EB401", brokenExample}, 0},
		{"some failing rules disabled", []string{"--disable", "EB202,EB203,EB301", brokenExample}, 1},
		{"warning, fail-on error", []string{"testdata/cli/warning-only.yaml"}, 0},
		{"warning, fail-on warning", []string{"--fail-on", "warning", "testdata/cli/warning-only.yaml"}, 1},
		{"warning, fail-on note", []string{"--fail-on", "note", "testdata/cli/warning-only.yaml"}, 1},
		{"warning, fail-on none", []string{"--fail-on", "none", "testdata/cli/warning-only.yaml"}, 0},
		{"note, fail-on warning", []string{"--fail-on", "warning", "testdata/cli/note-only.yaml"}, 0},
		{"note, fail-on note", []string{"--fail-on", "note", "testdata/cli/note-only.yaml"}, 1},
		{"syntax error", []string{"testdata/cli/syntax-error.yaml"}, 2},
		{"syntax error, fail-on none", []string{"--fail-on", "none", "testdata/cli/syntax-error.yaml"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != tt.want {
				t.Fatalf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.want, r.stdout, r.stderr)
			}
			if r.stdout == "" {
				t.Error("no report written")
			}
		})
	}
}

func TestFailOnLevels(t *testing.T) {
	atRepoRoot(t)
	tests := []struct {
		file      string
		wantLevel string // the highest level among the file's results
	}{
		{"testdata/cli/warning-only.yaml", "warning"},
		{"testdata/cli/note-only.yaml", "note"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := runCLI(t, nil, "--fail-on", "none", "-f", "sarif", tt.file)
			l := decodeSARIF(t, r.stdout)
			if len(l.Runs[0].Results) == 0 {
				t.Fatal("no results")
			}
			for _, res := range l.Runs[0].Results {
				if res.Level != tt.wantLevel {
					t.Errorf("%s result at level %q, want only %q: %s", res.RuleID, res.Level, tt.wantLevel, res.Message.Text)
				}
			}
		})
	}
}

// brokenMarkers returns the rule IDs the broken example's comments name
// ("BROKEN (EBnnn)"), sorted.
func brokenMarkers(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(brokenFile)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range regexp.MustCompile(`BROKEN \((EB\d{3})\)`).FindAllStringSubmatch(string(data), -1) {
		ids = append(ids, m[1])
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

func TestExamples(t *testing.T) {
	atRepoRoot(t)
	wantBroken := []string{"EB202", "EB203", "EB301", "EB303", "EB401"}
	if got := brokenMarkers(t); !slices.Equal(got, wantBroken) {
		t.Fatalf("%s comments mark %v, want %v", brokenFile, got, wantBroken)
	}

	r := runCLI(t, nil, "-f", "sarif", fixedExample)
	if l := decodeSARIF(t, r.stdout); r.code != 0 || len(l.Runs[0].Results) != 0 {
		t.Errorf("fixed example: exit %d, %d results, want 0 and none:\n%s", r.code, len(l.Runs[0].Results), r.stdout)
	}

	r = runCLI(t, nil, "-f", "sarif", brokenExample)
	l := decodeSARIF(t, r.stdout)
	if r.code != 1 {
		t.Errorf("broken example: exit %d, want 1", r.code)
	}
	if got := l.ruleIDs(); !slices.Equal(got, wantBroken) {
		t.Errorf("broken example: rules %v, want %v\n%s", got, wantBroken, r.stdout)
	}
	for _, res := range l.Runs[0].Results {
		if res.Level != "error" {
			t.Errorf("%s at level %q, want error: %s", res.RuleID, res.Level, res.Message.Text)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI != brokenFile ||
			res.Locations[0].PhysicalLocation.Region.StartLine == 0 {
			t.Errorf("%s location %+v, want %s with a line", res.RuleID, res.Locations, brokenFile)
		}
	}
}

func TestExamplesGolden(t *testing.T) {
	atRepoRoot(t)
	old := version
	version = "v0.0.0-test"
	t.Cleanup(func() { version = old })

	r := runCLI(t, nil, "-f", "sarif", brokenExample, fixedExample)
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1: %s", r.code, r.stderr)
	}
	decodeSARIF(t, r.stdout)
	golden := filepath.Join("testdata", "cli", "examples.sarif")
	if *update {
		if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run: go test ./cmd/beanlint -run TestExamplesGolden -update)", err)
	}
	if r.stdout != string(want) {
		t.Errorf("SARIF differs from %s (run with -update and review the diff): %s", golden, firstDiff(string(want), r.stdout))
	}
	decodeSARIF(t, string(want))
}

// firstDiff describes the first line where got differs from want.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return "no difference"
}

func TestOutputFile(t *testing.T) {
	atRepoRoot(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "beanlint.sarif")
	if err := os.WriteFile(out, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "-f", "sarif", "-o", out, brokenExample)
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1: %s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("report also went to stdout: %q", r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if l := decodeSARIF(t, string(data)); len(l.Runs[0].Results) == 0 {
		t.Error("written SARIF has no results")
	}
	stdoutRun := runCLI(t, nil, "-f", "sarif", brokenExample)
	if stdoutRun.stdout != string(data) {
		t.Error("--output file differs from the stdout report")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("output directory holds %v, want only beanlint.sarif", names)
	}

	r = runCLI(t, nil, "-o", filepath.Join(dir, "no-such-dir", "out.txt"), fixedExample)
	if r.code != 2 || !strings.Contains(r.stderr, "--output") {
		t.Errorf("unwritable output: exit %d, stderr %q; want 2 naming --output", r.code, r.stderr)
	}
}

func TestParseFailureKeepsOtherFindings(t *testing.T) {
	atRepoRoot(t)
	r := runCLI(t, nil, "-f", "sarif", "testdata/cli/syntax-error.yaml", brokenExample)
	if r.code != 2 {
		t.Fatalf("exit code %d, want 2: %s", r.code, r.stderr)
	}
	l := decodeSARIF(t, r.stdout)
	var sawEB900, sawBroken bool
	for _, res := range l.Runs[0].Results {
		uri := ""
		line := 0
		if len(res.Locations) > 0 {
			uri = res.Locations[0].PhysicalLocation.ArtifactLocation.URI
			line = res.Locations[0].PhysicalLocation.Region.StartLine
		}
		switch {
		case res.RuleID == "EB900":
			sawEB900 = true
			if uri != "testdata/cli/syntax-error.yaml" || line == 0 {
				t.Errorf("EB900 at %s:%d, want testdata/cli/syntax-error.yaml with a line", uri, line)
			}
		case uri == brokenFile:
			sawBroken = true
		}
	}
	if !sawEB900 || !sawBroken {
		t.Errorf("EB900 reported: %v, broken example's findings reported: %v; want both\n%s", sawEB900, sawBroken, r.stdout)
	}
}

func TestSuppressedFindingsDoNotFail(t *testing.T) {
	atRepoRoot(t)
	data, err := os.ReadFile(brokenFile)
	if err != nil {
		t.Fatal(err)
	}
	const marker = "AWSTemplateFormatVersion"
	ignore := "Metadata:\n  beanlint:\n    ignore: [EB202, EB203, EB301, {id: EB303, reason: accepted}, EB401]\n"
	tmpl := strings.Replace(string(data), marker, ignore+marker, 1)
	path := filepath.Join(t.TempDir(), "suppressed.yaml")
	if err := os.WriteFile(path, []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "-f", "sarif", "--fail-on", "note", path)
	if r.code != 0 {
		t.Errorf("exit code %d, want 0 with every finding suppressed: %s", r.code, r.stderr)
	}
	l := decodeSARIF(t, r.stdout)
	if len(l.Runs[0].Results) == 0 {
		t.Fatal("suppressed findings missing from the SARIF report")
	}
	for _, res := range l.Runs[0].Results {
		if len(res.Suppressions) == 0 {
			t.Errorf("%s result not suppressed: %s", res.RuleID, res.Message.Text)
		}
	}
}

func TestParameters(t *testing.T) {
	atRepoRoot(t)
	const file = "testdata/cli/dns-parameter.yaml"
	tests := []struct {
		name      string
		args      []string
		wantRules []string
	}{
		{"undecided", nil, []string{"EB901"}},
		{"parameter false", []string{"--parameter", "EnableDnsHostnames=false"}, []string{"EB202"}},
		{"parameter true", []string{"--parameter", "EnableDnsHostnames=true"}, nil},
		{"parameters file", []string{"--parameters-file", "testdata/cli/parameters.json"}, []string{"EB202"}},
		{"flag overrides file", []string{"--parameters-file", "testdata/cli/parameters.json", "--parameter", "EnableDnsHostnames=true"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"-f", "sarif", "--fail-on", "none"}, tt.args...)
			r := runCLI(t, nil, append(args, file)...)
			if r.code != 0 {
				t.Fatalf("exit code %d: %s", r.code, r.stderr)
			}
			if got := decodeSARIF(t, r.stdout).ruleIDs(); !slices.Equal(got, tt.wantRules) {
				t.Errorf("rules %v, want %v\n%s", got, tt.wantRules, r.stdout)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	atRepoRoot(t)
	inputs := []string{brokenExample, "testdata/cli/syntax-error.yaml", fixedExample, "testdata/cli/warning-only.yaml"}
	reversed := slices.Clone(inputs)
	slices.Reverse(reversed)
	for _, format := range report.Formats() {
		t.Run(format, func(t *testing.T) {
			first := runCLI(t, nil, append([]string{"-f", format}, inputs...)...)
			again := runCLI(t, nil, append([]string{"-f", format}, inputs...)...)
			other := runCLI(t, nil, append([]string{"-f", format}, reversed...)...)
			if first.stdout == "" {
				t.Fatal("empty report")
			}
			if first.stdout != again.stdout {
				t.Error("two runs gave different reports")
			}
			if first.stdout != other.stdout {
				t.Errorf("input order changed the report:\n--- %v\n%s\n--- %v\n%s", inputs, first.stdout, reversed, other.stdout)
			}
		})
	}
}

func TestNoColor(t *testing.T) {
	atRepoRoot(t)
	tests := []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"not a terminal", nil, nil},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1"}, nil},
		{"--no-color", nil, []string{"--no-color"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.env, append(tt.args, brokenExample)...)
			if r.code != 1 {
				t.Fatalf("exit code %d: %s", r.code, r.stderr)
			}
			if strings.Contains(r.stdout, "\x1b[") {
				t.Errorf("text report has ANSI escapes:\n%q", r.stdout)
			}
			if !strings.Contains(r.stdout, "EB301") {
				t.Errorf("text report does not name EB301:\n%s", r.stdout)
			}
		})
	}
}

func TestExitCode(t *testing.T) {
	err := &parsers.ParseError{Loc: parsers.Location{File: "a.yaml", StartLine: 3}, Msg: "bad"}
	suppressed := []rules.Suppression{{Kind: rules.InSource, Reason: "accepted"}}
	tests := []struct {
		name     string
		findings []rules.Finding
		errs     []*parsers.ParseError
		failOn   rules.Severity
		want     int
	}{
		{"nothing", nil, nil, rules.Error, 0},
		{"error at error", []rules.Finding{{Severity: rules.Error}}, nil, rules.Error, 1},
		{"warning at error", []rules.Finding{{Severity: rules.Warning}}, nil, rules.Error, 0},
		{"warning at warning", []rules.Finding{{Severity: rules.Warning}}, nil, rules.Warning, 1},
		{"note at warning", []rules.Finding{{Severity: rules.Note}}, nil, rules.Warning, 0},
		{"note at note", []rules.Finding{{Severity: rules.Note}}, nil, rules.Note, 1},
		{"error at none", []rules.Finding{{Severity: rules.Error}}, nil, 0, 0},
		{"suppressed error", []rules.Finding{{Severity: rules.Error, Suppressions: suppressed}}, nil, rules.Note, 0},
		{"parse error", nil, []*parsers.ParseError{err}, rules.Error, 2},
		{"parse error at none", []rules.Finding{{Severity: rules.Error}}, []*parsers.ParseError{err}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCode(tt.findings, tt.errs, tt.failOn); got != tt.want {
				t.Errorf("exitCode = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRepoRoot(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := repoRoot(sub); got != sub {
		t.Errorf("without .git: repoRoot = %s, want %s", got, sub)
	}
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := repoRoot(sub); got != dir {
		t.Errorf("with .git: repoRoot = %s, want %s", got, dir)
	}
}

// TestREADMEListsRules keeps README's rule table in step with the catalog.
func TestREADMEListsRules(t *testing.T) {
	atRepoRoot(t)
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, r := range rules.All() {
		row := "| " + r.ID + " | " + r.Severity.String() + " | " + r.Title + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README.md lacks the row %q", row)
		}
	}
	for _, id := range regexp.MustCompile(`\| (EB\d{3}) \|`).FindAllStringSubmatch(readme, -1) {
		if rules.Lookup(id[1]) == nil {
			t.Errorf("README.md lists %s, which is not in the catalog", id[1])
		}
	}
}

func TestTextWidth(t *testing.T) {
	tests := []struct {
		columns string
		output  string
		want    int
	}{
		{"", "", defaultWidth}, // a buffer is no terminal
		{"120", "", 120},
		{" 100 ", "report.txt", 100},
		{"0", "", defaultWidth},
		{"-3", "", defaultWidth},
		{"wide", "", defaultWidth},
	}
	for _, tt := range tests {
		env := func(k string) string {
			if k == "COLUMNS" {
				return tt.columns
			}
			return ""
		}
		if got := textWidth(env, &bytes.Buffer{}, tt.output); got != tt.want {
			t.Errorf("COLUMNS=%q output=%q: width %d, want %d", tt.columns, tt.output, got, tt.want)
		}
	}
	// The report is wrapped to the width, indentation kept.
	atRepoRoot(t)
	r := runCLI(t, map[string]string{"COLUMNS": "60"}, "--no-color", brokenExample)
	for _, line := range strings.Split(r.stdout, "\n") {
		// Prose (messages, related locations) is wrapped; headings and
		// location lines, which are paths, and fixes, which are code, are not.
		prose := strings.HasPrefix(line, "      ") && !strings.HasPrefix(line, "        ")
		if n := len([]rune(line)); n > 60 && prose && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("line of %d columns at COLUMNS=60: %q", n, line)
		}
	}
	// A message wraps onto several lines, each with the message's indentation.
	run, most := 0, 0
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "      ") && line[6] != ' ' && !strings.HasPrefix(line[6:], "fix:") && !strings.HasPrefix(line[6:], "related:") {
			run++
			most = max(most, run)
		} else {
			run = 0
		}
	}
	if most < 3 {
		t.Errorf("no message wrapped onto indented lines:\n%s", r.stdout)
	}
}

// TestMarkdownExample renders the broken example as a pull-request
// comment: its diagram marks what the findings are about (package report
// tests the syntax).
func TestMarkdownExample(t *testing.T) {
	atRepoRoot(t)
	r := runCLI(t, nil, "-f", "markdown", brokenExample)
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"### `examples/broken/private-environment.yaml`: environment `Environment`\n",
		"```mermaid\nflowchart LR\n",
		`["subnet PrivateSubnetB<br/>isolated<br/>EB303"]:::problem`,
		`["interface endpoint ECRApiEndpoint<br/>ecr.api<br/>EB401"]:::problem`,
		"-.-x|EB401|",
		`["logs endpoint: missing"]:::missing`,
		"EB401 at `examples/broken/private-environment.yaml:185:26`: the fix shown at `examples/broken/private-environment.yaml:175:26`.",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "-.-x|not associated|"); n != 1 {
		t.Errorf("%d route tables drawn off the S3 gateway endpoint, want PrivateRouteTableB alone", n)
	}
}

// TestGCLimit checks the collector's memory limit as the inputs' sizes
// are learnt (the total, each plan, the total grown by .tf files): eight
// times the inputs other than plans (a template's live heap is about 4
// times its size) and five times the large plans (about 3 times), within a
// floor of 16 MiB, so that small runs do not collect, a 1 MB template's
// run collects before 16 MiB and a large plan's peak RSS stays under six
// times its size; eight times the small plans and the .tf files on top.
func TestGCLimit(t *testing.T) {
	const mib = 1 << 20
	type sized struct{ total, plan int64 }
	tests := []struct {
		name  string
		calls []sized // load.Options.Sized's calls, in turn
		want  []int64 // the limit after each
	}{
		{"nothing to read", []sized{{0, 0}}, []int64{16 * mib}},
		{"a small template", []sized{{mib / 8, 0}}, []int64{16 * mib}},
		{"a 1 MiB template", []sized{{mib, 0}}, []int64{16 * mib}},
		{"templates", []sized{{10 * mib, 0}}, []int64{80 * mib}},
		{"a 10 MiB plan", []sized{{10 * mib, 0}, {10 * mib, 10 * mib}}, []int64{80 * mib, 50 * mib}},
		{"a plan and a template", []sized{{11 * mib, 0}, {11 * mib, 10 * mib}}, []int64{88 * mib, 8*mib + 50*mib}},
		{"a plan and its .tf files", []sized{{10 * mib, 0}, {10 * mib, 10 * mib}, {12 * mib, 0}}, []int64{80 * mib, 50 * mib, 16*mib + 50*mib}},
		{"small plans count on top", []sized{{3 * mib, 0}, {3 * mib, mib / 2}, {3 * mib, mib / 2}, {3 * mib, 2 * mib}},
			[]int64{24 * mib, 4*mib + 20*mib, 8*mib + 16*mib, 8*mib + 16*mib}},
		{"two large plans", []sized{{12 * mib, 0}, {12 * mib, 6 * mib}, {12 * mib, 6 * mib}}, []int64{96 * mib, 30*mib + 48*mib, 60 * mib}},
		{"a plan from standard input (not in total)", []sized{{0, 0}, {0, 10 * mib}}, []int64{16 * mib, 50 * mib}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g gcTarget
			var got []int64
			for _, c := range tt.calls {
				got = append(got, g.limit(c.total, c.plan))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("limits = %v MiB, want %v MiB", inMiB(got), inMiB(tt.want))
			}
		})
	}
}

// TestGCPercent: a run collects when its heap triples (gcPercent) until it
// finds a large plan, then only near its limit.
func TestGCPercent(t *testing.T) {
	const mib = 1 << 20
	type sized struct{ total, plan int64 }
	tests := []struct {
		name  string
		calls []sized
		want  []int
	}{
		{"a small template", []sized{{mib / 8, 0}}, []int{gcPercent}},
		{"a 1 MB template", []sized{{mib + mib/8, 0}}, []int{gcPercent}},
		{"a 10 MiB plan", []sized{{10 * mib, 0}, {10 * mib, 10 * mib}}, []int{gcPercent, -1}},
		{"100 MiB of files that are no plan", []sized{{100 * mib, 0}}, []int{gcPercent}},
		{"a 1.5 MiB plan", []sized{{3 * mib / 2, 0}, {3 * mib / 2, 3 * mib / 2}}, []int{gcPercent, -1}},
		{"small plans", []sized{{mib, 0}, {mib, mib / 2}, {mib, mib / 2}}, []int{gcPercent, gcPercent, gcPercent}},
		{"a large plan from standard input", []sized{{0, 0}, {0, 10 * mib}}, []int{gcPercent, -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g gcTarget
			var got []int
			for _, c := range tt.calls {
				g.limit(c.total, c.plan)
				got = append(got, g.percent())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("percents = %v, want %v", got, tt.want)
			}
		})
	}
}

func inMiB(ns []int64) []float64 {
	out := make([]float64, len(ns))
	for i, n := range ns {
		out[i] = float64(n) / (1 << 20)
	}
	return out
}
