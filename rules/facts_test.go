package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
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

// TestOneNotePerQuestion: the notes of a run are one per environment and
// question (Unknown.Subject) when they are recorded: a rule meeting a
// question already noted for the environment joins that note (its text and
// location stay the first rule's), whatever its own location or wording;
// another question, another environment, or no environment and another
// location make another note.
func TestOneNotePerQuestion(t *testing.T) {
	envA := &Env{Environment: &query.Environment{Node: &parsers.Environment{Resource: parsers.Resource{Key: "a", Name: "EnvA"}}}}
	envB := &Env{Environment: &query.Environment{Node: &parsers.Environment{Resource: parsers.Resource{Key: "b", Name: "EnvB"}}}}
	at := func(line int) parsers.Location { return parsers.Span("t.yaml", line, 1, 0, 0) }
	q := func(subject string, line int, what string) Unknown {
		return Unknown{Loc: at(line), Subject: subject, What: what, Decide: "decide it"}
	}
	type rec struct {
		e    *Env
		u    Unknown
		rule string
		fact Fact
	}
	cases := []struct {
		name  string
		recs  []rec
		notes []string // "environment subject line: rules", in order
	}{
		{"two rules, one question", []rec{
			{envA, q("subnet posture", 3, "first wording"), "EB301", ""},
			{envA, q("subnet posture", 9, "other wording"), "EB101", ""},
		}, []string{"EnvA subnet posture 3: EB101 EB301 (first wording)"}},
		{"a rule and a fact, one question", []rec{
			{envA, q("aws:ec2:vpc/VPCId", 4, "the VPC"), "", FactVPC},
			{envA, q("aws:ec2:vpc/VPCId", 4, "the VPC"), "EB105", ""},
		}, []string{"EnvA aws:ec2:vpc/VPCId 4: EB105 EB201 EB202 (the VPC)"}},
		{"two questions", []rec{
			{envA, q("com.amazonaws.<region>.logs", 5, "logs"), "EB301", ""},
			{envA, q("com.amazonaws.<region>.sqs", 5, "sqs"), "EB301", ""},
		}, []string{"EnvA com.amazonaws.<region>.logs 5: EB301 (logs)", "EnvA com.amazonaws.<region>.sqs 5: EB301 (sqs)"}},
		{"two environments", []rec{
			{envA, q("subnet posture", 3, "posture of A"), "EB301", ""},
			{envB, q("subnet posture", 3, "posture of B"), "EB301", ""},
		}, []string{"EnvA subnet posture 3: EB301 (posture of A)", "EnvB subnet posture 3: EB301 (posture of B)"}},
		{"no environment, two locations", []rec{
			{nil, q("policy", 3, "here"), "EB601", ""},
			{nil, q("policy", 7, "there"), "EB601", ""},
			{nil, q("policy", 7, "there"), "EB602", ""},
		}, []string{" policy 3: EB601 (here)", " policy 7: EB601 EB602 (there)"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := &analysis{g: &parsers.Graph{}}
			for _, r := range c.recs {
				var skipped []string
				var facts []Fact
				if r.rule != "" {
					skipped = []string{r.rule}
				}
				if r.fact != "" {
					facts = []Fact{r.fact}
				}
				a.note(r.e, r.u, skipped, facts)
			}
			var got []string
			for _, n := range renderNotes(a.notes, All(), Options{}) {
				rules := strings.TrimSuffix(strings.SplitN(strings.SplitN(n.Message, "Not checked: ", 2)[1], ". ", 2)[0], ".")
				got = append(got, fmt.Sprintf("%s %s %d: %s (%s)", n.Environment, n.Subject, n.Loc.StartLine, strings.ReplaceAll(rules, ", ", " "), n.what))
			}
			if !slices.Equal(got, c.notes) {
				t.Errorf("notes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.notes, "\n"))
			}
		})
	}
}
