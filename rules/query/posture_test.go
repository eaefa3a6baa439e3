package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// networkGraph returns a graph with a VPC (and its synthetic main table),
// gateways of every kind, and a route table "RT" holding routes.
func networkGraph(t *testing.T, routes []parsers.Route, vgws ...parsers.Value) (*parsers.Graph, *parsers.RouteTable) {
	t.Helper()
	g := parsers.NewGraph()
	vpc := &parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1), CIDRs: []parsers.Value{lit("10.0.0.0/16")}}
	main := &parsers.RouteTable{Resource: parsers.Resource{Key: key("Vpc") + "#main", Name: "Vpc.MainRouteTable", Synthetic: true}, VPC: ref("Vpc"),
		Routes: []parsers.Route{{DestinationCIDR: lit("10.0.0.0/16"), TargetKind: parsers.TargetLocal, Target: lit("local")}}}
	vpc.MainRouteTable = parsers.RefTo(main.Key, "", at(1))
	rt := &parsers.RouteTable{Resource: hdr("RT", "AWS::EC2::RouteTable", 5), VPC: ref("Vpc"), Routes: routes, PropagatingVGWs: vgws}
	mustAdd(t, g, vpc, main, rt,
		&parsers.Gateway{Resource: hdr("Igw", "AWS::EC2::InternetGateway", 10), Kind: parsers.InternetGateway},
		&parsers.Gateway{Resource: hdr("Vgw", "AWS::EC2::VPNGateway", 11), Kind: parsers.VPNGateway},
		&parsers.Gateway{Resource: hdr("Nat", "AWS::EC2::NatGateway", 12), Kind: parsers.NATGatewayKind, Private: parsers.DefaultValue("false", at(12))},
		&parsers.Gateway{Resource: hdr("PrivNat", "AWS::EC2::NatGateway", 13), Kind: parsers.NATGatewayKind, Private: lit("true")},
		&parsers.Gateway{Resource: hdr("Tgw", "AWS::EC2::TransitGateway", 14), Kind: parsers.TransitGateway},
		&parsers.Gateway{Resource: hdr("Eigw", "AWS::EC2::EgressOnlyInternetGateway", 15), Kind: parsers.EgressOnlyGateway},
	)
	return g, rt
}

func route(dest string, kind parsers.RouteTarget, target parsers.Value) parsers.Route {
	r := parsers.Route{Name: "R", TargetKind: kind, Target: target, Loc: at(20)}
	if strings.Contains(dest, ":") {
		r.DestinationIPv6 = lit(dest)
	} else {
		r.DestinationCIDR = lit(dest)
	}
	return r
}

