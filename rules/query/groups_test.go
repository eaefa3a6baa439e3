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
