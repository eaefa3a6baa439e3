package cloudformation

import (
	"errors"
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// fakeReader serves nested templates from parsed sources by URL.
func fakeReader(t *testing.T, files map[string]string) NestedReader {
	t.Helper()
	parsed := map[string]*Template{}
	for url, src := range files {
		tmpl, err := Parse(url, []byte(src))
		if err != nil {
			t.Fatalf("Parse(%s): %v", url, err)
		}
		parsed[url] = tmpl
	}
	return func(parent *Template, url string) (*Template, error) {
		if url == "broken.yaml" {
			return nil, errors.New("cannot read its template: no such file")
		}
		return parsed[url], nil
	}
}

const childNetwork = `Parameters:
  Cidr: {Type: String}
  Zones: {Type: CommaDelimitedList}
  Unset: {Type: String}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref Cidr
  Sub:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Ref Cidr
      AvailabilityZone: !Select [1, !Ref Zones]
      AvailabilityZoneId: !Ref Unset
Outputs:
  SubnetId:
    Value: !Ref Sub
`

// TestNestedStack: the parent's Parameters bind the child's, the child's
// Outputs answer Fn::GetAtt Stack.Outputs.X, and the child's nodes are in
// the graph with the child's positions.
func TestNestedStack(t *testing.T) {
	parent := `Resources:
  Net:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: net.yaml
      Parameters:
        Cidr: 10.0.0.0/16
        Zones: !Join [",", [a, b]]
  Env:
    Type: AWS::ElasticBeanstalk::Environment
    Properties:
      OptionSettings:
        - {Namespace: aws:ec2:vpc, OptionName: Subnets, Value: !GetAtt Net.Outputs.SubnetId}
        - {Namespace: aws:ec2:vpc, OptionName: VPCId, Value: !GetAtt Net.Outputs.Missing}
`
	opts := Options{Nested: fakeReader(t, map[string]string{"net.yaml": childNetwork})}
	g, errs := buildSource(t, opts, [2]string{"app.yaml", parent})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	env := nodeAs[*parsers.Environment](t, g, "app.yaml#Env")
	check(t, "Subnets", at(env.Settings[0].Value), "ref(net.yaml#Sub)@13:64")
	if v := env.Settings[1].Value; v.Kind != parsers.Unknown || !strings.Contains(v.Reason(), "nested stack Net: its template net.yaml has no output Missing") {
		t.Errorf("VPCId = %v", v)
	}
	sub := nodeAs[*parsers.Subnet](t, g, "net.yaml#Sub")
	check(t, "subnet", at(sub.CIDR), "lit(10.0.0.0/16)@14:18")
	check(t, "subnet VPC", render(sub.VPC), "ref(net.yaml#Vpc)")
	check(t, "zone from a list parameter", render(sub.AvailabilityZone), "lit(b)")
	if v := sub.AvailabilityZoneID; v.Kind != parsers.Unknown || !strings.Contains(v.Reason(), "parameter Unset of net.yaml has no value: nested stack Net in app.yaml passes none") {
		t.Errorf("unpassed parameter = %v", v)
	}
	if sub.Loc.File != "net.yaml" {
		t.Errorf("subnet located in %s", sub.Loc.File)
	}
}

// TestNestedStackNotRead: what cannot be followed is unknown or an error,
// never a loop.
func TestNestedStackNotRead(t *testing.T) {
	stack := func(url string) string {
		return `Resources:
  Net:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ` + url + `
  Env:
    Type: AWS::ElasticBeanstalk::Environment
    Properties:
      OptionSettings:
        - {Namespace: aws:ec2:vpc, OptionName: Subnets, Value: !GetAtt Net.Outputs.SubnetId}
`
	}
	tests := []struct {
		name, url, reason, err string
	}{
		{"https URL", "https://bucket.s3.amazonaws.com/x/net.yaml", "its template is at https://bucket.s3.amazonaws.com/x/net.yaml, which beanlint does not download", ""},
		{"s3 URL", "s3://bucket/net.yaml", "with TemplateURL the local path of net.yaml", ""},
		{"a stack nesting itself", "self.yaml", "its template self.yaml nests itself", ""},
		{"an unreadable file", "broken.yaml", "its template broken.yaml could not be read", "nested stack Net: cannot read its template: no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reader := fakeReader(t, nil)
			var self *Template
			opts := Options{Nested: func(parent *Template, url string) (*Template, error) {
				if url == "self.yaml" {
					return self, nil
				}
				return reader(parent, url)
			}}
			src := stack(tc.url)
			tmpl, err := Parse("self.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			self = tmpl
			g := parsers.NewGraph()
			errs := Build(g, []*Template{tmpl}, opts)
			switch {
			case tc.err == "" && len(errs) > 0:
				t.Fatalf("errors: %v", errs)
			case tc.err != "" && (len(errs) != 1 || !strings.Contains(errs[0].Msg, tc.err) || errs[0].Loc.StartLine != 5):
				t.Fatalf("errors = %v, want %q on line 5", errs, tc.err)
			}
			env := nodeAs[*parsers.Environment](t, g, "self.yaml#Env")
			if v := env.Settings[0].Value; v.Kind != parsers.Unknown || !strings.Contains(v.Reason(), tc.reason) {
				t.Errorf("Subnets = %s %q, want unknown: %q", render(v), v.Reason(), tc.reason)
			}
		})
	}
}

// TestNestedInputs: a template that another input nests is read as that
// stack, not on its own, whatever the input order; a template nested twice
// is two stacks.
func TestNestedInputs(t *testing.T) {
	parent := `Resources:
  A:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: net.yaml, Parameters: {Cidr: 10.0.0.0/16}}
  B:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: net.yaml, Parameters: {Cidr: 10.1.0.0/16}}
`
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		net, err := Parse("net.yaml", []byte(childNetwork))
		if err != nil {
			t.Fatal(err)
		}
		app, err := Parse("app.yaml", []byte(parent))
		if err != nil {
			t.Fatal(err)
		}
		ts := []*Template{app, net}
		opts := Options{Nested: func(_ *Template, url string) (*Template, error) { return net, nil }}
		g := parsers.NewGraph()
		if errs := Build(g, []*Template{ts[order[0]], ts[order[1]]}, opts); len(errs) > 0 {
			t.Fatal(errs)
		}
		g.Sort()
		var got []string
		for _, v := range g.VPCs {
			got = append(got, v.Key+" "+render(v.CIDRs[0]))
		}
		want := "net.yaml#B/Vpc lit(10.1.0.0/16), net.yaml#Vpc lit(10.0.0.0/16)"
		if strings.Join(got, ", ") != want {
			t.Errorf("order %v: VPCs = %v, want %s", order, got, want)
		}
	}
}
