package baseline_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules"
	"github.com/beanlint/beanlint/rules/lint/baseline"
	"github.com/beanlint/beanlint/rules/report"
)

func finding(rule, file, resource string, line int, sup ...rules.Suppression) rules.Finding {
	return rules.Finding{RuleID: rule, Severity: rules.Error, Resource: resource, Subject: "s",
		Loc: parsers.Span(filepath.Join("/repo", file), line, 0, 0, 0), Suppressions: sup}
}

func TestOfAndApply(t *testing.T) {
	findings := []rules.Finding{
		finding("EB401", "b.yaml", "Sg", 3),
		finding("EB202", "b.yaml", "Vpc", 9),
		finding("EB202", "a.yaml", "Vpc", 1),
		finding("EB202", "a.yaml", "Vpc", 40), // same fingerprint: one entry
		finding("EB301", "a.yaml", "Env", 2, rules.Suppression{Kind: rules.InSource, Reason: "r"}),
		{RuleID: "EB900", Loc: parsers.Location{File: "/repo/c.yaml"}, Subject: "bad"},
	}
	b := baseline.Of("/repo", findings)
	var got []string
	for _, e := range b.Findings {
		got = append(got, e.File+" "+e.RuleID+" "+e.Resource)
	}
	if want := "a.yaml EB202 Vpc|b.yaml EB202 Vpc|b.yaml EB401 Sg"; strings.Join(got, "|") != want {
		t.Errorf("entries %q, want %q (sorted, once each, no suppressed finding, no EB900)", strings.Join(got, "|"), want)
	}
	data, err := b.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := baseline.Parse("b.json", data)
	if err != nil {
		t.Fatal(err)
	}
	// The same findings on other lines, and one new finding.
	later := []rules.Finding{finding("EB202", "a.yaml", "Vpc", 77), finding("EB401", "b.yaml", "Sg", 1), finding("EB401", "b.yaml", "Other", 1)}
	back.Apply("/repo", "b.json", later)
	for i, want := range []bool{true, true, false} {
		if got := later[i].Suppressed(); got != want {
			t.Errorf("%s %s baselined = %v, want %v", later[i].RuleID, later[i].Resource, got, want)
		}
	}
	if s := later[0].Suppressions; len(s) != 1 || s[0].Kind != rules.Baselined || s[0].Reason != "accepted in baseline b.json" {
		t.Errorf("suppression %+v", s)
	}
	if b.Findings[0].Fingerprint != report.Fingerprint("/repo", findings[2]) {
		t.Error("the entry's fingerprint is not the report's")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`{"baselineVersion": 2, "tool": "beanlint", "findings": []}`, "baseline version 2, this beanlint reads version 1"},
		{`{"version": "2.1.0", "runs": []}`, "not a beanlint baseline"},
		{`{"baselineVersion": 1, "tool": "beanlint", "findings": [{"fingerprint": "abc"}]}`, "findings[0]: fingerprint \"abc\""},
		{`[`, "not a beanlint baseline"},
	} {
		if _, err := baseline.Parse("b.json", []byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "b.json: ") {
			t.Errorf("Parse(%s) = %v, want b.json: ...%s", tt.src, err, tt.want)
		}
	}
}
