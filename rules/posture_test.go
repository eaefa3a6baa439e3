package rules

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

const tf = "t.yaml"

func at(line int) parsers.Location { return parsers.Location{File: tf, StartLine: line, StartCol: 3} }

func key(id string) string { return tf + "#" + id }

func ref(id string) parsers.Value { return parsers.RefTo(key(id), "", at(1)) }

func lit(s string) parsers.Value { return parsers.Lit(s, at(1)) }

func hdr(id, typ string, line int) parsers.Resource {
	return parsers.Resource{Key: key(id), Name: id, Type: typ, Loc: at(line)}
}

func mustAdd(t *testing.T, g *parsers.Graph, ns ...parsers.Node) {
	t.Helper()
	for _, n := range ns {
		if err := g.Add(n); err != nil {
			t.Fatal(err)
		}
	}
}

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
		{"IPv6 egress-only", []parsers.Route{route("::/0", parsers.TargetEgressOnly, lit("eigw-1"))}, nil, Transit, "egress-only"},
		{"VGW propagation", []parsers.Route{local}, []parsers.Value{ref("Vgw")}, Transit, "propagate"},
		{"public beats NAT", []parsers.Route{route("0.0.0.0/0", parsers.TargetNATGateway, ref("Nat")), route("1.2.3.4/32", parsers.TargetInternetGateway, ref("Igw"))}, nil, Public, ""},
		{"unresolved GatewayId", []parsers.Route{route("0.0.0.0/0", parsers.TargetGateway, parsers.UnknownValue("parameter GwId has no value", at(20)))}, nil, PostureUnknown, "may be an internet gateway"},
		{"unknown destination to NAT", []parsers.Route{{Name: "R", DestinationCIDR: parsers.UnknownValue("parameter Dest", at(20)), TargetKind: parsers.TargetNATGateway, Target: ref("Nat")}}, nil, PostureUnknown, "destination is not known"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, rt := networkGraph(t, c.routes, c.vgws...)
			v := newAnalysis(g).tablePosture(rt)
			if v.posture != c.want {
				t.Errorf("posture = %s (%s), want %s", v.posture, v.reason, c.want)
			}
			if !strings.Contains(v.reason, c.reason) {
				t.Errorf("reason %q does not mention %q", v.reason, c.reason)
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
			v := newAnalysis(g).tablePosture(rt)
			if v.posture != c.want || !strings.Contains(v.reason, c.reason) {
				t.Errorf("got %s (%s), want %s mentioning %q", v.posture, v.reason, c.want, c.reason)
			}
		})
	}
}

func TestSubnetPosture(t *testing.T) {
	g, _ := networkGraph(t, []parsers.Route{route("0.0.0.0/0", parsers.TargetNATGateway, ref("Nat"))})
	mustAdd(t, g,
		&parsers.Subnet{Resource: hdr("Assoc", "AWS::EC2::Subnet", 30), VPC: ref("Vpc"), RouteTables: []parsers.Value{ref("RT")}},
		&parsers.Subnet{Resource: hdr("OnMain", "AWS::EC2::Subnet", 31), VPC: ref("Vpc")},
		&parsers.Subnet{Resource: hdr("ForeignVPC", "AWS::EC2::Subnet", 32), VPC: lit("vpc-0abc")},
		&parsers.Subnet{Resource: hdr("Cond", "AWS::EC2::Subnet", 33), VPC: ref("Vpc"),
			RouteTables: []parsers.Value{{Kind: parsers.Choice, Cond: "UseNat", Items: []parsers.Value{ref("RT"), parsers.RefTo(key("Vpc")+"#main", "", at(1))}}}},
		&parsers.Subnet{Resource: hdr("CondAssoc", "AWS::EC2::Subnet", 34), VPC: ref("Vpc"),
			RouteTables: []parsers.Value{{Kind: parsers.Choice, Cond: "Associate", Items: []parsers.Value{ref("RT"), {}}}}},
	)
	cases := []struct {
		elem   parsers.Value
		want   Posture
		onMain bool
		reason string
	}{
		{ref("Assoc"), NAT, false, "route table RT"},
		{ref("OnMain"), Isolated, true, "main route table of Vpc"},
		{ref("ForeignVPC"), PostureUnknown, true, "vpc-0abc is not defined in the linted inputs"},
		{lit("subnet-0abc"), PostureUnknown, false, "subnet-0abc is not defined in the linted inputs"},
		{parsers.UnknownValue("parameter Subnets has no value", at(40)), PostureUnknown, false, "parameter Subnets has no value"},
		{ref("Cond"), PostureUnknown, false, "condition UseNat"},
		{ref("CondAssoc"), PostureUnknown, false, "condition Associate: nat (route table RT: R 0.0.0.0/0 → Nat (NAT gateway)) or isolated (main route table of Vpc"},
	}
	for _, c := range cases {
		t.Run(c.elem.Describe(), func(t *testing.T) {
			a := newAnalysis(g)
			s := &Subnet{Value: c.elem}
			s.Node, _ = parsers.LookupAs[*parsers.Subnet](a.g, c.elem)
			a.subnetPosture(s)
			if s.Posture != c.want || s.OnMain != c.onMain || !strings.Contains(s.Reason, c.reason) {
				t.Errorf("got %s onMain=%v (%s), want %s onMain=%v mentioning %q", s.Posture, s.OnMain, s.Reason, c.want, c.onMain, c.reason)
			}
		})
	}
}
