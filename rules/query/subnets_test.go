package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func TestSubnetElem(t *testing.T) {
	g := parsers.NewGraph()
	mustAdd(t, g,
		&parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1)},
		&parsers.RouteTable{Resource: hdr("RT", "AWS::EC2::RouteTable", 5), VPC: ref("Vpc"),
			Routes: []parsers.Route{{Name: "R", DestinationCIDR: lit("0.0.0.0/0"), TargetKind: parsers.TargetNATGateway, Target: lit("nat-0abc")}}},
		&parsers.Subnet{Resource: hdr("Assoc", "AWS::EC2::Subnet", 30), VPC: ref("Vpc"), RouteTables: []parsers.Value{ref("RT")}, RouteTablesProp: "RouteTableId"},
		&parsers.Subnet{Resource: hdr("Away", "AWS::EC2::Subnet", 31), VPC: lit("vpc-0abc"), RouteTables: []parsers.Value{ref("RT")}, RouteTablesProp: "route_table_id"},
	)
	g.Sort()
	q := New(g)
	cases := []struct {
		elem   parsers.Value
		name   string
		want   Posture
		tables int
		reason string
		// vpc is the subnet's VPC: its value, and "node" when the VPC is in
		// the inputs; prop the route-table association property.
		vpc, prop string
	}{
		{ref("Assoc"), "Assoc", NAT, 1, "route table RT", "Vpc node", "RouteTableId"},
		{ref("Away"), "Away", NAT, 1, "route table RT", "vpc-0abc", "route_table_id"},
		{lit("subnet-0abc"), "subnet-0abc", PostureUnknown, 0, "subnet-0abc is not defined in the linted inputs", "(absent)", ""},
		{unknown("parameter Subnets has no value"), "ELBSubnets value", PostureUnknown, 0, "parameter Subnets has no value", "(absent)", ""},
	}
	for _, c := range cases {
		s := q.SubnetElem(c.elem, "ELBSubnets")
		if s.Name != c.name || s.Posture != c.want || len(s.Tables) != c.tables || !strings.Contains(s.Reason, c.reason) {
			t.Errorf("%s: %s is %s with %d tables (%s), want %s is %s with %d mentioning %q",
				c.elem.Describe(), s.Name, s.Posture, len(s.Tables), s.Reason, c.name, c.want, c.tables, c.reason)
		}
		vpc := DisplayName(s.VPCValue)
		if s.VPC != nil {
			vpc += " node"
		}
		if vpc != c.vpc || s.TablesProp != c.prop {
			t.Errorf("%s: VPC %s, route tables in %q; want %s, %q", c.name, vpc, s.TablesProp, c.vpc, c.prop)
		}
	}
	if s := q.SubnetOf(subnetNamed(t, g, "Assoc")); s.Posture != NAT || s.Name != "Assoc" || s.VPC == nil || s.TablesProp != "RouteTableId" {
		t.Errorf("SubnetOf(Assoc) = %s %s in %v (%q), want Assoc nat in Vpc (RouteTableId)", s.Name, s.Posture, s.VPC, s.TablesProp)
	}
}

func TestSubnetElems(t *testing.T) {
	list := func(vs ...parsers.Value) parsers.Value { return parsers.Value{Kind: parsers.List}.WithItems(vs) }
	cases := []struct {
		name string
		v    parsers.Value
		want string
	}{
		{"a reference and a literal", list(ref("A"), lit("subnet-1")), "A,subnet-1"},
		{"repeats once", list(ref("A"), ref("A"), lit("subnet-1"), lit("subnet-1")), "A,subnet-1"},
		{"a comma-separated literal", lit("subnet-1,subnet-2"), "subnet-1,subnet-2"},
		{"absent", parsers.Value{}, ""},
	}
	for _, c := range cases {
		var got []string
		for _, v := range SubnetElems(c.v) {
			got = append(got, DisplayName(v))
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("%s: %v, want %s", c.name, got, c.want)
		}
	}
}

