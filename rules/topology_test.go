package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	cfnedit "github.com/beanlint/beanlint/rules/edit/cfn"
	hcledit "github.com/beanlint/beanlint/rules/edit/hcl"
	"github.com/beanlint/beanlint/rules/query"
)

// TestSettingsFixPlaceholder checks the option-setting fix when the inputs
// hold no subnet to add: the CloudFormation value is a block-style
// Fn::Join whose placeholder carries its explanation on its own line, the
// Terraform one a template string with a variable, which Apply refuses;
// both parse.
func TestSettingsFixPlaceholder(t *testing.T) {
	env := &parsers.Environment{Resource: parsers.Resource{Key: "t.yaml#Env", Name: "Env", Type: "AWS::ElasticBeanstalk::Environment"}}
	a := &Subnet{Name: "PrivateA", Node: &parsers.Subnet{Resource: parsers.Resource{Key: "t.yaml#PrivateA", Name: "PrivateA"}}}
	g := parsers.NewGraph()
	g.Files = append(g.Files, &parsers.SourceFile{Path: "t.yaml", Format: "cloudformation-yaml"})
	for _, n := range []parsers.Node{env, a.Node} {
		if err := g.Add(n); err != nil {
			t.Fatal(err)
		}
	}
	an := newAnalysis(g, nil)
	sc := scopeOf(env)
	cfn, tf := subnetValue(an.cfnAt(env, nil), []*Subnet{a}, sc, "subnet_in_another_zone", "a private subnet in another Availability Zone")
	fix := an.settingsFix(&Env{Environment: &query.Environment{Node: env}}, env, sc, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf, comment: "one subnet per zone"})

	rendered := string(cfnedit.Render(fix.CloudFormation.Edits))
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(rendered), &doc); err != nil {
		t.Fatalf("CloudFormation fix is not YAML: %v\n%s", err, rendered)
	}
	for _, want := range []string{
		"Value: !Join # one subnet per zone\n",
		"          - \",\"\n          - - !Ref PrivateA\n            - !Ref SubnetInAnotherZone # a private subnet in another Availability Zone\n",
	} {
		if !strings.Contains(rendered, want) {
			t.Errorf("CloudFormation fix lacks %q:\n%s", want, rendered)
		}
	}

	// The same fix on a Terraform environment: a setting block whose value
	// joins the subnet's ID and a variable standing for the subnet to add.
	tfEnv := &parsers.Environment{Resource: parsers.Resource{Key: "main.tf#env", Name: "aws_elastic_beanstalk_environment.env", Type: "aws_elastic_beanstalk_environment", Loc: parsers.Location{File: "main.tf", StartLine: 1}}}
	tfA := &Subnet{Name: "aws_subnet.private", Node: &parsers.Subnet{Resource: parsers.Resource{Key: "main.tf#aws_subnet.private", Name: "aws_subnet.private"}}}
	sc = scopeOf(tfEnv)
	cfn, tf = subnetValue(nil, []*Subnet{tfA}, sc, "subnet_in_another_zone", "a private subnet in another Availability Zone")
	fix = an.settingsFix(&Env{Environment: &query.Environment{Node: tfEnv}}, tfEnv, sc, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf, comment: "one subnet per zone"})
	if len(fix.Terraform.Edits) != 1 {
		t.Fatalf("Terraform fix: %d edits, want 1: %+v", len(fix.Terraform.Edits), fix.Terraform)
	}
	rendered = string(hcledit.Render(fix.Terraform.Edits))
	if _, diags := hclsyntax.ParseConfig([]byte(rendered), "fix.tf", hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("Terraform fix is not HCL: %v\n%s", diags, rendered)
	}
	want := `value     = "${aws_subnet.private.id},${var.subnet_in_another_zone}" # one subnet per zone`
	if !strings.Contains(rendered, want) {
		t.Errorf("Terraform fix lacks %q:\n%s", want, rendered)
	}
	if _, err := hcledit.Apply([]byte("resource \"aws_elastic_beanstalk_environment\" \"env\" {\n}\n"), fix.Terraform.Edits); err == nil || !strings.Contains(err.Error(), "var.subnet_in_another_zone: a private subnet in another Availability Zone") {
		t.Errorf("applying a fix with a placeholder: error %v, want a refusal naming what the variable stands for", err)
	}
}

