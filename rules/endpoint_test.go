package rules

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func param(name string) parsers.Value {
	v := parsers.UnknownValue("parameter "+name+" has no value", at(1))
	v.SetOrigin(parsers.ParameterOf(tf, name))
	return v
}

func TestSameNode(t *testing.T) {
	g := parsers.NewGraph()
	vpc := &parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1)}
	mustAdd(t, g, vpc)
	a := newAnalysis(g, nil)
	cases := []struct {
		name     string
		v, wantV parsers.Value
		want     parsers.Node
		got      tri
	}{
		{"same node", ref("Vpc"), parsers.Value{}, vpc, yes},
		{"literal outside the inputs vs node", lit("vpc-1"), parsers.Value{}, vpc, no},
		{"same literal, no node", lit("vpc-1"), lit(" vpc-1"), nil, yes},
		{"different literals", lit("vpc-1"), lit("vpc-2"), nil, no},
		{"same parameter", param("VpcId"), param("VpcId"), nil, yes},
		{"different parameters", param("VpcId"), param("Other"), nil, maybe},
		{"unknowns without origin", parsers.UnknownValue("x", at(1)), parsers.UnknownValue("x", at(1)), nil, maybe},
		{"parameter vs literal", param("VpcId"), lit("vpc-1"), nil, maybe},
	}
	for _, c := range cases {
		if got := a.q.SameNode(c.v, c.wantV, c.want); got != c.got {
			t.Errorf("%s: got %d, want %d", c.name, got, c.got)
		}
	}
}

func TestListsRouteTable(t *testing.T) {
	g := parsers.NewGraph()
	rta := &parsers.RouteTable{Resource: hdr("RTA", "AWS::EC2::RouteTable", 1)}
	rtb := &parsers.RouteTable{Resource: hdr("RTB", "AWS::EC2::RouteTable", 2)}
	mustAdd(t, g, rta, rtb)
	a := newAnalysis(g, nil)
	list := func(vs ...parsers.Value) parsers.Value { return parsers.Value{Kind: parsers.List}.WithItems(vs) }
	choice := func(vs ...parsers.Value) parsers.Value {
		return parsers.Value{Kind: parsers.Choice}.WithItems(vs).WithCond("UseB")
	}
	// A Terraform association whose endpoint ID is known only after apply.
	assoc := func(v parsers.Value) parsers.Value {
		return parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{v, {}}).WithCond("whether association aws_vpc_endpoint_route_table_association.b is for this endpoint (its vpc_endpoint_id is known only after apply)")
	}
	cases := []struct {
		name  string
		items []parsers.Value
		rt    *parsers.RouteTable
		want  tri
		why   string
	}{
		{"listed", []parsers.Value{ref("RTA"), ref("RTB")}, rtb, yes, ""},
		{"not listed", []parsers.Value{ref("RTA")}, rtb, no, ""},
		{"item only when true", []parsers.Value{ref("RTA"), choice(ref("RTB"), parsers.Value{})}, rtb, maybe, "route table RTB is listed only when condition UseB is true"},
		{"item only when false", []parsers.Value{choice(parsers.Value{}, ref("RTB"))}, rtb, maybe, "only when condition UseB is false"},
		{"whole list, in both branches", []parsers.Value{choice(list(ref("RTA"), ref("RTB")), list(ref("RTA")))}, rta, yes, ""},
		{"whole list, in one branch", []parsers.Value{choice(list(ref("RTA"), ref("RTB")), list(ref("RTA")))}, rtb, maybe, "RTB is listed only when condition UseB is true"},
		{"unresolved item", []parsers.Value{param("Rt")}, rtb, maybe, "it lists a route table whose ID is unknown: parameter Rt has no value"},
		{"association of an unknown endpoint", []parsers.Value{ref("RTA"), assoc(ref("RTB"))}, rtb, maybe,
			"route table RTB is listed only if association aws_vpc_endpoint_route_table_association.b is for this endpoint (its vpc_endpoint_id is known only after apply)"},
		{"association of an unknown endpoint and table", []parsers.Value{assoc(param("Rt"))}, rtb, maybe,
			"it lists a route table whose ID is unknown: parameter Rt has no value, and it is listed only if association aws_vpc_endpoint_route_table_association.b is for this endpoint"},
		{"association of an unknown endpoint, another table", []parsers.Value{assoc(ref("RTA"))}, rtb, no, ""},
		{"literal outside the inputs", []parsers.Value{lit("rtb-1")}, rtb, no, ""},
	}
	for _, c := range cases {
		got, why := a.lists(c.items, c.rt)
		if got != c.want || !strings.Contains(why, c.why) {
			t.Errorf("%s: got %d %q, want %d %q", c.name, got, why, c.want, c.why)
		}
		if strings.Contains(why, "#") {
			t.Errorf("%s: reason shows a graph key: %q", c.name, why)
		}
	}
}

