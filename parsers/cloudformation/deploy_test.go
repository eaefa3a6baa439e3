package cloudformation

import (
	"fmt"
	"strings"

	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// buildInline parses and builds one inline template.
func buildInline(t *testing.T, src string, opts Options) *parsers.Graph {
	t.Helper()
	tmpl, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	g := parsers.NewGraph()
	if errs := Build(g, []*Template{tmpl}, opts); len(errs) > 0 {
		t.Fatalf("Build: %v", errs)
	}
	return g
}

const endpointTemplate = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  S3:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
      PolicyDocument: %s
`

// TestDeploymentRegion: a --parameter AWS::Region value decides the
// template's deployment region; without it the region is absent.
func TestDeploymentRegion(t *testing.T) {
	cases := []struct {
		name   string
		params map[string]string
		want   string
	}{
		{"AWS::Region given", map[string]string{"AWS::Region": "eu-central-1"}, "lit(eu-central-1)"},
		{"no parameters", nil, "absent"},
		{"other parameters only", map[string]string{"Env": "prod"}, "absent"},
		{"empty value", map[string]string{"AWS::Region": " "}, "absent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := buildInline(t, fmt.Sprintf(endpointTemplate, `'{"Statement": []}'`), Options{Parameters: c.params})
			if len(g.Files) != 1 {
				t.Fatalf("%d files, want 1", len(g.Files))
			}
			f := g.Files[0]
			check(t, "Region", render(f.Region), c.want)
			if f.Region.Kind == parsers.Known && f.Region.Loc.File != "t.yaml" {
				t.Errorf("Region located in %q, want the template", f.Region.Loc.File)
			}
		})
	}
}

// TestPolicyStringIsLiteral: a policy document given as a JSON string is
// data: a {"Ref": …} inside the text is not evaluated, while intrinsics in
// the template structure are. (A {{resolve:…}} anywhere in the string is a
// dynamic reference CloudFormation resolves before the document is read:
// the whole document is then unknown, as any such string.)
func TestPolicyStringIsLiteral(t *testing.T) {
	cases := []struct {
		name, policy, want string
	}{
		{"Ref inside the JSON text", `'{"Statement": [{"Effect": "Allow", "Resource": {"Ref": "Vpc"}}]}'`,
			"{Statement: [{Effect: lit(Allow), Resource: {Ref: lit(Vpc)}}]}"},
		{"Ref inside the JSON text of a JSON-format template", `"{\"Statement\": [{\"Resource\": {\"Fn::GetAtt\": [\"Vpc\", \"CidrBlock\"]}}]}"`,
			"{Statement: [{Resource: {Fn::GetAtt: [lit(Vpc), lit(CidrBlock)]}}]}"},
		{"Fn::Sub builds the text", `!Sub '{"Statement": [{"Effect": "Allow", "Resource": "arn:aws:s3:::b-${AWS::Region}/*"}]}'`,
			"concat(lit({\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"arn:aws:s3:::b-), ref(AWS::Region), lit(/*\"}]}))"},
		{"intrinsic in the structure", `{Statement: [{Effect: Allow, Resource: !Ref Vpc}]}`,
			"{Statement: [{Effect: lit(Allow), Resource: ref(t.yaml#Vpc)}]}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := buildInline(t, fmt.Sprintf(endpointTemplate, c.policy), Options{})
			ep := nodeAs[*parsers.VPCEndpoint](t, g, "t.yaml#S3")
			check(t, "Policy", render(ep.Policy), c.want)
		})
	}
	g := buildInline(t, fmt.Sprintf(endpointTemplate, `'{"Statement": [{"Principal": "{{resolve:ssm:/p}}"}]}'`), Options{})
	if p := nodeAs[*parsers.VPCEndpoint](t, g, "t.yaml#S3").Policy; p.Kind != parsers.Unknown || !strings.Contains(p.Reason(), "dynamic reference") {
		t.Errorf("policy with a dynamic reference = %s, want unknown", render(p))
	}
	// With the region given, the Fn::Sub text is known and parsed as data.
	g = buildInline(t, fmt.Sprintf(endpointTemplate, `!Sub '{"Statement": [{"Resource": {"Ref": "Vpc"}, "Sid": "${AWS::Region}"}]}'`), Options{Parameters: map[string]string{"AWS::Region": "us-east-1"}})
	check(t, "Policy", render(nodeAs[*parsers.VPCEndpoint](t, g, "t.yaml#S3").Policy), "{Statement: [{Resource: {Ref: lit(Vpc)}, Sid: lit(us-east-1)}]}")
}