func TestTablePosture(t *testing.T) {
	local := route("10.0.0.0/16", parsers.TargetLocal, lit("local"))
	cases := []struct {
		name   string
		routes []parsers.Route
		vgws   []parsers.Value
		want   Posture
		reason string
	}{
		{"local only", []parsers.Route{local}, nil, Isolated, ""},
		{"default to IGW", []parsers.Route{local, route("0.0.0.0/0", parsers.TargetGateway, ref("Igw"))}, nil, Public, "internet gateway"},
		{"specific CIDR to IGW is still public", []parsers.Route{route("52.0.0.0/8", parsers.TargetInternetGateway, ref("Igw"))}, nil, Public, ""},
		{"literal igw- ID", []parsers.Route{route("0.0.0.0/0", parsers.TargetGateway, lit("igw-0abc"))}, nil, Public, ""},
		{"literal vgw- ID default route", []parsers.Route{route("0.0.0.0/0", parsers.TargetGateway, lit("vgw-0abc"))}, nil, Transit, ""},
		{"NAT gateway", []parsers.Route{local, route("0.0.0.0/0", parsers.TargetNATGateway, ref("Nat"))}, nil, NAT, "NAT gateway"},
		{"NAT gateway outside the inputs", []parsers.Route{route("0.0.0.0/0", parsers.TargetNATGateway, lit("nat-0abc"))}, nil, NAT, ""},
		{"private NAT gateway", []parsers.Route{route("0.0.0.0/0", parsers.TargetNATGateway, ref("PrivNat"))}, nil, Transit, "private NAT"},
		{"NAT instance", []parsers.Route{route("0.0.0.0/0", parsers.TargetInstance, lit("i-0abc"))}, nil, NAT, "NAT instance"},
		{"transit gateway default", []parsers.Route{route("0.0.0.0/0", parsers.TargetTransitGateway, ref("Tgw"))}, nil, Transit, ""},
		{"transit gateway specific", []parsers.Route{route("10.1.0.0/16", parsers.TargetTransitGateway, ref("Tgw"))}, nil, Isolated, ""},
		{"peering default", []parsers.Route{route("0.0.0.0/0", parsers.TargetPeering, lit("pcx-1"))}, nil, Transit, ""},
		{"ENI default", []parsers.Route{route("0.0.0.0/0", parsers.TargetNetworkIface, lit("eni-1"))}, nil, Transit, ""},
		{"GWLB endpoint default", []parsers.Route{route("0.0.0.0/0", parsers.TargetVPCEndpoint, lit("vpce-1"))}, nil, Transit, ""},
		// RULES.md posture section (2026-12-07): IPv4 routes decide.
		{"only ::/0 to egress-only IGW is isolated", []parsers.Route{local, route("::/0", parsers.TargetEgressOnly, ref("Eigw"))}, nil, Isolated, "IPv6"},
		{"::/0 to egress-only IGW through GatewayId", []parsers.Route{route("::/0", parsers.TargetGateway, ref("Eigw"))}, nil, Isolated, "IPv6"},
		{"::/0 to a transit gateway is not transit", []parsers.Route{route("::/0", parsers.TargetTransitGateway, ref("Tgw"))}, nil, Isolated, ""},
		{"::/0 to EIGW beside an IPv4 NAT route", []parsers.Route{route("::/0", parsers.TargetEgressOnly, ref("Eigw")), route("0.0.0.0/0", parsers.TargetNATGateway, ref("Nat"))}, nil, NAT, "NAT gateway"},
		{"::/0 to EIGW beside an IPv4 TGW route", []parsers.Route{route("::/0", parsers.TargetEgressOnly, ref("Eigw")), route("0.0.0.0/0", parsers.TargetTransitGateway, ref("Tgw"))}, nil, Transit, ""},
		{"VGW propagation", []parsers.Route{local}, []parsers.Value{ref("Vgw")}, Transit, "propagate"},
		{"public beats NAT", []parsers.Route{route("0.0.0.0/0", parsers.TargetNATGateway, ref("Nat")), route("1.2.3.4/32", parsers.TargetInternetGateway, ref("Igw"))}, nil, Public, ""},
		{"unresolved GatewayId", []parsers.Route{route("0.0.0.0/0", parsers.TargetGateway, unknown("parameter GwId has no value"))}, nil, PostureUnknown, "may be an internet gateway"},
		{"unknown destination to NAT", []parsers.Route{{Name: "R", DestinationCIDR: unknown("parameter Dest"), TargetKind: parsers.TargetNATGateway, Target: ref("Nat")}}, nil, PostureUnknown, "destination is not known"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, rt := networkGraph(t, c.routes, c.vgws...)
			p, reason := New(g).TablePosture(rt)
			if p != c.want {
				t.Errorf("posture = %s (%s), want %s", p, reason, c.want)
			}
			if !strings.Contains(reason, c.reason) {
				t.Errorf("reason %q does not mention %q", reason, c.reason)
			}
		})
	}
}

func TestConditionalRoutes(t *testing.T) {
	nat := route("0.0.0.0/0", parsers.TargetNATGateway, ref("Nat"))
	nat.Condition = "HasNat"
	specific := route("10.9.0.0/16", parsers.TargetTransitGateway, ref("Tgw"))
	specific.Condition = "HasTgw"
	cases := []struct {
		name   string
		routes []parsers.Route
		want   Posture
		reason string
	}{
		{"condition changes the answer", []parsers.Route{nat}, PostureUnknown, "condition HasNat"},
		{"condition does not change the answer", []parsers.Route{specific}, Isolated, "do not change this"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, rt := networkGraph(t, c.routes)
			p, reason := New(g).TablePosture(rt)
			if p != c.want || !strings.Contains(reason, c.reason) {
				t.Errorf("got %s (%s), want %s mentioning %q", p, reason, c.want, c.reason)
			}
		})
	}
}

