package main

import (
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/beanlint/beanlint/rules"
)

// TestBadInput lints each kind of broken input next to the broken example:
// the broken file is EB900 at its file and line, the example's findings are
// still reported, the SARIF is valid, and the exit code is 2.
func TestBadInput(t *testing.T) {
	atRepoRoot(t)
	tests := []struct {
		name, file string
		line       int // 0: the error has no line (the whole file is wrong)
		message    string
	}{
		{"YAML syntax error", "testdata/cli/syntax-error.yaml", 8, "invalid YAML"},
		{"JSON syntax error", "testdata/cli/bad/json-syntax.json", 6, "invalid JSON"},
		{"Ref cycle", "testdata/cli/bad/ref-cycle.yaml", 7, "circular dependency between resources: GroupA -> GroupB -> GroupA"},
		{"unknown intrinsic", "testdata/cli/bad/unknown-intrinsic.yaml", 6, "unknown tag !Frobnicate"},
		{"non-template YAML named explicitly", "testdata/cli/bad/not-a-template.yaml", 0, "not a CloudFormation template or Terraform plan"},
		{"device named explicitly", "/dev/zero", 0, "is a character device, not a file"},
		{"template too complex to resolve", "testdata/cli/bad/too-complex.yaml", 8, "template too complex to resolve: its intrinsic functions expand beyond 268435456 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "-f", "sarif", tt.file, brokenExample)
			if r.code != 2 {
				t.Fatalf("exit code %d, want 2; stderr: %s", r.code, r.stderr)
			}
			l := decodeSARIF(t, r.stdout)
			var eb900, others int
			for _, res := range l.Runs[0].Results {
				loc := res.Locations[0].PhysicalLocation
				switch {
				case res.RuleID == "EB900":
					eb900++
					uri := tt.file
					if filepath.IsAbs(uri) { // outside the repository
						uri = "file://" + uri
					}
					if loc.ArtifactLocation.URI != uri || loc.Region.StartLine != tt.line {
						t.Errorf("EB900 at %s:%d, want %s:%d", loc.ArtifactLocation.URI, loc.Region.StartLine, uri, tt.line)
					}
					if !strings.Contains(res.Message.Text, tt.message) {
						t.Errorf("EB900 message %q does not contain %q", res.Message.Text, tt.message)
					}
				case loc.ArtifactLocation.URI == brokenFile:
					others++
				}
			}
			if eb900 != 1 || others == 0 {
				t.Errorf("%d EB900 results (want 1) and %d results for %s (want some)", eb900, others, brokenFile)
			}
		})
	}
}

