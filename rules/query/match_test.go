package query

import (
	"strings"
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func TestEndpointsFor(t *testing.T) {
	list := func(vs ...parsers.Value) parsers.Value { return parsers.Value{Kind: parsers.List}.WithItems(vs) }
	endpoint := func(id string, vpc, svc parsers.Value, cond string) *parsers.VPCEndpoint {
		n := &parsers.VPCEndpoint{Resource: hdr(id, "AWS::EC2::VPCEndpoint", 50), VPC: vpc, ServiceName: svc}
		n.Condition = cond
		return n
	}
	cases := []struct {
		name  string
		vpcID parsers.Value // the environment's VPCId
		// subnets is the Subnets setting; Iso when Absent.
		subnets parsers.Value
		eps     []parsers.Node
		region  parsers.Value // the input's region
		// Endpoints by field: "Found=A,B Doubtful=C ..." (empty fields left out).
		want string
	}{
		{name: "found, elsewhere and of other services", vpcID: ref("Vpc"),
			eps: []parsers.Node{
				endpoint("Here", ref("Vpc"), lit("com.amazonaws.eu-west-1.sqs"), ""),
				endpoint("There", ref("Vpc2"), lit("com.amazonaws.eu-west-1.sqs"), ""),
				endpoint("Logs", ref("Vpc"), lit("com.amazonaws.eu-west-1.logs"), ""),
			},
			want: "Found=Here Elsewhere=There"},
		{name: "a condition makes it doubtful", vpcID: ref("Vpc"),
			eps:  []parsers.Node{endpoint("Maybe", ref("Vpc"), lit("com.amazonaws.eu-west-1.sqs"), "UseSqs")},
			want: "Doubtful=Maybe"},
		{name: "several regions make literal regions doubtful", vpcID: ref("Vpc"),
			eps: []parsers.Node{
				endpoint("West", ref("Vpc"), lit("com.amazonaws.eu-west-1.sqs"), ""),
				endpoint("East", ref("Vpc"), lit("com.amazonaws.us-east-1.logs"), ""),
			},
			want: "Doubtful=West"},
		{name: "the input's region rules out another", vpcID: ref("Vpc"), region: lit("us-east-1"),
			eps: []parsers.Node{
				endpoint("West", ref("Vpc"), lit("com.amazonaws.eu-west-1.sqs"), ""),
				endpoint("East", ref("Vpc"), lit("com.amazonaws.us-east-1.sqs"), ""),
			},
			want: "Found=East OtherRegion=West"},
		{name: "service name or VPC unknown", vpcID: ref("Vpc"),
			eps: []parsers.Node{
				endpoint("NoName", ref("Vpc"), unknown("parameter Svc"), ""),
				endpoint("Plain", ref("Vpc"), lit("sqs"), ""),
				endpoint("NoVpc", unknown("parameter Vpc"), lit("com.amazonaws.eu-west-1.sqs"), ""),
			},
			want: "Found= Undecided=NoName,NoVpc"},
		{name: "the environment's VPC outside the inputs", vpcID: lit("vpc-0abc"), subnets: list(lit("subnet-0abc")),
			eps: []parsers.Node{
				endpoint("Same", lit("vpc-0abc"), lit("com.amazonaws.eu-west-1.sqs"), ""),
				endpoint("Other", lit("vpc-0def"), lit("com.amazonaws.eu-west-1.sqs"), ""),
			},
			want: "Found=Same Elsewhere=Other"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			subnets := c.subnets
			if subnets.Kind == parsers.Absent {
				subnets = list(ref("Iso"))
			}
			env := &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 30),
				Settings: []parsers.OptionSetting{vpcSetting("VPCId", c.vpcID), vpcSetting("Subnets", subnets)}}
			g := twoVPCGraph(t, env, nil, []*parsers.SourceFile{{Path: tf, Region: c.region}}, c.eps...)
			q := New(g, WithServiceNames(dotted))
			e := q.Environments()[0]
			m := q.EndpointsFor(e, "sqs")
			var fields []string
			for _, f := range []struct {
				name string
				eps  []*Endpoint
			}{{"Found", m.Found}, {"Doubtful", m.Doubtful}, {"Elsewhere", m.Elsewhere}, {"Undecided", m.Undecided}, {"OtherRegion", m.OtherRegion}} {
				if len(f.eps) == 0 && (f.name != "Found" || !strings.HasPrefix(c.want, "Found=")) {
					continue
				}
				var names []string
				for _, ep := range f.eps {
					names = append(names, ep.Name())
				}
				fields = append(fields, f.name+"="+strings.Join(names, ","))
			}
			if got := strings.Join(fields, " "); got != c.want {
				t.Errorf("EndpointsFor = %s, want %s", got, c.want)
			}
			for _, ep := range m.Doubtful {
				if e.Doubt(ep) == "" {
					t.Errorf("Doubt(%s) is empty", ep.Name())
				}
			}
			if len(m.Candidates()) != len(m.Found)+len(m.Doubtful) {
				t.Errorf("Candidates = %d endpoints", len(m.Candidates()))
			}
		})
	}
}

func TestDoubt(t *testing.T) {
	ep := func(region, cond string) *Endpoint {
		n := &parsers.VPCEndpoint{Resource: hdr("Ep", "AWS::EC2::VPCEndpoint", 3)}
		n.Condition = cond
		return &Endpoint{Node: n, ServiceName: ServiceName{Region: region}, NameValue: lit("com.amazonaws." + region + ".sqs")}
	}
	cases := []struct {
		name    string
		regions []string
		ep      *Endpoint
		want    string // "" when not doubtful
	}{
		{"always exists, one region", nil, ep("eu-west-1", ""), ""},
		{"condition", nil, ep("eu-west-1", "UseSqs"), "it exists only under condition UseSqs"},
		{"several regions", []string{"eu-west-1", "us-east-1"}, ep("eu-west-1", ""), "names region eu-west-1, but the VPC's endpoints name several regions (eu-west-1, us-east-1)"},
		{"several regions, symbolic region", []string{"eu-west-1", "us-east-1"}, ep("", ""), ""},
	}
	for _, c := range cases {
		got := (&Environment{Regions: c.regions}).Doubt(c.ep)
		if (got == "") != (c.want == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: Doubt = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestInVPCWithoutVPCNode guards against comparing a typed nil *VPC as a
// node: an environment whose VPC is outside the inputs must still match
// endpoints naming the same VPC ID.
func TestInVPCWithoutVPCNode(t *testing.T) {
	param := func(name string) parsers.Value {
		v := unknown("parameter " + name + " has no value")
		v.SetOrigin(parsers.ParameterOf(tf, name))
		return v
	}
	q := New(parsers.NewGraph())
	for _, c := range []struct {
		env, ep parsers.Value
		want    Tri
	}{
		{lit("vpc-123"), lit("vpc-123"), Yes},
		{lit("vpc-123"), lit("vpc-456"), No},
		{param("VpcId"), param("VpcId"), Yes},
	} {
		e := &Environment{VPCValue: c.env}
		ep := &Endpoint{Node: &parsers.VPCEndpoint{VPC: c.ep}, VPC: c.ep}
		if got := q.InVPC(ep, e); got != c.want {
			t.Errorf("env %s, endpoint %s: got %s, want %s", c.env.Describe(), c.ep.Describe(), got, c.want)
		}
	}
}