func TestRouting(t *testing.T) {
	g, _ := networkGraph(t, []parsers.Route{route("0.0.0.0/0", parsers.TargetNATGateway, ref("Nat"))})
	mustAdd(t, g,
		&parsers.Subnet{Resource: hdr("Assoc", "AWS::EC2::Subnet", 30), VPC: ref("Vpc"), RouteTables: []parsers.Value{ref("RT")}},
		&parsers.Subnet{Resource: hdr("OnMain", "AWS::EC2::Subnet", 31), VPC: ref("Vpc")},
		&parsers.Subnet{Resource: hdr("ForeignVPC", "AWS::EC2::Subnet", 32), VPC: lit("vpc-0abc")},
		&parsers.Subnet{Resource: hdr("Cond", "AWS::EC2::Subnet", 33), VPC: ref("Vpc"),
			RouteTables: []parsers.Value{parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{ref("RT"), parsers.RefTo(key("Vpc")+"#main", "", at(1))}).WithCond("UseNat")}},
		&parsers.Subnet{Resource: hdr("CondAssoc", "AWS::EC2::Subnet", 34), VPC: ref("Vpc"),
			RouteTables: []parsers.Value{parsers.Value{Kind: parsers.Choice}.WithItems([]parsers.Value{ref("RT"), {}}).WithCond("Associate")}},
		&parsers.Subnet{Resource: hdr("External", "AWS::EC2::Subnet", 35), VPC: ref("Vpc"), RouteTables: []parsers.Value{lit("rtb-0abc")}},
	)
	cases := []struct {
		subnet string
		want   Posture
		onMain bool
		tables int
		reason string
	}{
		{"Assoc", NAT, false, 1, "route table RT"},
		{"OnMain", Isolated, true, 1, "main route table of Vpc"},
		{"ForeignVPC", PostureUnknown, true, 0, "vpc-0abc is not defined in the linted inputs"},
		{"Cond", PostureUnknown, false, 2, "condition UseNat"},
		{"CondAssoc", PostureUnknown, true, 2, "condition Associate: nat (route table RT: R 0.0.0.0/0 → Nat (NAT gateway)) or isolated (main route table of Vpc"},
		{"External", PostureUnknown, false, 0, "rtb-0abc is not defined"},
	}
	for _, c := range cases {
		t.Run(c.subnet, func(t *testing.T) {
			q := New(g)
			r := q.Routing(subnetNamed(t, g, c.subnet))
			if r.Posture != c.want || r.OnMain != c.onMain || len(r.Tables) != c.tables || !strings.Contains(r.Reason, c.reason) {
				t.Errorf("got %s onMain=%v tables=%d (%s), want %s onMain=%v tables=%d mentioning %q",
					r.Posture, r.OnMain, len(r.Tables), r.Reason, c.want, c.onMain, c.tables, c.reason)
			}
			if again := q.Routing(subnetNamed(t, g, c.subnet)); again.Reason != r.Reason {
				t.Errorf("second answer differs: %q", again.Reason)
			}
		})
	}
}

// TestPostureFromTemplates checks the ::/0 rule end to end through both
// parsers' route shapes.
func TestPostureFromTemplate(t *testing.T) {
	g := cfnGraph(t, `
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Eigw: {Type: AWS::EC2::EgressOnlyInternetGateway, Properties: {VpcId: !Ref Vpc}}
  Rt: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
  V6Default:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Rt, DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: !Ref Eigw}
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
  Assoc:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref Sub, RouteTableId: !Ref Rt}
`)
	r := New(g).Routing(subnetNamed(t, g, "Sub"))
	if r.Posture != Isolated || !strings.Contains(r.Reason, "egress-only") {
		t.Errorf("posture = %s (%s), want isolated through the egress-only gateway", r.Posture, r.Reason)
	}
}
