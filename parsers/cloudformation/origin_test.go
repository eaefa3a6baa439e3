package cloudformation

import (
	"fmt"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const originTemplate = `Parameters:
  P: {Type: String}
  Given: {Type: String}
  WithDefault: {Type: String, Default: d}
  Ids: {Type: "List<AWS::EC2::SecurityGroup::Id>"}
  Names: {Type: CommaDelimitedList}
  Ssm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /net/vpc}
Conditions:
  SameParameter: !Equals [!Ref P, !Ref P]
  Undecided: !Equals [!Ref P, x]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
  Subject:
    Type: AWS::SNS::Topic
    Properties:
      Value: %s
`

// TestOrigins: an unknown value that is a parameter without a value, or an
// unresolved import with a known name, says so in Origin; a value computed
// from it does not.
func TestOrigins(t *testing.T) {
	const p = "parameter o.yaml#P"
	tests := []struct {
		expr, origin string
	}{
		{`!Ref P`, p},
		{`{Ref: P}`, p},
		{`!Sub "${P}"`, p},
		{`!Sub ["${X}", {X: !Ref P}]`, p},
		{`!Join ["", [!Ref P]]`, p},
		{`!Select [0, [!Ref P, a]]`, p},
		{`!If [SameParameter, !Ref P, x]`, p},
		{`!Ref Ids`, "parameter o.yaml#Ids"},
		{`!Ref Names`, "parameter o.yaml#Names"},
		{`!Ref Ssm`, "parameter o.yaml#Ssm"},
		{`!ImportValue net-Vpc`, "import net-Vpc"},
		{`!ImportValue {"Fn::Sub": "${AWS::Region}-Vpc"}`, "import ${AWS::Region}-Vpc"},
		{`!ImportValue {"Fn::Sub": "${AWS::StackName}-Vpc"}`, "import ${AWS::StackName}-Vpc in o.yaml"},
		// computed from the parameter: not the parameter itself
		{`!Sub "${P}-x"`, ""},
		{`!Join ["-", [!Ref P, x]]`, ""},
		{`!Join [",", !Ref Ids]`, ""},
		{`!Select [0, !Ref Ids]`, ""},
		{`!Split [",", !Ref P]`, ""},
		{`!Base64 {Ref: P}`, ""},
		{`!Cidr [!Ref P, 2, 8]`, ""},
		{`!ImportValue {"Fn::Sub": "${P}-Vpc"}`, ""},
		// not parameters
		{`!Ref Given`, ""},
		{`!Ref WithDefault`, ""},
		{`!GetAZs ""`, ""},
		{`"{{resolve:ssm:/net/vpc}}"`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			tmpl, err := Parse("o.yaml", []byte(fmt.Sprintf(originTemplate, tc.expr)))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			b := &builder{g: parsers.NewGraph(), opts: Options{Parameters: map[string]string{"Given": "g"}}}
			s := newScope(b, tmpl)
			b.scopes = []*scope{s}
			got := s.resolve(tmpl.byID["Subject"].props.get("Value"))
			if got.Origin().String() != tc.origin {
				t.Errorf("Origin of %s (%s) = %q, want %q", render(got), got.Reason(), got.Origin().String(), tc.origin)
			}
			if tc.origin != "" {
				if got.Kind != parsers.Unknown {
					t.Errorf("kind = %s, want unknown", got.Kind)
				}
				// Used whole as a list, the parameter is its one element.
				if el := got.Elems(); len(el) != 1 || el[0].Origin().String() != tc.origin {
					t.Errorf("elements = %s", renderAll(el))
				}
			}
		})
	}
}

// TestOriginDecidesCondition: a parameter compared with itself is equal
// whatever its value.
func TestOriginDecidesCondition(t *testing.T) {
	tmpl, err := Parse("o.yaml", []byte(fmt.Sprintf(originTemplate, "!If [SameParameter, a, b]")))
	if err != nil {
		t.Fatal(err)
	}
	s := newScope(&builder{g: parsers.NewGraph()}, tmpl)
	check(t, "SameParameter", render(s.resolve(tmpl.byID["Subject"].props.get("Value"))), "lit(a)")
	check(t, "Undecided", fmt.Sprint(s.cond("Undecided") == undecided), "true")
}

