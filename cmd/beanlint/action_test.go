package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// actionMetadata is the part of action.yml the test reads.
type actionMetadata struct {
	Name   string
	Inputs map[string]struct {
		Description string
		Required    bool
		Default     *string
	}
	Outputs map[string]struct{ Value string }
	Runs    struct {
		Using string
		Steps []struct {
			ID, Name, If, Uses, Run, Shell string
			WorkingDirectory               string `yaml:"working-directory"`
			With, Env                      map[string]string
		}
	}
}

// pinned is a step's uses pinned to a full commit SHA, with the release it
// is in a comment.
var pinned = regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)

// TestActionMetadata checks action.yml, the composite GitHub Action
// (actionlint in .ci/run checks it as a workflow uses it): its inputs, that
// it builds beanlint from its own checkout with a pinned setup-go, writes
// SARIF and uploads it with a pinned upload-sarif when asked, and that the
// exit code is beanlint's, raised after the upload. Inputs reach scripts
// through the environment only, never spliced into them.
func TestActionMetadata(t *testing.T) {
	atRepoRoot(t)
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionMetadata
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	for _, in := range []string{"paths", "format", "category", "fail-on", "upload"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("input %q missing", in)
		}
	}
	for name, in := range a.Inputs {
		if in.Description == "" || in.Required || in.Default == nil {
			t.Errorf("input %s: want a description and a default, not required", name)
		}
	}
	if d := a.Inputs["upload"].Default; d == nil || *d != "true" {
		t.Error(`input upload: want default "true"`)
	}
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
	}
	var order []string
	for i, s := range a.Runs.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			order = append(order, "setup-go")
			if !pinned.MatchString(s.Uses) {
				t.Errorf("step %d: %s is not pinned by commit", i, s.Uses)
			}
			if s.With["go-version-file"] != "${{ github.action_path }}/go.mod" {
				t.Errorf("setup-go: go-version-file = %q, want the action's go.mod", s.With["go-version-file"])
			}
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			order = append(order, "upload")
			if !pinned.MatchString(s.Uses) {
				t.Errorf("step %d: %s is not pinned by commit", i, s.Uses)
			}
			if s.If != "${{ inputs.upload == 'true' && !cancelled() }}" {
				t.Errorf("upload step if = %q: want it run when asked, whatever beanlint found", s.If)
			}
			if s.With["sarif_file"] != "${{ inputs.sarif-file }}" {
				t.Errorf("upload step sarif_file = %q", s.With["sarif_file"])
			}
		case s.Uses != "":
			t.Errorf("step %d uses %s: only setup-go and upload-sarif are expected", i, s.Uses)
		case strings.Contains(s.Run, "go install") && strings.Contains(s.Run, "./cmd/beanlint"):
			order = append(order, "install")
			if s.WorkingDirectory != "${{ github.action_path }}" {
				t.Errorf("install step runs in %q, want the action's own checkout", s.WorkingDirectory)
			}
		case strings.Contains(s.Run, "--format sarif --output"):
			order = append(order, "lint")
			if s.ID != "lint" || !strings.Contains(s.Run, `exit-code=$code`) {
				t.Error("lint step: want id lint, recording beanlint's exit code as an output")
			}
			for _, env := range []string{"${{ inputs.paths }}", "${{ inputs.format }}", "${{ inputs.category }}", "${{ inputs.fail-on }}", "${{ inputs.sarif-file }}"} {
				if !slices.Contains(mapValues(s.Env), env) {
					t.Errorf("lint step: %s not passed in its environment", env)
				}
			}
		case strings.Contains(s.Run, "exit "):
			order = append(order, "exit")
			if s.Env["CODE"] != "${{ steps.lint.outputs.exit-code }}" {
				t.Errorf("exit step: CODE = %q, want the lint step's exit code", s.Env["CODE"])
			}
		default:
			t.Errorf("step %d (%s) is not expected", i, s.Name)
		}
		if s.Run != "" {
			if s.Shell != "bash" {
				t.Errorf("step %d: shell %q, want bash", i, s.Shell)
			}
			if strings.Contains(s.Run, "${{") {
				t.Errorf("step %d splices an expression into its script (script injection): pass it in env", i)
			}
		}
	}
	if want := []string{"setup-go", "install", "lint", "upload", "exit"}; !slices.Equal(order, want) {
		t.Errorf("steps %v, want %v", order, want)
	}
	if a.Outputs["exit-code"].Value != "${{ steps.lint.outputs.exit-code }}" {
		t.Errorf("output exit-code = %q", a.Outputs["exit-code"].Value)
	}
}

// TestActionLintStep runs the action's lint step script with bash, the
// test binary standing in for beanlint: the SARIF file is written, the
// report in the chosen format is shown, paths given one a line are read,
// and the step succeeds whatever beanlint found, recording its exit code
// for the last step to raise.
func TestActionLintStep(t *testing.T) {
	root := atRepoRoot(t)
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	data, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a actionMetadata
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	var script string
	for _, s := range a.Runs.Steps {
		if s.ID == "lint" {
			script = s.Run
		}
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, paths, format, failOn string
		wantCode                    string
		wantLog                     string
	}{
		{"broken fails", "examples/broken", "compact", "error", "1", "examples/broken/private-environment.yaml:25:3: error EB202 "},
		{"fixed passes, two paths a line each", "examples/fixed\ntestdata/cli/warning-only.yaml", "github", "error", "0", "::warning file=testdata/cli/warning-only.yaml"},
		{"fail-on none", "examples/broken", "sarif", "none", "0", ""},
		{"unreadable path", "no/such/dir", "text", "error", "2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			sarif := filepath.Join(dir, "out.sarif")
			output := filepath.Join(dir, "github_output")
			cmd := exec.Command(bash, "-e", "-c", script)
			cmd.Dir = root
			cmd.Env = append(os.Environ(), "BEANLINT_TEST_MAIN=1", "BEANLINT="+self,
				"PATHS="+strings.ReplaceAll(tt.paths, `\n`, "\n"), "FORMAT="+tt.format, "CATEGORY=ci", "FAIL_ON="+tt.failOn,
				"SARIF_FILE="+sarif, "GITHUB_OUTPUT="+output, "NO_COLOR=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the lint step failed (%v): it must record the exit code and succeed:\n%s", err, out)
			}
			got, err := os.ReadFile(output)
			if err != nil || string(got) != "exit-code="+tt.wantCode+"\n" {
				t.Errorf("GITHUB_OUTPUT = %q (%v), want exit-code=%s", got, err, tt.wantCode)
			}
			if tt.wantCode != "2" {
				s, err := os.ReadFile(sarif)
				if err != nil || !strings.Contains(string(s), `"id": "ci/"`) {
					t.Errorf("SARIF file not written with the category (%v)", err)
				}
			}
			if !strings.Contains(string(out), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, out)
			}
		})
	}
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
