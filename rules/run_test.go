package rules

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/load"
)

// casesDir holds the rule test cases (see wants_test.go).
const casesDir = "../testdata/rules"

func loadCase(t *testing.T, rel string) *parsers.Graph {
	t.Helper()
	res := load.Load([]string{filepath.Join(casesDir, rel)}, load.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("load %s: %v", rel, res.Errors[0])
	}
	return res.Graph
}

func byRule(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.RuleID == id {
			out = append(out, f)
		}
	}
	return out
}

func TestRunDisabled(t *testing.T) {
	g := loadCase(t, "EB301/fail_missing_logs.yaml")
	if n := len(byRule(Run(g, Options{}), "EB301")); n != 1 {
		t.Fatalf("want 1 EB301 finding, got %d", n)
	}
	if fs := Run(g, Options{Disabled: map[string]bool{"EB301": true}}); len(fs) != 0 {
		t.Errorf("EB301 disabled: want no findings, got %v", fs)
	}
}

func TestRunNotesNameOnlyEnabledRules(t *testing.T) {
	g := loadCase(t, "EB901/fail_import_without_network.yaml")
	// subnetNotes are the notes about the imported subnets (the other is
	// about the absent ELBSubnets, EB101's alone).
	subnetNotes := func(opts Options) []Finding {
		var out []Finding
		for _, f := range byRule(Run(g, opts), "EB901") {
			if !strings.Contains(f.Message, "ELBSubnets") {
				out = append(out, f)
			}
		}
		return out
	}
	notes := subnetNotes(Options{})
	if len(notes) != 1 || !strings.Contains(notes[0].Message, "Not checked: EB101, EB103, EB104, EB201, EB202, EB203, EB301, EB302, EB303, EB304, EB401, EB402, EB403, EB404, EB405, EB501, EB601, EB602, EB603, EB902.") {
		t.Fatalf("want one note naming every network rule, got %v", notes)
	}
	notes = subnetNotes(Options{Disabled: map[string]bool{"EB202": true, "EB303": true}})
	if len(notes) != 1 || !strings.Contains(notes[0].Message, "Not checked: EB101, EB103, EB104, EB201, EB203, EB301, EB302, EB304, EB401, EB402, EB403, EB404, EB405, EB501, EB601, EB602, EB603, EB902.") {
		t.Errorf("disabled rules still named: %v", notes)
	}
	if fs := Run(g, Options{Disabled: map[string]bool{"EB901": true}}); len(fs) != 0 {
		t.Errorf("EB901 disabled: want nothing, got %v", fs)
	}
	var all = map[string]bool{}
	for _, f := range []Fact{FactSubnets, FactELBSubnets} {
		for _, id := range rulesNeeding(All(), f) {
			all[id] = true
		}
	}
	if fs := Run(g, Options{Disabled: all}); len(fs) != 0 {
		t.Errorf("every rule the notes concern disabled: want no note, got %v", fs)
	}
}

func TestRunFixLanguage(t *testing.T) {
	g := loadCase(t, "EB301/fail_missing_logs.yaml")
	f := byRule(Run(g, Options{}), "EB301")[0]
	for _, s := range []string{"Type: AWS::EC2::VPCEndpoint", "VpcId: !Ref Vpc", "ServiceName: !Sub com.amazonaws.${AWS::Region}.logs", "SubnetIds: [!Ref PrivateA, !Ref PrivateB]"} {
		if !strings.Contains(f.Fix, s) {
			t.Errorf("CloudFormation fix lacks %q:\n%s", s, f.Fix)
		}
	}
	// The same finding located in a Terraform file carries the Terraform
	// fix: here advice only, as the resources are no Terraform blocks.
	for _, file := range g.Files {
		file.Format = "terraform-plan"
	}
	f = byRule(Run(g, Options{}), "EB301")[0]
	if !strings.HasPrefix(f.Fix, "# Add an interface endpoint for logs, with private DNS, in the instance subnets") || strings.Contains(f.Fix, "!Ref") || len(f.Edits) != 0 {
		t.Errorf("a finding in a Terraform file must carry the Terraform fix, got:\n%s", f.Fix)
	}
	g = loadCase(t, "EB301/fail_missing_logs.tf/plan.json")
	f = byRule(Run(g, Options{}), "EB301")[0]
	if !strings.Contains(f.Fix, `resource "aws_vpc_endpoint" "logs" {`) || strings.Contains(f.Fix, "!Ref") || len(f.Edits) == 0 {
		t.Errorf("a finding of a Terraform case must carry the HCL fix and its edits, got:\n%s", f.Fix)
	}
}

func TestRunFindingFields(t *testing.T) {
	g := loadCase(t, "EB401/fail_default_security_group.yaml")
	fs := byRule(Run(g, Options{}), "EB401")
	if len(fs) == 0 {
		t.Fatal("no EB401 findings")
	}
	f := fs[0]
	if f.Environment != "Environment" || f.Resource != "ElasticBeanstalkEndpoint" || f.Property != "SecurityGroupIds" ||
		f.Subject != "com.amazonaws.<region>.elasticbeanstalk" || len(f.Related) == 0 {
		t.Errorf("unexpected fields: %+v", f)
	}
	if !strings.Contains(f.Fix, "SecurityGroupIngress") || !strings.Contains(f.Fix, "CidrIp: !GetAtt Vpc.CidrBlock") {
		t.Errorf("fix does not add an HTTPS ingress group:\n%s", f.Fix)
	}
}

