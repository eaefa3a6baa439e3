package query

import (
	"testing"

	"github.com/beanlint/beanlint/parsers"
)

func setting(ns, name string, v parsers.Value) parsers.OptionSetting {
	return parsers.OptionSetting{Namespace: ns, Name: name, Value: v}
}

// envGraph has the VPC, subnet and groups of flowGraph, a custom load
// balancer group Lb, and an environment with settings.
func envGraph(t *testing.T, settings ...parsers.OptionSetting) (*parsers.Graph, *parsers.Environment) {
	t.Helper()
	g := flowGraph(t, nil, nil)
	env := &parsers.Environment{Resource: hdr("Env", "AWS::ElasticBeanstalk::Environment", 40), Settings: settings}
	mustAdd(t, g, env, &parsers.SecurityGroup{Resource: hdr("Lb", "AWS::EC2::SecurityGroup", 6)})
	return g, env
}

func TestImplicitGroups(t *testing.T) {
	disable := setting(NSLaunch, "DisableDefaultEC2SecurityGroup", lit("true"))
	instSGs := setting(NSLaunch, "SecurityGroups", lit("sg-0abc"))
	alb := setting(NSEnvironment, "LoadBalancerType", lit("application"))
	nlb := setting(NSEnvironment, "LoadBalancerType", lit("network"))
	single := setting(NSEnvironment, "EnvironmentType", lit("SingleInstance"))
	port := setting(NSProcess, "Port", lit("8080"))
	managed := setting(NSALB, "ManagedSecurityGroup", ref("Lb"))
	albSGs := setting(NSALB, "SecurityGroups", ref("Lb"))
	cases := []struct {
		name         string
		settings     []parsers.OptionSetting
		instValues   int
		instImplicit Tri
		lbValues     int
		lbImplicit   bool
	}{
		{"defaults", nil, 1, Yes, 1, true},
		{"instance groups added to EB's", []parsers.OptionSetting{instSGs}, 2, Yes, 1, true},
		{"DisableDefaultEC2SecurityGroup removes EB's groups", []parsers.OptionSetting{disable, instSGs, alb, albSGs}, 1, No, 1, false},
		{"DisableDefaultEC2SecurityGroup unknown", []parsers.OptionSetting{setting(NSLaunch, "DisableDefaultEC2SecurityGroup", unknown("parameter D")), alb}, 1, Maybe, 1, true},
		{"ManagedSecurityGroup replaces EB's LB group", []parsers.OptionSetting{alb, managed, albSGs}, 1, Yes, 2, false},
		{"network load balancer has no groups", []parsers.OptionSetting{nlb}, 1, Yes, 0, false},
		{"single instance has no load balancer", []parsers.OptionSetting{single}, 1, Yes, 0, false},
		{"process port", []parsers.OptionSetting{port}, 1, Yes, 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, env := envGraph(t, c.settings...)
			q := New(g)
			inst, lb := q.InstanceGroups(env), q.LoadBalancerGroups(env)
			if len(inst.Values) != c.instValues || inst.ImplicitAttached.Tri != c.instImplicit {
				t.Errorf("instance groups: %d values, implicit %s; want %d, %s", len(inst.Values), inst.ImplicitAttached.Tri, c.instValues, c.instImplicit)
			}
			if len(lb.Values) != c.lbValues || (lb.Implicit != nil) != c.lbImplicit {
				t.Errorf("load balancer groups: %d values, implicit %v; want %d, %v", len(lb.Values), lb.Implicit != nil, c.lbValues, c.lbImplicit)
			}
		})
	}
}