// TestNonTemplateSkippedInDirectory checks that a directory walk skips files
// that are not templates without a word, unlike a file named explicitly.
func TestNonTemplateSkippedInDirectory(t *testing.T) {
	atRepoRoot(t)
	dir := t.TempDir()
	copyFile(t, "testdata/cli/bad/not-a-template.yaml", dir+"/docker-compose.yml")
	copyFile(t, fixedFile, dir+"/template.yaml")
	r := runCLI(t, nil, "-f", "json", dir)
	if r.code != 0 {
		t.Fatalf("exit code %d, want 0: %s%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "docker-compose") {
		t.Errorf("report mentions the skipped non-template file:\n%s", r.stdout)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestNotices checks the warnings about a run that are not findings: a
// --parameter no template declares, and a suppression naming a rule that
// does not exist. Both are reported and neither changes the exit code.
func TestNotices(t *testing.T) {
	atRepoRoot(t)
	dir := t.TempDir()
	tmpl := "AWSTemplateFormatVersion: \"2010-09-09\"\n" +
		"Metadata:\n  beanlint:\n    ignore: [EB999]\n" +
		"Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
	if err := os.WriteFile(dir+"/t.yaml", []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	// COLUMNS: no wrapping, so that the notices read as one line each.
	r := runCLI(t, map[string]string{"COLUMNS": "1000"}, "--no-color", "--parameter", "VpcIdd=vpc-1", dir+"/t.yaml")
	if r.code != 0 {
		t.Fatalf("exit code %d, want 0: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"--parameter VpcIdd: no linted template declares this parameter",
		`names rule "EB999", which does not exist`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
	s := runCLI(t, nil, "-f", "sarif", "--parameter", "VpcIdd=vpc-1", dir+"/t.yaml")
	l := decodeSARIF(t, s.stdout)
	if n := len(l.Runs[0].Results); n != 0 {
		t.Errorf("%d SARIF results, want 0: notices are not results", n)
	}
	// The two tool notifications, and the default level of each
	// warning-severity rule of the catalog.
	want := 2
	for _, r := range rules.All() {
		if r.Severity == rules.Warning {
			want++
		}
	}
	if c := strings.Count(s.stdout, `"level": "warning"`); c != want {
		t.Errorf("%d warning-level entries in SARIF, want %d (2 tool notifications and the warning rules' default levels):\n%s", c, want, s.stdout)
	}
}

// TestUTF16Inputs lints the broken example and a plan saved as UTF-16LE
// with a byte order mark (PowerShell's Out-File, a Windows > redirect of
// `terraform show -json`) and checks that the report is the one of the
// same files in UTF-8: same findings at the same lines and columns.
func TestUTF16Inputs(t *testing.T) {
	atRepoRoot(t)
	for _, file := range []string{brokenFile, tfPrivatePlan} {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// The same name in two directories, each linted from inside,
			// gives the same report when the files are read the same.
			name, dir := filepath.Base(file), t.TempDir()
			writeTestFile(t, filepath.Join(dir, "utf8", name), data)
			writeTestFile(t, filepath.Join(dir, "utf16", name), encodeUTF16LE(string(data)))
			t.Chdir(filepath.Join(dir, "utf8"))
			want, wantRun := lintJSON(t, name)
			t.Chdir(filepath.Join(dir, "utf16"))
			_, gotRun := lintJSON(t, name)
			if len(want.Findings) == 0 || wantRun.code != 1 {
				t.Fatalf("UTF-8 copy: exit %d, %d findings; want 1 and findings", wantRun.code, len(want.Findings))
			}
			if gotRun.code != wantRun.code || gotRun.stdout != wantRun.stdout {
				t.Errorf("UTF-16 copy: exit %d, want %d; report differs from the UTF-8 one: %s",
					gotRun.code, wantRun.code, firstDiff(wantRun.stdout, gotRun.stdout))
			}
		})
	}
}

func encodeUTF16LE(s string) []byte {
	out := binary.LittleEndian.AppendUint16(nil, 0xfeff)
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestIndentedTemplate: a template whose top level is indented (valid
// YAML) is found in a directory and linted like the same template written
// from column 1: the same findings on the same lines, two columns right.
func TestIndentedTemplate(t *testing.T) {
	atRepoRoot(t)
	data, err := os.ReadFile(brokenFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = "  " + l
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "indented.yaml"), []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	type finding struct {
		RuleID   string `json:"ruleId"`
		Message  string `json:"message"`
		Location struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
		} `json:"location"`
	}
	findings := func(r result) []finding {
		var report struct{ Findings []finding }
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
			t.Fatalf("decoding the JSON report: %v\n%s%s", err, r.stdout, r.stderr)
		}
		return report.Findings
	}
	plain := runCLI(t, nil, "-f", "json", brokenFile)
	indented := runCLI(t, nil, "-f", "json", dir)
	want, got := findings(plain), findings(indented)
	if indented.code != plain.code || len(want) == 0 {
		t.Fatalf("exit code %d, want %d as for %s (%d findings)", indented.code, plain.code, brokenFile, len(want))
	}
	for i := range want {
		want[i].Location.StartColumn += 2
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings of the indented template:\n%+v\nwant, as for %s two columns right:\n%+v", got, brokenFile, want)
	}
}

// TestTemplateInSecondDocument: a directory file whose second YAML document
// is a template is found, and is EB900 at the line where that document
// starts, since CloudFormation reads one document per template.
func TestTemplateInSecondDocument(t *testing.T) {
	atRepoRoot(t)
	data, err := os.ReadFile(fixedFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stack.yaml"), append([]byte("kind: ConfigMap\n---\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "-f", "sarif", dir)
	if r.code != 2 {
		t.Fatalf("exit code %d, want 2: %s%s", r.code, r.stdout, r.stderr)
	}
	results := decodeSARIF(t, r.stdout).Runs[0].Results
	if len(results) != 1 || results[0].RuleID != "EB900" || results[0].Locations[0].PhysicalLocation.Region.StartLine != 2 ||
		!strings.Contains(results[0].Message.Text, "a second YAML document starts here") {
		t.Errorf("results = %+v, want one EB900 at line 2 about the second document", results)
	}
}
