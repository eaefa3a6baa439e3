package rules

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// TestSettingsFixPlaceholder checks the option-setting fix when the inputs
// hold no subnet to add: the CloudFormation value is a block-style
// Fn::Join whose placeholder carries its explanation on its own line, the
// Terraform one a variable the header explains; both parse.
func TestSettingsFixPlaceholder(t *testing.T) {
	env := &parsers.Environment{Resource: parsers.Resource{Key: "t.yaml#Env", Name: "Env", Type: "AWS::ElasticBeanstalk::Environment"}}
	a := &Subnet{Name: "PrivateA", Node: &parsers.Subnet{Resource: parsers.Resource{Key: "t.yaml#PrivateA", Name: "PrivateA"}}}
	sc := scopeOf(env)
	cfn, tf := subnetValue([]*Subnet{a}, sc, "subnet_in_another_zone", "a private subnet in another Availability Zone")
	fix := settingsFix(env, sc, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf, comment: "one subnet per zone"})

	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(fix.CloudFormation), &doc); err != nil {
		t.Fatalf("CloudFormation fix is not YAML: %v\n%s", err, fix.CloudFormation)
	}
	for _, want := range []string{
		"Value: !Join # one subnet per zone\n",
		"          - - !Ref PrivateA\n            - !Ref SubnetInAnotherZone # a private subnet in another Availability Zone\n",
	} {
		if !strings.Contains(fix.CloudFormation, want) {
			t.Errorf("CloudFormation fix lacks %q:\n%s", want, fix.CloudFormation)
		}
	}
	if _, diags := hclsyntax.ParseConfig([]byte(fix.Terraform), "fix.tf", hcl.InitialPos); diags.HasErrors() {
		t.Fatalf("Terraform fix is not HCL: %v\n%s", diags, fix.Terraform)
	}
	for _, want := range []string{
		"# var.subnet_in_another_zone: a private subnet in another Availability Zone (declare the variable and set it)\n",
		`value     = join(",", [aws_subnet.private.id, var.subnet_in_another_zone]) # one subnet per zone`,
	} {
		if !strings.Contains(fix.Terraform, want) {
			t.Errorf("Terraform fix lacks %q:\n%s", want, fix.Terraform)
		}
	}
}
