package rules

import "testing"

// TestToolTexts: every tool-dependent text has a CloudFormation and a
// Terraform wording, and the two differ (else it belongs in the message).
func TestToolTexts(t *testing.T) {
	if len(toolTexts) != int(numToolTexts) {
		t.Fatalf("toolTexts has %d entries, want one per toolText (%d)", len(toolTexts), numToolTexts)
	}
	for i, tt := range toolTexts {
		if tt.cloudFormation == "" || tt.terraform == "" || tt.cloudFormation == tt.terraform {
			t.Errorf("toolText %d: %q / %q", i, tt.cloudFormation, tt.terraform)
		}
	}
}
