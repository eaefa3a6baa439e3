package cfnschema_test

import (
	"os"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/rules/edit/cfn/cfnschema"
)

// TestTemplate: the fixed example is valid; a property of the wrong type,
// an unknown property and a missing required one are not.
func TestTemplate(t *testing.T) {
	v, err := cfnschema.New()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../../../examples/fixed/private-environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if problems, err := v.Template(data); err != nil || len(problems) > 0 {
		t.Errorf("examples/fixed: %v %v", err, problems)
	}
	bad := `Resources:
  Ep:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: !Sub com.amazonaws.${AWS::Region}.logs
      PrivateDnsEnabled: 3
      SubnetIds: !Split [",", !ImportValue subnets]
      Colour: blue
`
	problems, err := v.Template([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(problems, "\n")
	for _, want := range []string{"VpcId", "Colour", "PrivateDnsEnabled"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "SubnetIds") || strings.Contains(got, "ServiceName") {
		t.Errorf("an intrinsic is a problem:\n%s", got)
	}
}
