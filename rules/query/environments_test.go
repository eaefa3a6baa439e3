package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// twoVPCGraph is two VPCs, each with an isolated subnet (Iso, Iso2), and a
// NAT subnet and a public one in Vpc; eps are the endpoints' service names
// by VPC, files the inputs' source files (for the deployment region),
// extra more nodes.
func twoVPCGraph(t *testing.T, env *parsers.Environment, eps map[string][]string, files []*parsers.SourceFile, extra ...parsers.Node) *parsers.Graph {
	t.Helper()
	g := parsers.NewGraph()
	mustAdd(t, g,
		&parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1)},
		&parsers.VPC{Resource: hdr("Vpc2", "AWS::EC2::VPC", 2)},
		&parsers.RouteTable{Resource: hdr("Closed", "AWS::EC2::RouteTable", 5), VPC: ref("Vpc")},
		&parsers.RouteTable{Resource: hdr("Closed2", "AWS::EC2::RouteTable", 6), VPC: ref("Vpc2")},
		&parsers.RouteTable{Resource: hdr("ToNAT", "AWS::EC2::RouteTable", 7), VPC: ref("Vpc"),
			Routes: []parsers.Route{{Name: "R", DestinationCIDR: lit("0.0.0.0/0"), TargetKind: parsers.TargetNATGateway, Target: lit("nat-0abc")}}},
		&parsers.RouteTable{Resource: hdr("ToIGW", "AWS::EC2::RouteTable", 8), VPC: ref("Vpc"),
			Routes: []parsers.Route{{Name: "R", DestinationCIDR: lit("0.0.0.0/0"), TargetKind: parsers.TargetInternetGateway, Target: lit("igw-0abc")}}},
		&parsers.Subnet{Resource: hdr("Iso", "AWS::EC2::Subnet", 10), VPC: ref("Vpc"), RouteTables: []parsers.Value{ref("Closed")}},
		&parsers.Subnet{Resource: hdr("Iso2", "AWS::EC2::Subnet", 11), VPC: ref("Vpc2"), RouteTables: []parsers.Value{ref("Closed2")}},
		&parsers.Subnet{Resource: hdr("Nat", "AWS::EC2::Subnet", 12), VPC: ref("Vpc"), RouteTables: []parsers.Value{ref("ToNAT")}},
		&parsers.Subnet{Resource: hdr("Pub", "AWS::EC2::Subnet", 13), VPC: ref("Vpc"), RouteTables: []parsers.Value{ref("ToIGW")}},
		env,
	)
	line := 20
	for vpc, names := range eps {
		for _, n := range names {
			line++
			id := "Ep" + strings.ReplaceAll(n, ".", "") + vpc
			mustAdd(t, g, &parsers.VPCEndpoint{Resource: hdr(id, "AWS::EC2::VPCEndpoint", line), VPC: ref(vpc), ServiceName: lit(n)})
		}
	}
	mustAdd(t, g, extra...)
	g.Files = files
	g.Sort()
	return g
}

func vpcSetting(name string, v parsers.Value) parsers.OptionSetting {
	return parsers.OptionSetting{Namespace: NSVPC, Name: name, Value: v, Loc: at(40), Owner: key("Env")}
}