// TestImplicitGroupFlows asks flow questions of the modelled groups: the
// instance group admits the process port from the load balancer's groups
// only, and sends anything anywhere.
func TestImplicitGroupFlows(t *testing.T) {
	port := func(p int) Flow { return Flow{Direction: Ingress, Protocol: "tcp", Ports: Port(p)} }
	cases := []struct {
		name     string
		settings []parsers.OptionSetting
		flow     Flow
		fromLB   bool // the flow's peer is the load balancer
		want     Tri
		reason   string
	}{
		{"process port from EB's LB group", nil, port(80), true, Yes, ""},
		{"another port from the LB", nil, port(8080), true, No, ""},
		{"process port from elsewhere", nil, port(80), false, No, ""},
		{"custom process port", []parsers.OptionSetting{setting(NSProcess, "Port", lit("8080"))}, port(8080), true, Yes, ""},
		{"custom LB group admitted", []parsers.OptionSetting{setting(NSEnvironment, "LoadBalancerType", lit("application")), setting(NSALB, "ManagedSecurityGroup", ref("Lb")), setting(NSALB, "SecurityGroups", ref("Lb"))}, port(80), true, Yes, ""},
		{"egress to S3 allowed by EB's group", nil, Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: Peer{PrefixList: lit("pl-1")}}, false, Yes, ""},
		{"egress with EB's group removed and no other", []parsers.OptionSetting{setting(NSLaunch, "DisableDefaultEC2SecurityGroup", lit("true"))}, Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: Peer{PrefixList: lit("pl-1")}}, false, No, ""},
		{"egress when removal is unknown", []parsers.OptionSetting{setting(NSLaunch, "DisableDefaultEC2SecurityGroup", unknown("parameter D"))}, Flow{Direction: Egress, Protocol: "tcp", Ports: Port(443), Peer: Peer{PrefixList: lit("pl-1")}}, false, Maybe, "parameter D"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, env := envGraph(t, c.settings...)
			q := New(g)
			f := c.flow
			if c.fromLB {
				f.Peer.Groups = q.LoadBalancerGroups(env).Values
			} else if f.Direction == Ingress {
				f.Peer.Groups = []parsers.Value{ref("Inst")}
			}
			checkAnswer(t, q.Allows(q.InstanceGroups(env).Values, f).Answer, c.want, c.reason)
		})
	}
}

func TestProcessPort(t *testing.T) {
	cases := []struct {
		v    parsers.Value
		want int
		tri  Tri
	}{
		{parsers.Value{}, 80, Yes},
		{lit("8080"), 8080, Yes},
		{unknown("parameter Port"), 80, Maybe},
		{lit("http"), 80, Maybe},
	}
	for _, c := range cases {
		g, env := envGraph(t, setting(NSProcess, "Port", c.v))
		if p, a := New(g).ProcessPort(env); p != c.want || a.Tri != c.tri {
			t.Errorf("%s: port %d (%s), want %d %s", c.v.Describe(), p, a.Tri, c.want, c.tri)
		}
	}
}

// TestSourceGroupRules adds the rules an application source's
// configuration files add to AWSEBSecurityGroup and
// AWSEBLoadBalancerSecurityGroup, only for the environment it is paired
// with.
func TestSourceGroupRules(t *testing.T) {
	https := parsers.SGRule{Protocol: lit("tcp"), FromPort: lit("443"), ToPort: lit("443"), Peer: parsers.Peer{CIDR: lit("10.0.0.0/16")}}
	fromLB := parsers.SGRule{Protocol: lit("tcp"), FromPort: lit("8443"), ToPort: lit("8443"), Peer: parsers.Peer{SecurityGroup: parsers.RefTo(parsers.EBLoadBalancerGroup, "", at(1))}}
	src := &parsers.AppSource{Dir: "app", GroupRules: []parsers.EBGroupRule{
		{Group: parsers.EBInstanceGroup, Rule: https},
		{Group: parsers.EBInstanceGroup, Rule: fromLB},
	}}
	inbound := func(p int, peer Peer) Flow {
		return Flow{Direction: Ingress, Protocol: "tcp", Ports: Port(p), Peer: peer}
	}
	cases := []struct {
		name   string
		source *parsers.AppSource
		port   int
		fromLB bool
		want   Tri
	}{
		{"443 from the VPC without the source", nil, 443, false, No},
		{"443 from the VPC with the source", src, 443, false, Yes},
		{"8443 from EB's load balancer group without the source", nil, 8443, true, No},
		{"8443 from EB's load balancer group with the source", src, 8443, true, Yes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, env := envGraph(t)
			env.Source = c.source
			q := New(g)
			peer := Peer{CIDR: lit("10.0.1.0/24")}
			if c.fromLB {
				peer = Peer{Groups: q.LoadBalancerGroups(env).Values}
			}
			checkAnswer(t, q.Allows(q.InstanceGroups(env).Values, inbound(c.port, peer)).Answer, c.want, "")
		})
	}
}
