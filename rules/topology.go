package rules

import (
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// Options of aws:ec2:vpc and aws:elasticbeanstalk:environment the topology
// rules read (DOMAIN.md §9).
const (
	vpcIDOption      = "VPCId"
	elbSubnetsOption = "ELBSubnets"
	elbSchemeOption  = "ELBScheme"
	publicIPOption   = "AssociatePublicIpAddress"
	envTypeOption    = "EnvironmentType"
	dbSubnetsOption  = "DBSubnets"
	singleInstance   = "SingleInstance"
)

// loadBalancer is what the settings say about an environment's load
// balancer.
type loadBalancer struct {
	// Balanced is Yes for a load-balanced environment, No for a single
	// instance, Maybe when EnvironmentType is not known.
	Balanced tri
	// Kind is query.LoadBalancerType's answer: "application", "network",
	// "classic" or "unknown"; a shared load balancer is "application".
	Kind string
	// Type is the LoadBalancerType setting as written.
	Type parsers.Value
}

func (a *analysis) loadBalancer(e *Env) loadBalancer {
	lb := loadBalancer{Balanced: yes, Kind: a.q.LoadBalancerType(e.Node), Type: e.Settings.Value(query.NSEnvironment, "LoadBalancerType")}
	switch t := e.Settings.Value(query.NSEnvironment, envTypeOption); {
	case t.IsAbsent():
	case t.Kind != parsers.Known:
		lb.Balanced = maybe
	case strings.EqualFold(strings.TrimSpace(t.Str), singleInstance):
		lb.Balanced = no
	}
	if shared, ok := e.Settings.Value(query.NSEnvironment, "LoadBalancerIsShared").Bool(); ok && shared {
		lb.Kind = "application"
	}
	return lb
}

// settingRef names an option setting for findings: the resource that
// declares it and its property.
func (a *analysis) settingRef(e *Env, o parsers.OptionSetting, namespace, name string) (resource, property string) {
	resource, property = a.ownerName(o), o.Value.Prop
	if resource == "" {
		resource = e.Name()
	}
	if property == "" {
		property = namespace + "/" + name
	}
	return resource, property
}

// settingOwner returns the environment or configuration template that
// declares setting o, else the environment.
func (a *analysis) settingOwner(e *Env, o parsers.OptionSetting) parsers.Node {
	if n := a.g.Node(o.Owner); n != nil {
		return n
	}
	return e.Node
}

// topologyNotes are the facts about e's load balancer the inputs do not
// decide: whether it has one (EnvironmentType), and its subnets when
// ELBSubnets is absent (what Elastic Beanstalk then picks is not
// documented: RULES.md EB102).
func (a *analysis) topologyNotes(e *Env) []envNote {
	var out []envNote
	o, _ := e.Settings.Get(query.NSEnvironment, envTypeOption)
	switch lb := a.loadBalancer(e); lb.Balanced {
	case maybe:
		resource, prop := a.settingRef(e, o, query.NSEnvironment, envTypeOption)
		out = append(out, envNote{fact: FactEnvironmentType, Unknown: Unknown{
			Loc: e.SettingLoc(o), Resource: resource, Property: prop, Subject: query.NSEnvironment + "/" + envTypeOption,
			What:   "whether environment " + e.Name() + " is load-balanced or a single instance is unknown: EnvironmentType is " + o.Value.Describe(),
			Decide: a.text(e.Node, decideEnvironmentType),
		}})
	case yes:
		if len(a.settingSubnets(e, elbSubnetsOption).All()) > 0 {
			break
		}
		out = append(out, envNote{fact: FactELBSubnets, Unknown: Unknown{
			Loc: e.Node.Loc, Resource: e.Name(), Property: query.NSVPC + "/" + elbSubnetsOption, Subject: query.NSVPC + "/" + elbSubnetsOption,
			What: "environment " + e.Name() + " is load-balanced but sets no aws:ec2:vpc ELBSubnets, and which subnets Elastic Beanstalk then gives its load balancer " +
				"is not documented, so the load balancer's subnets (their Availability Zones and internet access) are unknown",
			Decide: "Set aws:ec2:vpc ELBSubnets to the load balancer's subnets: two private subnets in different Availability Zones for an internal load balancer (ELBScheme internal), two public ones for an internet-facing one",
		}})
	}
	return out
}

// missingSubnets is the note EB101 and EB102 share about ELB subnets that
// are not in the linted inputs.
func (a *analysis) missingSubnets(e *Env, l subnetList, missing []*Subnet) Unknown {
	resource, prop := a.settingRef(e, l.Setting, query.NSVPC, l.Setting.Name)
	why := describeMissingSubnets(missing)
	return Unknown{
		Loc: e.SettingLoc(l.Setting), Resource: resource, Property: prop, Subject: query.NSVPC + "/" + l.Setting.Name,
		What:   "the " + l.Setting.Name + " of environment " + e.Name() + " are not in the linted inputs (" + why + ")",
		Decide: a.decideText(e.Node, decideNetwork, why),
	}
}

// describeMissingSubnets says why subnet elements are not subnets of the
// inputs.
func describeMissingSubnets(ss []*Subnet) string {
	var parts []string
	for _, s := range ss {
		if s.Value.Kind == parsers.Unknown {
			parts = append(parts, s.Name+" "+s.Reason)
		} else {
			parts = append(parts, s.Reason)
		}
	}
	return strings.Join(query.Uniq(parts), "; ")
}
