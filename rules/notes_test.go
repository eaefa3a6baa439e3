package rules_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/terraform"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint"
)

// TestRegionVariableNotes: a configuration linted without a plan whose
// provider region is a variable without a value leaves every endpoint's
// service name unknown (they read data.aws_region.current). That is one
// EB901 note naming EB301 and EB302, with advice for a configuration (the
// variable, --var, --var-file, terraform.tfvars), never "lint ... together
// with this plan"; given the variable, the note goes and EB301 reports
// the missing logs endpoint.
func TestRegionVariableNotes(t *testing.T) {
	dir := filepath.Join(casesDir, "EB901", "note_provider_region_variable.tf")
	tests := []struct {
		name      string
		vars      []string
		wantRules []string // rule:severity of every finding, in order
		wantText  []string // substrings of the EB901 note
	}{
		{"no value", nil, []string{"EB901:note"}, []string{
			"var.region has no value (give it with --var region=...",
			"Not checked: EB203, EB301, EB302, EB303, EB304, EB401, EB402, EB501, EB601, EB602, EB603, EB902.",
			"--var NAME=VALUE, --var-file FILE, a terraform.tfvars",
		}},
		{"--var region", []string{"region=us-east-1"}, []string{"EB301:error"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := lint.Run([]string{dir}, lint.Options{TFVars: terraform.Vars{Values: tt.vars}}).Findings
			var got []string
			for _, f := range fs {
				got = append(got, f.RuleID+":"+f.Severity.String())
			}
			if strings.Join(got, " ") != strings.Join(tt.wantRules, " ") {
				t.Fatalf("findings %v, want %v", got, tt.wantRules)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(fs[0].Message, w) {
					t.Errorf("note %q lacks %q", fs[0].Message, w)
				}
			}
			if tt.wantText != nil && strings.Contains(fs[0].Message, "this plan") {
				t.Errorf("note about a configuration linted without a plan speaks of a plan: %q", fs[0].Message)
			}
		})
	}
}

// TestUnresolvedAssociationNotes: the note about an association whose
// endpoint ID is known only after apply (a route table association for
// EB303, a subnet association for EB304), or whose route table ID is,
// points, as a related location, at that vpc_endpoint_id or
// route_table_id: what decides it.
func TestUnresolvedAssociationNotes(t *testing.T) {
	tests := []struct {
		dir  string
		rule string // the rule the note names
		line int32  // the association's vpc_endpoint_id in main.tf
	}{
		{"note_unresolved_association.tf", "EB303", 93},
		{"note_unresolved_subnet_association.tf", "EB304", 78},
		{"note_unresolved_subnet_association.tf", "EB303", 100},
		{"note_unresolved_route_table.tf", "EB303", 90},
	}
	for _, tt := range tests {
		t.Run(tt.dir+"/"+tt.rule, func(t *testing.T) {
			plan := filepath.Join(casesDir, "modules", tt.dir, "plan.json")
			var notes []rules.Finding
			for _, f := range lint.Run([]string{plan}, lint.Options{}).Findings {
				if f.RuleID == "EB901" && strings.Contains(f.Message, "Not checked: "+tt.rule+".") {
					notes = append(notes, f)
				}
			}
			if len(notes) != 1 {
				t.Fatalf("%d EB901 notes naming %s, want 1: %v", len(notes), tt.rule, notes)
			}
			found := false
			for _, r := range notes[0].Related {
				if filepath.Base(r.Loc.File) == "main.tf" && r.Loc.StartLine == tt.line && (strings.Contains(r.Message, "endpoint ID") || strings.Contains(r.Message, "route table ID")) {
					found = true
				}
			}
			if !found {
				t.Errorf("related locations %+v do not include the association's vpc_endpoint_id (main.tf:%d)", notes[0].Related, tt.line)
			}
		})
	}
}
