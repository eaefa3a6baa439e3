package rules

import (
	"slices"
	"testing"
)

// TestNeeds checks that every checked rule declares the facts it needs
// (EB901, which reports them, needs none) and that the rules an EB901
// note names follow from the catalog.
func TestNeeds(t *testing.T) {
	for _, r := range All() {
		if r.Check != nil && r != Unverifiable && len(r.Needs) == 0 {
			t.Errorf("%s declares no Needs", r.ID)
		}
	}
	cases := []struct {
		fact Fact
		want []string
	}{
		{FactSubnets, []string{"EB101", "EB103", "EB104", "EB201", "EB202", "EB203", "EB301", "EB302", "EB303", "EB304", "EB401", "EB402", "EB403", "EB404", "EB405", "EB501", "EB601", "EB602", "EB603", "EB902"}},
		{FactPosture, []string{"EB103", "EB104", "EB201", "EB202", "EB203", "EB301", "EB302", "EB303", "EB304", "EB401", "EB402", "EB403", "EB404", "EB405", "EB501", "EB601", "EB602", "EB603", "EB902"}},
		{FactVPC, []string{"EB105", "EB201", "EB202"}},
		{FactServices, []string{"EB203", "EB301", "EB304", "EB401", "EB402", "EB501"}},
		{FactEnvironmentType, []string{"EB101", "EB102", "EB104"}},
		{FactELBSubnets, []string{"EB101", "EB102"}},
		{FactSecurityGroups, []string{"EB401", "EB402", "EB403", "EB404"}},
		{FactHubEndpoint, []string{"EB304", "EB401", "EB501"}},
	}
	for _, c := range cases {
		if got := rulesNeeding(All(), c.fact); !slices.Equal(got, c.want) {
			t.Errorf("rules needing %s = %v, want %v", c.fact, got, c.want)
		}
	}
	extra := &Rule{ID: "EB999", Needs: []Fact{FactVPC}, Check: func(*Pass) {}}
	if got := rulesNeeding(append(All(), extra), FactVPC); !slices.Contains(got, "EB999") {
		t.Errorf("a new rule needing the VPC is not named: %v", got)
	}
}