func TestParseFailure(t *testing.T) {
	err := &parsers.ParseError{Loc: parsers.Location{File: "bad.yaml", StartLine: 3, StartCol: 5}, Msg: "invalid YAML: did not find expected key", Err: errors.New("yaml: line 3")}
	f := ParseFailure(err)
	if f.RuleID != "EB900" || f.Severity != Error || f.Loc != err.Loc || !strings.Contains(f.Message, "The file could not be parsed: invalid YAML: did not find expected key") {
		t.Errorf("ParseFailure = %+v", f)
	}
}

// TestParseFailureMessage checks the words of EB900 for each kind of file:
// a values file has no resources and may be one Terraform loads by itself
// (it cannot be left out of the run), and a parser message that ends in a
// period does not end the sentence twice.
func TestParseFailureMessage(t *testing.T) {
	tests := []struct {
		file, msg string
		want      string
	}{
		{"bad.yaml", "invalid YAML: did not find expected key",
			"The file could not be parsed: invalid YAML: did not find expected key. beanlint checked nothing in it; fix the file (or leave it out of the paths linted) so its resources can be analysed."},
		{"main.tf.json", "Terraform configuration: Missing value: The JSON data ends prematurely.",
			"The file could not be parsed: Terraform configuration: Missing value: The JSON data ends prematurely. beanlint checked nothing in it; fix the file (or leave it out of the paths linted) so its resources can be analysed."},
		{"app/terraform.tfvars.json", "invalid variable values: Missing value: The JSON data ends prematurely.",
			"The variable values file could not be parsed: invalid variable values: Missing value: The JSON data ends prematurely. The configuration was linted without the values it could not give; fix the file so the variables take them."},
		{"app/terraform.tfvars", "invalid variable values: Missing expression",
			"The variable values file could not be parsed: invalid variable values: Missing expression. The configuration was linted without the values it could not give; fix the file so the variables take them."},
	}
	for _, tt := range tests {
		f := ParseFailure(&parsers.ParseError{Loc: parsers.Location{File: tt.file, StartLine: 1, StartCol: 12}, Msg: tt.msg})
		if f.Message != tt.want {
			t.Errorf("%s: message\n%s\nwant\n%s", tt.file, f.Message, tt.want)
		}
	}
}

// TestFixNamesVPCAsWritten checks that a fix names the environment's VPC
// as the template does when the VPC is not in the inputs.
func TestFixNamesVPCAsWritten(t *testing.T) {
	for rel, want := range map[string]string{
		"EB301/fail_external_vpc_literal.yaml":   "VpcId: vpc-0123\n",
		"EB401/fail_external_vpc_parameter.yaml": "VpcId: !Ref VpcIdP\n",
	} {
		fs := byRule(Run(loadCase(t, rel), Options{}), "EB301")
		if len(fs) != 1 || !strings.Contains(fs[0].Fix, want) {
			t.Errorf("%s: want one EB301 whose fix has %q, got %v", rel, want, fs)
		}
	}
}

func TestNoticesUnknownSuppression(t *testing.T) {
	g := parsers.NewGraph()
	g.Files = []*parsers.SourceFile{{Path: tf, Ignore: []parsers.Suppression{{RuleID: "EB202", Loc: at(2)}, {RuleID: "EB2O2", Loc: at(3)}}}}
	vpc := &parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 5)}
	vpc.Ignore = []parsers.Suppression{{RuleID: "eb301", Loc: at(7)}, {RuleID: "EB999", Loc: at(8)}}
	mustAdd(t, g, vpc)
	ns := Notices(g)
	if len(ns) != 2 {
		t.Fatalf("want 2 notices (EB2O2, EB999), got %v", ns)
	}
	if ns[0].Loc.StartLine != 3 || !strings.Contains(ns[0].Msg, `file-level suppression names rule "EB2O2", which does not exist`) {
		t.Errorf("notice 0 = %+v", ns[0])
	}
	if ns[1].Loc.StartLine != 8 || !strings.Contains(ns[1].Msg, `suppression on Vpc names rule "EB999"`) {
		t.Errorf("notice 1 = %+v", ns[1])
	}
	if Notices(loadCase(t, "suppression/suppressed_in_source.yaml")) != nil {
		t.Error("valid suppressions gave notices")
	}
}

// TestNoticesOncePerBlock checks that a Terraform suppression comment the
// instances of a count resource share gives one notice naming the block.
func TestNoticesOncePerBlock(t *testing.T) {
	g := parsers.NewGraph()
	comment := parsers.Location{File: "main.tf", StartLine: 4, StartCol: 1}
	for _, addr := range []string{"aws_subnet.private[0]", "aws_subnet.private[1]"} {
		s := &parsers.Subnet{Resource: parsers.Resource{Key: "plan.json#" + addr, Name: addr, Type: "aws_subnet", Loc: at(5)}}
		s.Ignore = []parsers.Suppression{{RuleID: "EB3O1", Loc: comment}}
		mustAdd(t, g, s)
	}
	ns := Notices(g)
	if len(ns) != 1 || ns[0].Loc != comment || !strings.HasPrefix(ns[0].Msg, `suppression on aws_subnet.private names rule "EB3O1"`) {
		t.Errorf("want one notice about the suppression on aws_subnet.private, got %+v", ns)
	}
}
