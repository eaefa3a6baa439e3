package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers/load"
	"github.com/beanlint/beanlint/rules"
)

// TestReportsRedactSensitiveValues lints a Terraform plan whose sensitive
// variables (a security group CIDR, a tag, an option setting) the plan
// holds in clear, and checks that no report format shows them while the
// findings they decide are still errors.
func TestReportsRedactSensitiveValues(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "rules", "EB401", "fail_sensitive_cidr.tf")
	plan := filepath.Join(dir, "plan.json")
	secrets := []string{"10.0.1.0/24", "owner-6f1c2b", "tok-9d3e7a41"}
	data, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if !bytes.Contains(data, []byte(s)) {
			t.Fatalf("%s does not hold %q in clear: the test would prove nothing", plan, s)
		}
	}
	res := load.Load([]string{plan}, load.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors[0])
	}
	findings := rules.Run(res.Graph, rules.Options{})
	errs := 0
	for _, f := range findings {
		if f.RuleID == "EB401" && f.Severity == rules.Error {
			errs++
		}
	}
	if errs == 0 {
		t.Fatalf("want EB401 errors decided with the sensitive CIDR, got %v", findings)
	}
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	run := &Run{Findings: findings, Rules: rules.All(), Inputs: res.Inputs, Root: abs, Version: "test"}
	for _, format := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, format, run, Options{}); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := buf.String()
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s report shows the sensitive value %q", format, s)
			}
		}
		if !strings.Contains(out, "(sensitive)") {
			t.Errorf("%s report does not say a value was redacted", format)
		}
	}
}
