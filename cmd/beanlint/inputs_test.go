package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	oldVersion, oldCommit := version, commit
	version, commit = "v1.2.3", "0123456789abcdef"
	t.Cleanup(func() { version, commit = oldVersion, oldCommit })
	want := regexp.MustCompile(`^beanlint v1\.2\.3\ncommit: 0123456789abcdef\ngo: go1\.\d+\S* \w+/\w+\n$`)
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}, {"-v", "examples/broken"}} {
		r := runCLI(t, nil, args...)
		if r.code != 0 || !want.MatchString(r.stdout) {
			t.Errorf("beanlint %s = %d %q, want 0 and %s", strings.Join(args, " "), r.code, r.stdout, want)
		}
	}
}

func TestBuildCommitFromBuildInfo(t *testing.T) {
	// A test binary records no VCS revision: the commit is unknown, not
	// empty.
	if got := buildCommit(); got == "" {
		t.Errorf("buildCommit() = %q", got)
	}
}

func TestPathErrors(t *testing.T) {
	atRepoRoot(t)
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"missing path", []string{"-f", "sarif", "testdata/cli/no-such-dir", brokenExample}, "beanlint: testdata/cli/no-such-dir: no such file or directory"},
		{"missing file among others", []string{brokenExample, "nope.yaml"}, "nope.yaml: no such file or directory"},
		{"standard input twice", []string{"-", fixedExample, "-"}, "- (standard input) is named more than once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != 2 || r.stdout != "" {
				t.Fatalf("exit code %d, stdout %q; want 2 and no report\nstderr: %s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.wantStderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, tt.wantStderr)
			}
		})
	}
}

// TestStdinInput lints a template from standard input, with a file.
func TestStdinInput(t *testing.T) {
	atRepoRoot(t)
	data, err := os.ReadFile(brokenFile)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	code := run([]string{"-f", "sarif", "-", fixedExample}, strings.NewReader(string(data)), &stdout, &stderr, func(string) string { return "" }, nil)
	if code != 1 {
		t.Fatalf("exit code %d, want 1 (findings)\nstderr: %s", code, stderr.String())
	}
	l := decodeSARIF(t, stdout.String())
	fromStdin := 0
	for _, res := range l.Runs[0].Results {
		if len(res.Locations) > 0 && res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "-" {
			fromStdin++
		}
	}
	if fromStdin != 6 {
		t.Errorf("%d results located in - (standard input), want the broken example's 6\n%s", fromStdin, stdout.String())
	}
}

// TestWalkSkipsIgnored runs beanlint in a repository whose .gitignore'd
// cdk.out and --exclude'd directory hold broken templates.
func TestWalkSkipsIgnored(t *testing.T) {
	broken, err := os.ReadFile(filepath.Join("..", "..", brokenFile))
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := os.ReadFile(filepath.Join("..", "..", fixedFile))
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	for name, data := range map[string][]byte{
		".git/HEAD":                 []byte("ref: refs/heads/main\n"),
		".gitignore":                []byte("cdk.out/\n"),
		"infra/app.yaml":            fixed,
		"cdk.out/App.template.yaml": broken,
		"legacy/old.yaml":           broken,
	} {
		path := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(repo)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string // substrings of the text report
	}{
		{"ignored and excluded skipped", []string{"--exclude", "legacy/"}, 0, []string{"1 file linted"}},
		{"excluded only", []string{}, 1, []string{"legacy/old.yaml:", "2 files linted"}},
		{"ignored directory named", []string{"--exclude", "legacy/", ".", "cdk.out"}, 1, []string{"cdk.out/App.template.yaml:", "2 files linted"}},
		{"excluded file named", []string{"--exclude", "legacy/", "legacy/old.yaml"}, 1, []string{"legacy/old.yaml:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != tt.wantCode {
				t.Fatalf("exit code %d, want %d\n%s%s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("report lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestTextPathsFromWorkingDirectory: the text report's paths are relative
// to the working directory, SARIF's to the repository root.
func TestTextPathsFromWorkingDirectory(t *testing.T) {
	root := atRepoRoot(t)
	t.Chdir(filepath.Join(root, "examples"))
	r := runCLI(t, nil, "broken")
	if !strings.Contains(r.stdout, "\n  broken/private-environment.yaml:") || strings.Contains(r.stdout, "examples/broken") {
		t.Errorf("text report paths are not relative to the working directory:\n%s", r.stdout)
	}
	r = runCLI(t, nil, "-f", "sarif", "broken")
	l := decodeSARIF(t, r.stdout)
	if uri := l.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != brokenFile {
		t.Errorf("SARIF uri = %q, want %q (repository-relative)", uri, brokenFile)
	}
}

// TestParameterNotAllowed: a --parameter value outside the template's
// AllowedValues is an EB900 error on the constraint, and the other
// findings are still reported.
func TestParameterNotAllowed(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "t.yaml")
	src := "AWSTemplateFormatVersion: 2010-09-09\nParameters:\n  Env:\n    Type: String\n    AllowedValues: [dev, prod]\nResources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n"
	if err := os.WriteFile(tmpl, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "-f", "compact", "--parameter", "Env=staging", tmpl) // one line per finding: the message unwrapped
	if r.code != 2 || !strings.Contains(r.stdout, `EB900`) || !strings.Contains(r.stdout, `parameter Env: the value "staging" given is not one of its AllowedValues (dev, prod)`) || !strings.Contains(r.stdout, "The file was linted, but not as it can be deployed") {
		t.Errorf("exit code %d, want 2 and an EB900 on AllowedValues:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "--parameter", "Env=prod", tmpl); r.code != 0 {
		t.Errorf("allowed value: exit code %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestStdinFromSubdirectory: standard input is "-" in every report, from
// any working directory (not a file "-" in it).
func TestStdinFromSubdirectory(t *testing.T) {
	root := atRepoRoot(t)
	data, err := os.ReadFile(brokenFile)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(root, "examples"))
	for _, format := range []string{"sarif", "json"} {
		var stdout, stderr strings.Builder
		run([]string{"-f", format, "-"}, strings.NewReader(string(data)), &stdout, &stderr, func(string) string { return "" }, nil)
		if strings.Contains(stdout.String(), `examples/-`) || !strings.Contains(stdout.String(), `"-"`) {
			t.Errorf("%s: standard input is not reported as -:\n%s", format, stdout.String())
		}
	}
}
