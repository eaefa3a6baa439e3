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

// TestSubnetPosture checks the posture of Subnets elements: a subnet of
// the inputs gets its routing from the query layer (tested there), an
// element that is no subnet of the inputs is unknown, saying why.
func TestSubnetPosture(t *testing.T) {
	g := parsers.NewGraph()
	mustAdd(t, g,
		&parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1)},
		&parsers.RouteTable{Resource: hdr("RT", "AWS::EC2::RouteTable", 5), VPC: ref("Vpc"),
			Routes: []parsers.Route{{Name: "R", DestinationCIDR: lit("0.0.0.0/0"), TargetKind: parsers.TargetNATGateway, Target: lit("nat-0abc")}}},
		&parsers.Subnet{Resource: hdr("Assoc", "AWS::EC2::Subnet", 30), VPC: ref("Vpc"), RouteTables: []parsers.Value{ref("RT")}},
	)
	cases := []struct {
		elem   parsers.Value
		want   Posture
		tables int
		reason string
	}{
		{ref("Assoc"), NAT, 1, "route table RT"},
		{lit("subnet-0abc"), PostureUnknown, 0, "subnet-0abc is not defined in the linted inputs"},
		{parsers.UnknownValue("parameter Subnets has no value", at(40)), PostureUnknown, 0, "parameter Subnets has no value"},
	}
	for _, c := range cases {
		t.Run(c.elem.Describe(), func(t *testing.T) {
			a := newAnalysis(g)
			s := a.q.SubnetElem(c.elem, "Subnets")
			if s.Posture != c.want || len(s.Tables) != c.tables || !strings.Contains(s.Reason, c.reason) {
				t.Errorf("got %s with %d tables (%s), want %s with %d mentioning %q", s.Posture, len(s.Tables), s.Reason, c.want, c.tables, c.reason)
			}
		})
	}
}