// TestZones checks what EB101 and EB304 learn about the zones a list of
// subnets spans: bounds on the number of zones, the subnets known to share
// one, whether every element is known to be alone in its zone, and what is
// left undecided (subnets of the inputs apart from elements that are not).
func TestZones(t *testing.T) {
	g := parsers.NewGraph()
	subnet := func(id, zone string, index int) *parsers.Subnet {
		s := &parsers.Subnet{Resource: hdr(id, "AWS::EC2::Subnet", 1), AZIndex: index}
		if zone != "" {
			s.AvailabilityZone = lit(zone)
		}
		return s
	}
	mustAdd(t, g,
		subnet("A", "us-east-1a", -1), subnet("A2", "us-east-1a", -1), subnet("B", "us-east-1b", -1),
		subnet("G0", "", 0), subnet("G1", "", 1), subnet("NoZone", "", -1),
	)
	unknown := parsers.Value{Kind: parsers.Unknown}.WithReason("parameter P has no value").WithOrigin(parsers.ParameterOf("t.yaml", "P"))
	cases := []struct {
		name     string
		elems    []parsers.Value
		optional bool
		// want: "min-max shared distinct why missing"
		want string
	}{
		{"one subnet", []parsers.Value{ref("A")}, false, "1-1 [] true 0 0"},
		{"same zone", []parsers.Value{ref("A"), ref("A2")}, false, "1-1 [A,A2] false 0 0"},
		{"two zones", []parsers.Value{ref("A"), ref("B")}, false, "2-2 [] true 0 0"},
		{"one zone twice and another", []parsers.Value{ref("A"), ref("A2"), ref("B")}, false, "2-2 [A,A2] false 0 0"},
		{"GetAZs indexes", []parsers.Value{ref("G0"), ref("G1")}, false, "2-2 [] true 0 0"},
		{"name against index", []parsers.Value{ref("A"), ref("G1")}, false, "1-2 [] false 1 0"},
		{"no zone", []parsers.Value{ref("A"), ref("NoZone")}, false, "1-2 [] false 1 0"},
		{"literal ID outside the inputs", []parsers.Value{ref("A"), lit("subnet-0123")}, false, "1-2 [] false 0 1"},
		{"a parameter may name several", []parsers.Value{unknown}, false, "1--1 [] false 0 1"},
		{"chosen by a condition", []parsers.Value{ref("A"), ref("B")}, true, "0--1 [] false 1 0"},
	}
	a := newAnalysis(g, nil)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := subnetList{Setting: parsers.OptionSetting{Name: "ELBSubnets"}, Set: true}
			for _, v := range c.elems {
				s := a.q.SubnetElem(v, "ELBSubnets")
				if c.optional {
					l.Optional, l.Conds = append(l.Optional, s), []string{"C"}
				} else {
					l.Definite = append(l.Definite, s)
				}
			}
			z := a.zones(l)
			var shared []string
			for _, g := range z.Shared {
				var names []string
				for _, s := range g {
					names = append(names, s.Name)
				}
				shared = append(shared, strings.Join(names, ","))
			}
			got := fmt.Sprintf("%d-%d [%s] %t %d %d", z.Min, z.Max, strings.Join(shared, " "), z.Distinct, len(z.Why), len(z.Missing))
			if got != c.want {
				t.Errorf("zones = %s, want %s (why: %q)", got, c.want, z.Why)
			}
		})
	}
}

// TestSettingsFixConfigFileReference: a value that references a template's
// resource cannot go into the configuration file that sets the option now
// (such a file cannot reference them), so the fix is advice naming the
// file and line, in both languages, with no edit on the environment.
func TestSettingsFixConfigFileReference(t *testing.T) {
	env := &parsers.Environment{Resource: parsers.Resource{Key: "t.yaml#Env", Name: "Env", Type: "AWS::ElasticBeanstalk::Environment"}}
	config := "app/.ebextensions/vpc.config"
	env.Source = &parsers.AppSource{Dir: "app", Settings: []parsers.OptionSetting{{
		Namespace: query.NSVPC, Name: vpcIDOption, Value: parsers.Lit("vpc-1", parsers.Location{File: config, StartLine: 3}),
		Loc: parsers.Location{File: config, StartLine: 3}, Owner: parsers.SourceOwner("app"), Section: "option_settings",
	}}}
	g := parsers.NewGraph()
	g.Files = append(g.Files, &parsers.SourceFile{Path: "t.yaml", Format: "cloudformation-yaml"})
	if err := g.Add(env); err != nil {
		t.Fatal(err)
	}
	an := newAnalysis(g, nil)
	e := &Env{Environment: &query.Environment{Node: env, Settings: g.Effective(env)}}
	fix := an.settingsFix(e, env, scopeOf(env), settingEdit{namespace: query.NSVPC, name: vpcIDOption, cfn: edit.RefTo("Vpc"), tf: edit.AttrOf("aws_vpc.main", "id"), comment: "the VPC of the subnets"})
	want := "Set aws:ec2:vpc VPCId in configuration file app/.ebextensions/vpc.config line 3, where it is set now, to literal IDs: the VPC of the subnets (a configuration file cannot reference the template's resources)"
	if fix.CloudFormation.Description != want+"." || fix.Terraform.Description != want || len(fix.CloudFormation.Edits)+len(fix.Terraform.Edits) != 0 {
		t.Errorf("fix %+v, want advice %q", fix, want)
	}
}
