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
// provider region is a variable without a value builds its service names
// from that region, which is the environment's whatever it is (EB301
// reports the missing logs endpoint), but an endpoint whose count
// compares the region is not known: an EB901 note on the count naming the
// variable and how to give it (--var, --var-file, terraform.tfvars), never
// "lint ... together with this plan". Given the variable, the count is
// decided: the sqs endpoint exists in us-east-1, not in eu-west-1.
func TestRegionVariableNotes(t *testing.T) {
	dir := filepath.Join(casesDir, "EB901", "note_region_comparison.tf")
	tests := []struct {
		name      string
		vars      []string
		wantRules []string // rule:severity of every finding, in order
		wantText  []string // substrings of the first finding, an EB901 note
	}{
		{"no value", nil, []string{"EB901:note", "EB301:error", "EB901:note"}, []string{
			"data.aws_region.current.name, the default aws provider's region, its region argument (var.region) is not known: ",
			"var.region has no value (give it with --var region=..., --var-file, TF_VAR_region, terraform.tfvars or a default)",
		}},
		{"--var region=us-east-1", []string{"region=us-east-1"}, []string{"EB301:error"}, nil},
		{"--var region=eu-west-1", []string{"region=eu-west-1"}, []string{"EB301:error", "EB301:error"}, nil},
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