func TestEnvironments(t *testing.T) {
	list := func(vs ...parsers.Value) parsers.Value { return parsers.Value{Kind: parsers.List}.WithItems(vs) }
	cases := []struct {
		name     string
		settings []parsers.OptionSetting
		eps      map[string][]string
		region   parsers.Value // the input's region; Absent when it does not decide one
		listed   bool          // the environment sets aws:ec2:vpc
		vpc      string        // the VPC's name; "" when not in the inputs
		subnets  string        // instance subnets with postures
		region2  string        // Region
		known    bool          // RegionKnown
		regions  string        // Regions
		resource string        // SubnetsResource
	}{
		{name: "no aws:ec2:vpc", settings: []parsers.OptionSetting{{Namespace: "aws:autoscaling:asg", Name: "MinSize", Value: lit("1"), Owner: key("Env")}}},
		{name: "VPCId and Subnets", settings: []parsers.OptionSetting{vpcSetting("VPCId", ref("Vpc")), vpcSetting("Subnets", list(ref("Iso"), ref("Nat")))},
			eps:    map[string][]string{"Vpc": {"com.amazonaws.eu-west-1.sqs"}, "Vpc2": {"com.amazonaws.us-east-1.sqs"}},
			listed: true, vpc: "Vpc", subnets: "Iso isolated, Nat nat", region2: "eu-west-1", resource: "Env"},
		// The VPC of the first subnet the setting lists; the subnets in
		// natural order of their names (SortSubnets).
		{name: "VPC from the first subnet", settings: []parsers.OptionSetting{vpcSetting("Subnets", list(lit("subnet-0abc"), ref("Iso2"), ref("Iso")))},
			eps:    map[string][]string{"Vpc2": {"com.amazonaws.us-east-1.sqs"}},
			listed: true, vpc: "Vpc2", subnets: "Iso isolated, Iso2 isolated, subnet-0abc unknown", region2: "us-east-1", resource: "Env"},
		{name: "no Subnets", settings: []parsers.OptionSetting{vpcSetting("VPCId", ref("Vpc"))},
			eps:    map[string][]string{"Vpc": {"com.amazonaws.eu-west-1.sqs"}},
			listed: true, vpc: "Vpc", resource: "Env"},
		{name: "public subnets: no region worked out", settings: []parsers.OptionSetting{vpcSetting("Subnets", list(ref("Pub")))},
			eps:    map[string][]string{"Vpc": {"com.amazonaws.eu-west-1.sqs"}},
			listed: true, vpc: "Vpc", subnets: "Pub public", resource: "Env"},
		{name: "endpoints name several regions", settings: []parsers.OptionSetting{vpcSetting("Subnets", list(ref("Iso")))},
			eps:    map[string][]string{"Vpc": {"com.amazonaws.eu-west-1.sqs", "com.amazonaws.us-east-1.logs", "com.amazonaws.eu-west-1.logs"}},
			listed: true, vpc: "Vpc", subnets: "Iso isolated", regions: "eu-west-1,us-east-1", resource: "Env"},
		{name: "the input decides the region", settings: []parsers.OptionSetting{vpcSetting("Subnets", list(ref("Iso")))},
			eps:    map[string][]string{"Vpc": {"com.amazonaws.eu-west-1.sqs", "com.amazonaws.us-east-1.logs"}},
			region: lit("ap-south-1"), listed: true, vpc: "Vpc", subnets: "Iso isolated", region2: "ap-south-1", known: true, resource: "Env"},
		{name: "VPC not in the inputs", settings: []parsers.OptionSetting{vpcSetting("VPCId", lit("vpc-0abc")), vpcSetting("Subnets", list(lit("subnet-0abc")))},
			listed: true, subnets: "subnet-0abc unknown", resource: "Env"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 30), Settings: c.settings}
			g := twoVPCGraph(t, env, c.eps, []*parsers.SourceFile{{Path: tf, Region: c.region}})
			q := New(g, WithServiceNames(dotted))
			envs := q.Environments()
			if len(envs) != 0 != c.listed {
				t.Fatalf("%d environments, want listed %v", len(envs), c.listed)
			}
			if !c.listed {
				return
			}
			e := envs[0]
			if got := q.Environments(); len(got) != 1 || got[0] != e {
				t.Error("Environments is not kept for the run")
			}
			vpc := ""
			if e.VPC != nil {
				vpc = e.VPC.Name
			}
			if (e.VPCNode() == nil) != (e.VPC == nil) {
				t.Errorf("VPCNode() = %v with VPC %v", e.VPCNode(), e.VPC)
			}
			var subnets []string
			for _, s := range e.Subnets {
				subnets = append(subnets, s.Name+" "+s.Posture.String())
			}
			got := []string{vpc, strings.Join(subnets, ", "), e.Region, strings.Join(e.Regions, ","), e.SubnetsResource()}
			want := []string{c.vpc, c.subnets, c.region2, c.regions, c.resource}
			for i, what := range []string{"VPC", "subnets", "Region", "Regions", "SubnetsResource"} {
				if got[i] != want[i] {
					t.Errorf("%s = %q, want %q", what, got[i], want[i])
				}
			}
			if e.RegionKnown != c.known || e.RegionLoc.IsZero() == c.known {
				t.Errorf("RegionKnown = %v at %v, want %v", e.RegionKnown, e.RegionLoc, c.known)
			}
			if e.HasSubnets != (c.subnets != "") {
				t.Errorf("HasSubnets = %v", e.HasSubnets)
			}
		})
	}
}

func TestEnvironmentLocations(t *testing.T) {
	other := parsers.Location{File: "other.yaml", StartLine: 9}
	cases := []struct {
		name     string
		setting  parsers.OptionSetting
		has      bool
		loc      parsers.Location
		property string
	}{
		{"not set", parsers.OptionSetting{}, false, at(30), NSVPC + "/Subnets"},
		{"value's line", parsers.OptionSetting{Value: parsers.Lit("subnet-1", at(41)).Named("OptionSettings aws:ec2:vpc/Subnets"), Loc: at(40)}, true,
			at(41), "OptionSettings aws:ec2:vpc/Subnets"},
		{"value imported from another file", parsers.OptionSetting{Value: parsers.Lit("subnet-1", other), Loc: at(40)}, true, at(40), NSVPC + "/Subnets"},
		{"neither located", parsers.OptionSetting{Value: lit("subnet-1")}, true, at(30), NSVPC + "/Subnets"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &Environment{Node: &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 30)}, SubnetsSetting: c.setting, HasSubnets: c.has}
			if got := e.SubnetsLoc(); got != c.loc {
				t.Errorf("SubnetsLoc = %v, want %v", got, c.loc)
			}
			if got := e.SubnetsProperty(); got != c.property {
				t.Errorf("SubnetsProperty = %q, want %q", got, c.property)
			}
		})
	}
}
