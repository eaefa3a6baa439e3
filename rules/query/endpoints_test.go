package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

// dotted is a ServiceNameParser for tests: "<prefix>.<region>.<svc>" where
// the region is the third label.
func dotted(s string) (ServiceName, bool) {
	l := strings.Split(s, ".")
	if len(l) < 4 {
		return ServiceName{}, false
	}
	return ServiceName{Prefix: l[0] + "." + l[1], Region: l[2], Service: strings.Join(l[3:], ".")}, true
}

func TestClassifyEndpoint(t *testing.T) {
	absent := parsers.Value{}
	cases := []struct {
		name    string
		svc     parsers.Value
		typ     parsers.Value
		dns     parsers.Value
		parse   ServiceNameParser
		service string // "" when not classified
		why     string // part of Why when not classified
		wantTyp string
		typDef  bool
		dnsTri  Tri
		dnsWhy  string
	}{
		{name: "interface with private DNS", svc: lit("com.amazonaws.us-east-1.sqs"), typ: lit("Interface"), dns: lit("true"), parse: dotted,
			service: "sqs", wantTyp: "Interface", dnsTri: Yes},
		{name: "type and DNS not set", svc: lit("com.amazonaws.us-east-1.s3"), typ: absent, dns: absent, parse: dotted,
			service: "s3", wantTyp: "Gateway", typDef: true, dnsTri: No},
		{name: "DNS false, any case", svc: lit("com.amazonaws.us-east-1.logs"), typ: lit(" Interface "), dns: lit("FALSE"), parse: dotted,
			service: "logs", wantTyp: "Interface", dnsTri: No},
		{name: "DNS from a parameter", svc: lit("com.amazonaws.us-east-1.logs"), typ: lit("Interface"), dns: unknown("parameter Dns").Named("PrivateDnsEnabled"), parse: dotted,
			service: "logs", wantTyp: "Interface", dnsTri: Maybe, dnsWhy: "PrivateDnsEnabled of endpoint Ep is"},
		{name: "DNS not a boolean", svc: lit("com.amazonaws.us-east-1.logs"), typ: lit("Interface"), dns: lit("yes").Named("PrivateDnsEnabled"), parse: dotted,
			service: "logs", wantTyp: "Interface", dnsTri: Maybe, dnsWhy: "PrivateDnsEnabled of endpoint Ep is yes"},
		{name: "no service form", svc: lit("sqs"), typ: lit("Interface"), dns: absent, parse: dotted,
			why: "service name sqs has no <prefix>.<region>.<service> form", wantTyp: "Interface", dnsTri: No},
		{name: "service name unknown", svc: unknown("parameter Svc"), typ: unknown("parameter Type"), dns: absent, parse: dotted,
			why: "its service name", wantTyp: "", dnsTri: No},
		{name: "no parser", svc: lit("com.amazonaws.us-east-1.sqs"), typ: lit("Interface"), dns: absent,
			why: "has no <prefix>.<region>.<service> form", wantTyp: "Interface", dnsTri: No},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := &parsers.VPCEndpoint{Resource: hdr("Ep", "AWS::EC2::VPCEndpoint", 3), ServiceName: c.svc, Type: c.typ, PrivateDNS: c.dns,
				Subnets: []parsers.Value{ref("A")}, SubnetsProp: "SubnetIds"}
			ep := ClassifyEndpoint(n, c.parse)
			if ep.Classified != (c.service != "") || ep.Service != c.service {
				t.Errorf("service = %q (classified %v), want %q", ep.Service, ep.Classified, c.service)
			}
			if !strings.Contains(ep.Why, c.why) {
				t.Errorf("Why = %q, want it to mention %q", ep.Why, c.why)
			}
			if ep.Type != c.wantTyp || ep.TypeDefault != c.typDef {
				t.Errorf("type = %q (default %v), want %q (%v)", ep.Type, ep.TypeDefault, c.wantTyp, c.typDef)
			}
			checkAnswer(t, ep.PrivateDNS.Answer, c.dnsTri, c.dnsWhy)
			if ep.Subnets.Prop != "SubnetIds" || len(ep.Subnets.Values) != 1 {
				t.Errorf("Subnets = %+v, want SubnetIds with one element", ep.Subnets)
			}
		})
	}
}

func TestEndpointsIndexes(t *testing.T) {
	g := parsers.NewGraph()
	vpc := &parsers.VPC{Resource: hdr("Vpc", "AWS::EC2::VPC", 1)}
	other := &parsers.VPC{Resource: hdr("Other", "AWS::EC2::VPC", 2)}
	ep := func(id, svc string, v parsers.Value, line int) *parsers.VPCEndpoint {
		return &parsers.VPCEndpoint{Resource: hdr(id, "AWS::EC2::VPCEndpoint", line), VPC: v, ServiceName: lit("com.amazonaws.us-east-1." + svc)}
	}
	mustAdd(t, g, vpc, other,
		ep("A", "sqs", ref("Vpc"), 3),
		ep("B", "sqs", unknown("import Vpc"), 4),
		ep("C", "logs", ref("Other"), 5),
		ep("D", "logs", ref("Vpc"), 6))
	g.Sort()
	q := New(g, WithServiceNames(dotted))
	names := func(eps []*Endpoint) string {
		var out []string
		for _, e := range eps {
			out = append(out, e.Name())
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		name string
		got  []*Endpoint
		want string
	}{
		{"all", q.Endpoints(), "A,B,C,D"},
		{"in Vpc, with those whose VPC is unknown", q.EndpointsIn(vpc), "A,B,D"},
		{"placed in Vpc", q.EndpointsPlacedIn(vpc), "A,D"},
		{"in Other", q.EndpointsIn(other), "B,C"},
		{"of sqs", q.EndpointsOf("sqs"), "A,B"},
		{"of logs", q.EndpointsOf("logs"), "C,D"},
		{"of ecs", q.EndpointsOf("ecs"), ""},
	}
	for _, c := range cases {
		if got := names(c.got); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		ep   int
		want bool
	}{{0, false}, {1, false}, {2, true}, {3, false}} {
		if got := q.Endpoints()[c.ep].InOtherVPC(vpc); got != c.want {
			t.Errorf("%s.InOtherVPC(Vpc) = %v, want %v", q.Endpoints()[c.ep].Name(), got, c.want)
		}
	}
}

func TestListLoc(t *testing.T) {
	loc := func(file string, l1, c1, l2, c2 int) parsers.Location {
		return parsers.Span(file, l1, c1, l2, c2)
	}
	fallback := loc("f", 1, 1, 1, 5)
	val := func(l parsers.Location) parsers.Value { return parsers.Lit("x", l) }
	cases := []struct {
		name string
		vs   []parsers.Value
		want parsers.Location
	}{
		{"empty", nil, fallback},
		{"no located element", []parsers.Value{parsers.Lit("x", parsers.Location{})}, fallback},
		{"one", []parsers.Value{val(loc("f", 4, 3, 4, 9))}, loc("f", 4, 3, 4, 9)},
		{"first to last", []parsers.Value{val(loc("f", 4, 3, 4, 9)), val(loc("f", 5, 3, 5, 12))}, loc("f", 4, 3, 5, 12)},
		{"last in another file", []parsers.Value{val(loc("f", 4, 3, 4, 9)), val(loc("g", 9, 1, 9, 2))}, loc("f", 4, 3, 4, 9)},
	}
	for _, c := range cases {
		if got := (List{Values: c.vs}).Loc(fallback); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
