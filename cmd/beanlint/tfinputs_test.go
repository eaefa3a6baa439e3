package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// logsCase is a .tf configuration with one EB301 finding (line 118).
const logsCase = "testdata/rules/EB301/fail_missing_logs.tf"

// compactLines runs beanlint with the compact format in dir (the working
// directory, so paths read as relative) and returns its exit code and the
// report's lines with the message cut after the rule ID.
func compactLines(t *testing.T, dir string, args ...string) (int, []string) {
	t.Helper()
	t.Chdir(dir)
	r := runCLI(t, nil, append([]string{"-f", "compact"}, args...)...)
	var lines []string
	for l := range strings.Lines(r.stdout) {
		f := strings.Fields(l)
		lines = append(lines, strings.Join(f[:min(len(f), 3)], " "))
	}
	return r.code, lines
}

// TestNamedVarsFileCLI: a .tfvars file named on the command line, as a
// pre-commit hook passing changed files or an editor names it, lints the
// configuration of its directory (once, with the .tf file named too), never
// an EB900 that fails the commit; one in a directory without configuration
// lints nothing.
func TestNamedVarsFileCLI(t *testing.T) {
	main := filepath.Join(moduleRoot(t), logsCase, "main.tf")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"the reviewer's command", []string{"prod.tfvars", "main.tf"}, 1, []string{"main.tf:118:3: error EB301"}},
		{"the .tfvars file alone", []string{"prod.tfvars"}, 1, []string{"main.tf:118:3: error EB301"}},
		{"with its directory and --var-file", []string{"--var-file", "prod.tfvars", ".", "prod.tfvars"}, 1, []string{"main.tf:118:3: error EB301"}},
		{"a .tfvars.json file", []string{"prod.tfvars.json"}, 1, []string{"main.tf:118:3: error EB301"}},
		{"terraform.tfvars.json", []string{"terraform.tfvars.json"}, 1, []string{"main.tf:118:3: error EB301"}},
		{"no configuration beside it", []string{"vars/prod.tfvars"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyFile(t, main, filepath.Join(dir, "main.tf"))
			for _, name := range []string{"prod.tfvars", "vars/prod.tfvars"} {
				writeTestFile(t, filepath.Join(dir, name), []byte("region = \"eu-west-1\"\n"))
			}
			for _, name := range []string{"prod.tfvars.json", "terraform.tfvars.json"} {
				writeTestFile(t, filepath.Join(dir, name), []byte(`{"region": "eu-west-1"}`))
			}
			code, lines := compactLines(t, dir, tt.args...)
			if code != tt.wantCode || strings.Join(lines, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("beanlint %s = %d %q, want %d %q", strings.Join(tt.args, " "), code, lines, tt.wantCode, tt.want)
			}
		})
	}
}

// TestCompactNotices: the compact format keeps its report to one finding
// a line, and the run's notices (the text format's "Notices"), such as a
// named values file whose values are not used, go to stderr in the same
// form; a run without notices writes nothing there.
func TestCompactNotices(t *testing.T) {
	main := filepath.Join(moduleRoot(t), logsCase, "main.tf")
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"a values file Terraform does not load", []string{"prod.tfvars"},
			"prod.tfvars: notice the values of this variable values file are not used: Terraform loads terraform.tfvars, terraform.tfvars.json and *.auto.tfvars(.json) by itself, and any other only with -var-file; lint with --var-file prod.tfvars to use them\n"},
		{"given with --var-file", []string{"--var-file", "prod.tfvars", "prod.tfvars"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyFile(t, main, filepath.Join(dir, "main.tf"))
			writeTestFile(t, filepath.Join(dir, "prod.tfvars"), []byte("region = \"eu-west-1\"\n"))
			t.Chdir(dir)
			r := runCLI(t, nil, append([]string{"-f", "compact"}, tt.args...)...)
			if r.code != 1 || !strings.HasPrefix(r.stdout, "main.tf:118:3: error EB301 ") || strings.Count(r.stdout, "\n") != 1 {
				t.Errorf("stdout %q (exit %d), want the EB301 finding alone", r.stdout, r.code)
			}
			if r.stderr != tt.wantStderr {
				t.Errorf("stderr %q, want %q", r.stderr, tt.wantStderr)
			}
		})
	}
}

// TestSettingWithoutArguments: a setting block of an environment without
// namespace, name or value, which Terraform rejects, is an EB900 on the
// block's line naming what it lacks, when the configuration is linted
// without a plan; the other inputs of the run are linted all the same.
// Beside a plan, the plan is linted (the .tf source only locates).
func TestSettingWithoutArguments(t *testing.T) {
	root := moduleRoot(t)
	src, err := os.ReadFile(filepath.Join(root, logsCase, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	scheme := "  setting {\n    namespace = \"aws:ec2:vpc\"\n    name      = \"ELBScheme\"\n    value     = \"internal\"\n  }\n"
	if !strings.Contains(string(src), scheme) {
		t.Fatalf("%s/main.tf has no ELBScheme setting block to edit", logsCase)
	}
	tests := []struct {
		name  string
		block string // in place of the ELBScheme block (line 128)
		want  []string
	}{
		{"empty block", "  setting {}\n", []string{"tf/main.tf:128:3: error EB900 The file could not be parsed: Terraform configuration: a setting block of aws_elastic_beanstalk_environment.env lacks the required arguments namespace, name and value"}},
		{"no value", strings.Replace(scheme, "    value     = \"internal\"\n", "", 1), []string{"tf/main.tf:128:3: error EB900 The file could not be parsed: Terraform configuration: a setting block of aws_elastic_beanstalk_environment.env lacks the required argument value,"}},
		{"no namespace", strings.Replace(scheme, "    namespace = \"aws:ec2:vpc\"\n", "", 1), []string{"tf/main.tf:128:3: error EB900 The file could not be parsed: Terraform configuration: a setting block of aws_elastic_beanstalk_environment.env lacks the required argument namespace,"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTestFile(t, filepath.Join(dir, "tf", "main.tf"), []byte(strings.Replace(string(src), scheme, tt.block, 1)))
			copyFile(t, filepath.Join(root, brokenFile), filepath.Join(dir, "app.yaml"))
			t.Chdir(dir)
			r := runCLI(t, nil, "-f", "compact", "tf", "app.yaml")
			if r.code != 2 {
				t.Errorf("exit code %d, want 2", r.code)
			}
			var eb900 []string
			others := 0
			for l := range strings.Lines(r.stdout) {
				switch {
				case strings.Contains(l, " EB900 "):
					eb900 = append(eb900, l)
				case strings.HasPrefix(l, "app.yaml:"):
					others++
				default:
					t.Errorf("unexpected finding %q", l)
				}
			}
			if len(eb900) != len(tt.want) || others == 0 {
				t.Fatalf("EB900 %q (want %d) and %d findings in app.yaml (want some):\n%s", eb900, len(tt.want), others, r.stdout)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(eb900[i], w) {
					t.Errorf("EB900 %q, want it to start %q", eb900[i], w)
				}
			}

			// Beside its plan: the plan is linted, the block is noted.
			copyFile(t, filepath.Join(root, logsCase, "plan.json"), filepath.Join(dir, "tf", "plan.json"))
			code, lines := compactLines(t, dir, "tf")
			if want := []string{"tf/plan.json:1:8178: error EB301"}; code != 1 || strings.Join(lines, "\n") != strings.Join(want, "\n") {
				t.Errorf("with the plan: %d %q, want 1 %q", code, lines, want)
			}
		})
	}
}
