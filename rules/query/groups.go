package query

import (
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Option setting namespaces the environment questions read (DOMAIN.md §9).
const (
	NSVPC         = "aws:ec2:vpc"
	NSLaunch      = "aws:autoscaling:launchconfiguration"
	NSEnvironment = "aws:elasticbeanstalk:environment"
	NSProcess     = "aws:elasticbeanstalk:environment:process:default"
	NSALB         = "aws:elbv2:loadbalancer"
	NSCLB         = "aws:elb:loadbalancer"
	defaultPort   = 80
)

// Groups are the security groups on one kind of network interface of an
// environment (its instances, its load balancer).
type Groups struct {
	// Values are every group that may be attached: those the option
	// settings list, and the group Elastic Beanstalk creates (a Ref to the
	// synthetic group Implicit) unless the settings remove it. Pass them to
	// Allows as they are.
	Values []parsers.Value
	// Configured are the groups the option settings list.
	Configured []parsers.Value
	// Implicit is the group Elastic Beanstalk creates, as the query layer
	// models it (DOMAIN.md §5.3); nil when the settings remove it.
	Implicit *parsers.SecurityGroup
	// ImplicitAttached says whether Implicit is attached: Yes, No
	// (removed), or Maybe when the option that decides it is not known
	// (Why says which).
	ImplicitAttached Answer
}

// ebGroups are the groups modelled for one environment.
type ebGroups struct {
	instance, lb Groups
}

// LoadBalancerType is the environment's load balancer as its settings
// decide it: "application", "network", "classic", "" for an environment
// without one (SingleInstance), or "unknown" when LoadBalancerType is absent
// (classic or application: sources disagree, DOMAIN.md §9) or not known.
func (q *Q) LoadBalancerType(env *parsers.Environment) string {
	s := q.Settings(env)
	if t, ok := s.Value(NSEnvironment, "EnvironmentType").Text(); ok && strings.EqualFold(strings.TrimSpace(t), "SingleInstance") {
		return ""
	}
	v := s.Value(NSEnvironment, "LoadBalancerType")
	if t, ok := v.Text(); ok && v.Kind == parsers.Known {
		switch t = strings.ToLower(strings.TrimSpace(t)); t {
		case "application", "network", "classic":
			return t
		}
	}
	return "unknown"
}

// ProcessPort is the port the instances serve the load balancer on:
// aws:elasticbeanstalk:environment:process:default Port, default 80
// (DOMAIN.md §5.3). Maybe when the setting is not a known number.
func (q *Q) ProcessPort(env *parsers.Environment) (int, Answer) {
	v := q.Settings(env).Value(NSProcess, "Port")
	if v.IsAbsent() {
		return defaultPort, answer(Yes)
	}
	if n, ok := portNumber(v); ok && n > 0 && n <= 65535 {
		return n, answer(Yes)
	}
	return defaultPort, answer(Maybe, "the process port (aws:elasticbeanstalk:environment:process:default Port) is "+v.Describe())
}

// InstanceGroups returns the security groups on env's instances:
// aws:autoscaling:launchconfiguration SecurityGroups, plus the instance
// group Elastic Beanstalk creates unless DisableDefaultEC2SecurityGroup is
// true. That group allows all egress and ingress on the process port from
// the load balancer's groups (DOMAIN.md §5.3).
func (q *Q) InstanceGroups(env *parsers.Environment) Groups { return q.eb(env).instance }

// LoadBalancerGroups returns the security groups on env's load balancer:
// the SecurityGroups of aws:elbv2:loadbalancer (application) or
// aws:elb:loadbalancer (classic; both when the type is unknown), plus the
// group Elastic Beanstalk creates unless ManagedSecurityGroup replaces it
// or DisableDefaultEC2SecurityGroup is true (the load balancer's groups
// are then mandatory: DOMAIN.md §5.3). That group admits TCP 80 from
// anywhere and sends the process port out. An environment without a load
// balancer, or with a network load balancer, has no groups.
func (q *Q) LoadBalancerGroups(env *parsers.Environment) Groups { return q.eb(env).lb }

func (q *Q) eb(env *parsers.Environment) *ebGroups {
	if g, ok := q.ebGroups[env]; ok {
		return g
	}
	s := q.Settings(env)
	g := &ebGroups{}
	q.ebGroups[env] = g
	port, _ := q.ProcessPort(env)
	loc := env.Loc

	disabled := s.Value(NSLaunch, "DisableDefaultEC2SecurityGroup")
	defaultOn := answer(Yes)
	if !disabled.IsAbsent() {
		switch on, known := disabled.Bool(); {
		case known && on:
			defaultOn = answer(No, "DisableDefaultEC2SecurityGroup is true")
		case !known:
			defaultOn = answer(Maybe, "aws:autoscaling:launchconfiguration DisableDefaultEC2SecurityGroup is "+disabled.Describe())
		}
	}

	lbType := q.LoadBalancerType(env)
	lb := Groups{}
	if lbType != "" && lbType != "network" {
		var managed parsers.Value
		for _, ns := range lbNamespaces(lbType) {
			lb.Configured = append(lb.Configured, elems(s.Value(ns, "SecurityGroups"))...)
			if m := s.Value(ns, "ManagedSecurityGroup"); !m.IsAbsent() {
				managed = m
				lb.Configured = append(lb.Configured, elems(m)...)
			}
		}
		lb.ImplicitAttached = defaultOn
		if !managed.IsAbsent() {
			lb.ImplicitAttached = answer(No, "ManagedSecurityGroup replaces it")
		}
		if lb.ImplicitAttached.Tri != No {
			lb.Implicit = &parsers.SecurityGroup{
				Resource: parsers.Resource{Key: parsers.EBGroupKey(env.Key, parsers.EBLoadBalancerGroup), Name: "the load balancer security group Elastic Beanstalk creates for " + env.Name, Type: "AWS::EC2::SecurityGroup", Loc: loc, Synthetic: true},
				Ingress:  []parsers.SGRule{tcpRule(80, parsers.Peer{CIDR: parsers.DefaultValue("0.0.0.0/0", loc)}, loc)},
				Egress:   []parsers.SGRule{tcpRule(port, parsers.Peer{CIDR: parsers.DefaultValue("0.0.0.0/0", loc)}, loc)},
			}
			addSourceRules(env, lb.Implicit, parsers.EBLoadBalancerGroup)
			q.implicit[lb.Implicit.Key] = lb.Implicit
			if lb.ImplicitAttached.Tri == Maybe {
				q.implicitDoubt[lb.Implicit.Key] = lb.ImplicitAttached.Reason()
			}
		}
	}
	lb.Values = withImplicit(lb.Configured, lb.Implicit)
	g.lb = lb

	inst := Groups{Configured: elems(s.Value(NSLaunch, "SecurityGroups")), ImplicitAttached: defaultOn}
	if defaultOn.Tri != No {
		inst.Implicit = &parsers.SecurityGroup{
			Resource: parsers.Resource{Key: parsers.EBGroupKey(env.Key, parsers.EBInstanceGroup), Name: "the instance security group Elastic Beanstalk creates for " + env.Name, Type: "AWS::EC2::SecurityGroup", Loc: loc, Synthetic: true},
			Egress:   []parsers.SGRule{{Protocol: parsers.DefaultValue(AllProtocols, loc), Peer: parsers.Peer{CIDR: parsers.DefaultValue("0.0.0.0/0", loc)}, Loc: loc}},
		}
		// EB adds ingress from the load balancer's groups: its own, or
		// those the settings give (DOMAIN.md §5.3).
		for _, v := range lb.Values {
			inst.Implicit.Ingress = append(inst.Implicit.Ingress, tcpRule(port, parsers.Peer{SecurityGroup: v}, loc))
		}
		addSourceRules(env, inst.Implicit, parsers.EBInstanceGroup)
		q.implicit[inst.Implicit.Key] = inst.Implicit
		if defaultOn.Tri == Maybe {
			q.implicitDoubt[inst.Implicit.Key] = defaultOn.Reason()
		}
	}
	inst.Values = withImplicit(inst.Configured, inst.Implicit)
	g.instance = inst
	return g
}

// addSourceRules adds to sg, the group Elastic Beanstalk creates for env
// under the resource name group, the rules the configuration files of
// env's application source add to it; a peer that is one of Elastic
// Beanstalk's groups becomes env's.
func addSourceRules(env *parsers.Environment, sg *parsers.SecurityGroup, group string) {
	if env.Source == nil {
		return
	}
	for _, r := range env.Source.GroupRules {
		if r.Group != group {
			continue
		}
		rule := r.Rule
		if p := rule.Peer.SecurityGroup; p.Kind == parsers.Ref {
			switch p.Target {
			case parsers.EBInstanceGroup:
				rule.Peer.SecurityGroup = parsers.RefTo(parsers.EBGroupKey(env.Key, parsers.EBInstanceGroup), "", p.Loc)
			case parsers.EBLoadBalancerGroup:
				rule.Peer.SecurityGroup = parsers.RefTo(parsers.EBGroupKey(env.Key, parsers.EBLoadBalancerGroup), "", p.Loc)
			}
		}
		if r.Egress {
			sg.Egress = append(sg.Egress, rule)
		} else {
			sg.Ingress = append(sg.Ingress, rule)
		}
	}
}

func lbNamespaces(lbType string) []string {
	switch lbType {
	case "application":
		return []string{NSALB}
	case "classic":
		return []string{NSCLB}
	}
	return []string{NSALB, NSCLB}
}

func tcpRule(port int, peer parsers.Peer, loc parsers.Location) parsers.SGRule {
	p := parsers.DefaultValue(strconv.Itoa(port), loc)
	return parsers.SGRule{Protocol: parsers.DefaultValue("tcp", loc), FromPort: p, ToPort: p, Peer: peer, Loc: loc}
}

func withImplicit(vs []parsers.Value, sg *parsers.SecurityGroup) []parsers.Value {
	out := append([]parsers.Value(nil), vs...)
	if sg != nil {
		out = append(out, parsers.RefTo(sg.Key, "", sg.Loc))
	}
	return out
}

// elems returns the elements of a comma-separated list setting, with the
// branches of undecided conditions.
func elems(v parsers.Value) []parsers.Value {
	var out []parsers.Value
	for _, el := range v.Elems() {
		alts, _ := Branches(el)
		for _, alt := range alts {
			out = append(out, alt.Elems()...)
		}
	}
	return out
}

// ListenerPort is the port the load balancer's default listener serves:
// 80 (RULES.md EB404). Maybe when the settings configure listeners
// (aws:elbv2:listener:*, aws:elb:listener*), which the linter does not
// model.
func (q *Q) ListenerPort(env *parsers.Environment) (int, Answer) {
	s := q.Settings(env)
	for _, ns := range []string{"aws:elbv2:listener", "aws:elb:listener"} {
		if s.HasNamespacePrefix(ns) {
			return defaultPort, answer(Maybe, "the settings configure the load balancer's listeners ("+ns+"…), which the linter does not read")
		}
	}
	return defaultPort, answer(Yes)
}