func TestDeploymentRegion(t *testing.T) {
	g := parsers.NewGraph()
	env := &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 3)}
	mustAdd(t, g, env)
	cases := []struct {
		name   string
		files  []*parsers.SourceFile
		want   string
		wantOK bool
	}{
		{"no source file", nil, "", false},
		{"region set", []*parsers.SourceFile{{Path: tf, Region: lit(" eu-west-1 ")}}, "eu-west-1", true},
		{"region unknown", []*parsers.SourceFile{{Path: tf, Region: unknown("AWS::Region")}}, "", false},
		{"another file's region", []*parsers.SourceFile{{Path: "other.yaml", Region: lit("us-east-1")}}, "", false},
	}
	for _, c := range cases {
		g.Files = c.files
		got, _, ok := New(g).DeploymentRegion(env)
		if got != c.want || ok != c.wantOK {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, got, ok, c.want, c.wantOK)
		}
	}
}

// identityText is ValueIdentity as it was, a text: the keys must tell
// values apart exactly as the texts did.
func identityText(v parsers.Value) string {
	switch v.Kind {
	case parsers.Ref:
		return "ref\x00" + v.Target + "\x00" + v.Attr()
	case parsers.Known:
		return "lit\x00" + v.Str
	case parsers.Unknown:
		if !v.Origin().IsZero() {
			return "unknown\x00" + v.Origin().String()
		}
	}
	return ""
}

// TestValueIdentity checks that two values have equal identities exactly
// when their identity texts are equal, NUL bytes in references included.
func TestValueIdentity(t *testing.T) {
	withOrigin := func(name string) parsers.Value {
		v := parsers.UnknownValue("why", parsers.Location{})
		v.SetOrigin(parsers.Origin{Kind: parsers.TerraformOrigin, File: "p.json", Name: name})
		return v
	}
	values := []parsers.Value{
		parsers.RefTo("a#x", "", parsers.Location{}),
		parsers.RefTo("a#x", "", parsers.Location{File: "other"}),
		parsers.RefTo("a#x", "id", parsers.Location{}),
		parsers.RefTo("a#x\x00id", "", parsers.Location{}),
		parsers.RefTo("a#x", "\x00", parsers.Location{}),
		parsers.RefTo("a#x\x00", "", parsers.Location{}),
		parsers.RefTo("a", "x\x00id", parsers.Location{}),
		parsers.RefTo("a\x00x", "id", parsers.Location{}),
		parsers.Lit("a#x", parsers.Location{}),
		parsers.Lit("ref\x00a#x\x00", parsers.Location{}),
		parsers.Lit("", parsers.Location{}),
		withOrigin("aws_subnet.a"),
		withOrigin("aws_subnet.a"),
		withOrigin("aws_subnet.b"),
		parsers.UnknownValue("no origin", parsers.Location{}),
		{},
	}
	for _, a := range values {
		if got, want := ValueIdentity(a).None(), identityText(a) == ""; got != want {
			t.Errorf("ValueIdentity(%#v).None() = %v, want %v", a, got, want)
		}
		for _, b := range values {
			if got, want := ValueIdentity(a) == ValueIdentity(b), identityText(a) == identityText(b); got != want {
				t.Errorf("identities of %#v and %#v equal: %v, their texts: %v", a, b, got, want)
			}
		}
	}
}

// TestIdentitySet checks the set on both sides of its switch from a list
// to a map.
func TestIdentitySet(t *testing.T) {
	s := NewIdentitySet(4)
	n := 2*maxIdentityList + 3
	for round := range 2 {
		for i := range n {
			id := ValueIdentity(parsers.RefTo(strings.Repeat("x", i), "", parsers.Location{}))
			if got, want := s.Add(id), round == 0; got != want {
				t.Fatalf("round %d: Add(identity %d) = %v, want %v", round, i, got, want)
			}
		}
		if !s.Add(Identity{}) {
			t.Errorf("round %d: a None identity was taken as one added before", round)
		}
	}
}
