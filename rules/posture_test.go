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
		{ref("CondAssoc"), PostureUnknown, true, "condition Associate: nat (route table RT: R 0.0.0.0/0 → Nat (NAT gateway)) or isolated (main route table of Vpc"},
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