// TestOriginAcrossTemplates: the environment and the network resources
// that use the same parameter, directly or through an export, get the same
// Origin; the same name in another template is another parameter.
func TestOriginAcrossTemplates(t *testing.T) {
	const network = `Parameters:
  VpcIdP: {Type: "AWS::EC2::VPC::Id"}
  AppSG: {Type: "AWS::EC2::SecurityGroup::Id"}
Resources:
  Sqs:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref VpcIdP
      ServiceName: !Sub com.amazonaws.${AWS::Region}.sqs
      VpcEndpointType: Interface
      SecurityGroupIds: [!Ref EpSG]
  EpSG:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: endpoints
      VpcId: !Ref VpcIdP
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, SourceSecurityGroupId: !Ref AppSG}
Outputs:
  Vpc:
    Value: !Ref VpcIdP
    Export: {Name: net-VpcId}
`
	const app = `Parameters:
  VpcIdP: {Type: "AWS::EC2::VPC::Id"}
  AppSG: {Type: "List<AWS::EC2::SecurityGroup::Id>"}
Resources:
  Env:
    Type: AWS::ElasticBeanstalk::Environment
    Properties:
      ApplicationName: app
      SolutionStackName: 64bit Amazon Linux 2023 v6.1.0 running Node.js 20
      OptionSettings:
        - {Namespace: "aws:ec2:vpc", OptionName: VPCId, Value: !ImportValue net-VpcId}
        - {Namespace: "aws:ec2:vpc", OptionName: Subnets, Value: !ImportValue net-Subnets}
        - {Namespace: "aws:ec2:vpc", OptionName: ELBSubnets, Value: !ImportValue net-Subnets}
        - {Namespace: "aws:ec2:vpc", OptionName: DBSubnets, Value: !Ref VpcIdP}
        - {Namespace: "aws:autoscaling:launchconfiguration", OptionName: SecurityGroups, Value: !Ref AppSG}
`
	g := parsers.NewGraph()
	var ts []*Template
	for _, f := range []struct{ path, src string }{{"net.yaml", network}, {"app.yaml", app}} {
		tmpl, err := Parse(f.path, []byte(f.src))
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, tmpl)
	}
	if errs := Build(g, ts, Options{}); len(errs) > 0 {
		t.Fatal(errs)
	}
	ep := nodeAs[*parsers.VPCEndpoint](t, g, "net.yaml#Sqs")
	sg := nodeAs[*parsers.SecurityGroup](t, g, "net.yaml#EpSG")
	env := nodeAs[*parsers.Environment](t, g, "app.yaml#Env")
	setting := func(name string) parsers.Value {
		for _, o := range env.Settings {
			if o.Name == name {
				return o.Value
			}
		}
		t.Fatalf("no setting %s", name)
		return parsers.Value{}
	}
	check(t, "endpoint VpcId", ep.VPC.Origin().String(), "parameter net.yaml#VpcIdP")
	check(t, "security group VpcId", sg.VPC.Origin().String(), "parameter net.yaml#VpcIdP")
	check(t, "imported VPCId", setting("VPCId").Origin().String(), "parameter net.yaml#VpcIdP")
	check(t, "unresolved import", setting("Subnets").Origin().String(), "import net-Subnets")
	check(t, "same unresolved import", setting("ELBSubnets").Origin().String(), "import net-Subnets")
	check(t, "same name, other template", setting("DBSubnets").Origin().String(), "parameter app.yaml#VpcIdP")
	check(t, "rule source", sg.Ingress[0].Peer.SecurityGroup.Origin().String(), "parameter net.yaml#AppSG")
	groups := setting("SecurityGroups").Elems()
	if len(groups) != 1 || groups[0].Origin().String() != "parameter app.yaml#AppSG" {
		t.Errorf("SecurityGroups elements = %s, want the parameter app.yaml#AppSG", renderAll(groups))
	}
}
