package cloudformation

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// TestPropertyNames checks that values know the property they were read
// from, also when absent and defaulted.
func TestPropertyNames(t *testing.T) {
	g := buildInline(t, `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      EnableDnsSupport: false
  Ep:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: com.amazonaws.us-east-1.sqs
  Env:
    Type: AWS::ElasticBeanstalk::Environment
    Properties:
      ApplicationName: app
      SolutionStackName: 64bit Amazon Linux 2023 v4.0.0 running Docker
      OptionSettings:
        - Namespace: aws:ec2:vpc
          OptionName: Subnets
          Value: subnet-1
`, Options{})
	vpc := g.Node("t.yaml#Vpc").(*parsers.VPC)
	ep := g.Node("t.yaml#Ep").(*parsers.VPCEndpoint)
	env := g.Node("t.yaml#Env").(*parsers.Environment)
	cases := []struct {
		name string
		v    parsers.Value
		want string
	}{
		{"set", vpc.EnableDNSSupport, "EnableDnsSupport"},
		{"absent, defaulted", vpc.EnableDNSHostnames, "EnableDnsHostnames"},
		{"endpoint default", ep.PrivateDNS, "PrivateDnsEnabled"},
		{"endpoint type default", ep.Type, "VpcEndpointType"},
		{"platform", env.SolutionStackName, "SolutionStackName"},
		{"option setting", env.Settings[0].Value, "OptionSettings aws:ec2:vpc/Subnets"},
	}
	for _, c := range cases {
		if c.v.Prop != c.want {
			t.Errorf("%s: Prop = %q, want %q", c.name, c.v.Prop, c.want)
		}
	}
}