func TestSecretService(t *testing.T) {
	a := newAnalysis(parsers.NewGraph(), nil)
	pseudo := func(name string) parsers.Value { return parsers.RefTo("AWS::"+name, "", at(1)) }
	concat := func(parts ...parsers.Value) parsers.Value {
		return parsers.Value{Kind: parsers.Concat}.WithParts(parts)
	}
	cases := []struct {
		name string
		v    parsers.Value
		svc  string
		why  string
	}{
		{"literal secretsmanager", lit("arn:aws:secretsmanager:us-east-1:123456789012:secret:db"), "secretsmanager", ""},
		{"literal ssm", lit("arn:aws:ssm:us-east-1:123456789012:parameter/db"), "ssm", ""},
		{"Sub with pseudo parameters", concat(lit("arn:"), pseudo("Partition"), lit(":secretsmanager:"), pseudo("Region"), lit(":"), pseudo("AccountId"), lit(":secret:db")), "secretsmanager", ""},
		{"Sub with an unknown account", concat(lit("arn:aws:ssm:us-east-1:"), param("Account"), lit(":parameter/db")), "ssm", ""},
		{"unknown service field", concat(lit("arn:aws:"), param("Svc"), lit(":us-east-1:1:secret:db")), "", "not an ARN whose service the linter can read"},
		{"another service", lit("arn:aws:kms:us-east-1:1:key/x"), "", "not a Secrets Manager or SSM Parameter Store ARN"},
		{"resource reference", ref("DbSecret"), "", "refers to DbSecret, a resource"},
	}
	for _, c := range cases {
		svc, why := a.secretService(c.v)
		if svc != c.svc || !strings.Contains(why, c.why) || strings.Contains(why, "#") {
			t.Errorf("%s: got %q %q, want %q %q", c.name, svc, why, c.svc, c.why)
		}
	}
}

func TestSystemType(t *testing.T) {
	choice := func(a, b string) parsers.Value {
		return parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{lit(a), lit(b)}).WithCond("C")
	}
	cases := []struct {
		v    parsers.Value
		want string
	}{
		{lit("enhanced"), "enhanced"},
		{lit(" Enhanced "), "enhanced"},
		{lit("basic"), "basic"},
		{param("Health"), ""},
		{choice("enhanced", "ENHANCED"), "enhanced"},
		{choice("enhanced", "basic"), ""},
	}
	for _, c := range cases {
		if _, got := systemType(c.v); got != c.want {
			t.Errorf("systemType(%s) = %q, want %q", c.v.Describe(), got, c.want)
		}
	}
}

// TestKnownDeploymentRegion checks endpoints against the region the
// environment's input decides: an endpoint named for another region does
// not serve the environment (EB301 error naming both regions), one named
// for it or for ${AWS::Region} does, and the literal regions no longer make
// endpoints doubtful. Without a known region, two literal regions leave
// the literal endpoints undecided (EB901).
func TestKnownDeploymentRegion(t *testing.T) {
	cases := []struct {
		region string
		want   []string // "rule:severity:text" of every finding
	}{
		{"", []string{
			"EB901:note:sets no aws:ec2:vpc ELBSubnets", // EB101, EB102
			"EB301:error:com.amazonaws.<region>.cloudformation",
			"EB901:note:for com.amazonaws.<region>.logs is unknown",
			"EB901:note:for com.amazonaws.<region>.sqs is unknown",
		}},
		{"us-east-1", []string{
			"EB901:note:sets no aws:ec2:vpc ELBSubnets",
			"EB301:error:com.amazonaws.us-east-1.cloudformation",
			"EB301:error:Endpoint EpLogs serves eu-west-1; the environment deploys in us-east-1",
		}},
		{"eu-west-1", []string{
			"EB901:note:sets no aws:ec2:vpc ELBSubnets",
			"EB301:error:com.amazonaws.eu-west-1.cloudformation",
			"EB301:error:Endpoint EpSQS serves us-east-1; the environment deploys in eu-west-1",
		}},
	}
	for _, c := range cases {
		t.Run("region="+c.region, func(t *testing.T) {
			g := loadCase(t, "EB301/note_conflicting_literal_regions.yaml")
			for _, f := range g.Files {
				f.Region = parsers.Value{}
				if c.region != "" {
					f.Region = parsers.Lit(c.region, at(1))
				}
			}
			fs := Run(g, Options{})
			if len(fs) != len(c.want) {
				t.Errorf("got %d findings, want %d: %v", len(fs), len(c.want), fs)
			}
			for _, w := range c.want {
				parts := strings.SplitN(w, ":", 3)
				found := false
				for _, f := range fs {
					if f.RuleID == parts[0] && f.Severity.String() == parts[1] && strings.Contains(f.Message, parts[2]) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s finding containing %q in %v", parts[0], parts[2], fs)
				}
			}
		})
	}
}

// TestMessageListsInNaturalOrder: lists of resources in messages are in
// natural order of their names, whatever order they come in.
func TestMessageListsInNaturalOrder(t *testing.T) {
	subnet := func(name string) *Subnet { return &Subnet{Name: name, Posture: Isolated} }
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"nameList", nameList([]string{"aws_subnet.private[10]", "aws_subnet.private[2]", "aws_subnet.private[1]"}),
			"aws_subnet.private[1], aws_subnet.private[2], aws_subnet.private[10]"},
		{"describeSubnets", describeSubnets([]*Subnet{subnet("aws_subnet.private_b"), subnet("aws_subnet.private_a")}),
			"aws_subnet.private_a, aws_subnet.private_b (isolated: no route out of the VPC)"},
		{"subnetNames", subnetNames([]*Subnet{subnet("PrivateSubnet10"), subnet("PrivateSubnet2")}),
			"PrivateSubnet2, PrivateSubnet10"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
