package fix_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/cfn"
	"github.com/beanlint/beanlint/rules/lint/fix"
)

const template = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"

func finding(rule, file string, edits ...edit.Edit) rules.Finding {
	return rules.Finding{RuleID: rule, Fix: "# a fix\n", Loc: parsers.Location{File: file, StartLine: 2}, Edits: edits}
}

func set(file, prop string, v edit.Value) edit.Edit {
	return edit.Edit{File: file, Op: edit.SetProperty, Target: "Vpc", Path: []string{prop}, Value: v}
}

// TestBuild checks what a run's fixes become: changes per file with the
// rules that make them, notices for what is not applied, refusals.
func TestBuild(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "net.yaml")
	if err := os.WriteFile(file, []byte(template), 0o644); err != nil {
		t.Fatal(err)
	}
	formats := map[string]string{file: "cloudformation-yaml", "main.tf": "terraform-source"}
	appliers := fix.Appliers{"cloudformation": cfn.Apply}
	hostnames := finding("EB202", file, set(file, "EnableDnsHostnames", edit.True))
	support := finding("EB201", file, set(file, "EnableDnsSupport", edit.True), set(file, "EnableDnsHostnames", edit.True))
	tf := rules.Finding{RuleID: "EB202", Fix: "resource \"aws_vpc\" \"main\" {}\n", Loc: parsers.Location{File: "main.tf", StartLine: 1}}
	placeholder := finding("EB401", file, set(file, "CidrBlock", edit.PlaceholderFor("VpcCidr", "the CIDR")))
	suppressed := finding("EB203", file, set(file, "X", edit.True))
	suppressed.Suppressions = []rules.Suppression{{Kind: rules.InSource}}

	plan, err := fix.Build([]rules.Finding{hostnames, support, tf, placeholder, suppressed}, formats, appliers, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || strings.Join(plan.Changes[0].Rules, ",") != "EB202,EB201" ||
		!strings.HasSuffix(string(plan.Changes[0].New), "      CidrBlock: 10.0.0.0/16\n      EnableDnsHostnames: true\n      EnableDnsSupport: true\n") {
		t.Errorf("changes = %+v", plan.Changes)
	}
	notices := strings.Join(plan.Notices, "\n")
	for _, want := range []string{"main.tf:1: EB202: not applied: Terraform", "EB401: not applied: the fix holds a value the inputs do not tell"} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q:\n%s", want, notices)
		}
	}
	if strings.Contains(notices, "EB203") || strings.Contains(string(plan.Changes[0].New), "X: true") {
		t.Error("a suppressed finding's fix is applied or noticed")
	}

	// Two fixes that set one property differently: refused.
	off := finding("EB999", file, set(file, "EnableDnsHostnames", edit.False))
	var refusal *fix.Refusal
	if _, err := fix.Build([]rules.Finding{hostnames, off}, formats, appliers, os.ReadFile); !errors.As(err, &refusal) {
		t.Errorf("conflicting fixes: err = %v, want a refusal", err)
	}

	// The file changes between Build and Write: refused, nothing written.
	changed := template + "# edited meanwhile\n"
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := plan.Write(os.ReadFile); !errors.As(err, &refusal) {
		t.Errorf("Write after a change: err = %v, want a refusal", err)
	}
	if now, _ := os.ReadFile(file); string(now) != changed {
		t.Error("Write wrote a file that changed under it")
	}
}

// TestTextEdits checks a fix made text: the lines it inserts, located in
// the file, also at its end.
func TestTextEdits(t *testing.T) {
	read := func(string) ([]byte, error) { return []byte(template), nil }
	formats := map[string]string{"net.yaml": "cloudformation-yaml"}
	got := fix.TextEdits([]edit.Edit{set("net.yaml", "EnableDnsHostnames", edit.True)}, formats, fix.Appliers{"cloudformation": cfn.Apply}, read)
	want := []edit.TextEdit{{File: "net.yaml", StartLine: 5, StartCol: 1, EndLine: 5, EndCol: 29, Text: "      CidrBlock: 10.0.0.0/16\n      EnableDnsHostnames: true"}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("TextEdits = %+v\nwant %+v", got, want)
	}
}

// TestDiffNames checks the file names of the unified diff: a/ and b/ before
// the path as git writes them, also for an absolute path.
func TestDiffNames(t *testing.T) {
	tests := []struct{ file, want string }{
		{"infra/net.yaml", "--- a/infra/net.yaml\n+++ b/infra/net.yaml\n"},
		{"/tmp/infra/net.yaml", "--- a/tmp/infra/net.yaml\n+++ b/tmp/infra/net.yaml\n"},
	}
	for _, tt := range tests {
		plan := fix.Plan{Changes: []fix.Change{{File: tt.file, Old: []byte("a\n"), New: []byte("a\nb\n")}}}
		if got := plan.Diff(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: diff starts\n%s\nwant\n%s", tt.file, got, tt.want)
		}
	}
}
