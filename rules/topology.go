package rules

import (
	"fmt"
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

// LoadBalancerZones is EB101.
var LoadBalancerZones = &Rule{
	ID:       "EB101",
	Name:     "LoadBalancerAvailabilityZones",
	Severity: Error,
	Title:    "Load balancer or instance subnets do not span the Availability Zones required",
	Tags:     []string{"topology", "load-balancer", "availability-zone"},
	Needs:    []Fact{FactSubnets, FactEnvironmentType, FactELBSubnets},
	Check:    checkLoadBalancerZones,
	Doc: doc(`Checks the Availability Zones of a load-balanced Elastic Beanstalk environment's subnets
(´aws:ec2:vpc ELBSubnets´ and ´Subnets´). It fires as an **error** when the load balancer cannot be
created:

- an Application Load Balancer (´LoadBalancerType´ ´application´, or a shared load balancer)
  whose ELB subnets are in fewer than two Availability Zones: AWS requires two;
- any load balancer given two ELB subnets in one Availability Zone: a load balancer takes at
  most one subnet per zone.

It fires as a **warning** when the environment can be created but an outage of one zone stops
it: a classic or network load balancer whose subnets are in one zone, or instance subnets that are
all in one zone. Without ´LoadBalancerType´ the load balancer is classic or application (sources
disagree, DOMAIN.md §9), so ELB subnets in one zone are a warning, not an error. Single-instance
environments have no load balancer and need one subnet.

Zones are compared by what the inputs say: literal zone names (´us-east-1a´,
´availability_zone´), zone IDs (´use1-az1´, ´availability_zone_id´), or ´Fn::Select [i,
Fn::GetAZs …]´ within one template (distinct indexes are distinct zones, equal indexes the same
zone, whatever the region). A zone name and a zone ID never compare: names map to different
physical zones in each account. When the inputs do not decide the answer (a subnet without a
zone, a name against an ID, a subnet list from a parameter or another stack), EB901 reports a
note instead. When ´ELBSubnets´ is not set, which subnets Elastic Beanstalk gives the load balancer
is not documented: EB901 reports a note.

## Why it breaks a private environment

Creating the load balancer fails ("At least two subnets in two different Availability Zones must
be specified", "A load balancer cannot be attached to multiple subnets in the same Availability
Zone") and so does the environment [elbv2-api]. A private environment needs two private subnets in
two zones for its instances and for its internal load balancer [kc].

## Failing example

~~~yaml
- Namespace: aws:elasticbeanstalk:environment
  OptionName: LoadBalancerType
  Value: application
- Namespace: aws:ec2:vpc
  OptionName: ELBSubnets
  Value: !Ref PrivateA        # EB101: an ALB needs subnets in two Availability Zones
~~~

## Fix

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: ELBSubnets
  Value: !Join [",", [!Ref PrivateA, !Ref PrivateB]]   # PrivateB in another zone
~~~

~~~hcl
setting {
  namespace = "aws:ec2:vpc"
  name      = "ELBSubnets"
  value     = join(",", [aws_subnet.private_a.id, aws_subnet.private_b.id])
}
~~~

## Sources

DOMAIN.md §1.1 ("AZ limits"), §9 (´LoadBalancerType´), §10, §11.2 (´Fn::GetAZs´): [elbv2-api]
[eb-opts] [eb-ec2-cli] [cfn-getazs] [kc].
https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html`),
}

// InternetFacingLoadBalancer is EB102.
var InternetFacingLoadBalancer = &Rule{
	ID:       "EB102",
	Name:     "InternetFacingLoadBalancerInPrivateSubnets",
	Severity: Error,
	Title:    "Internet-facing load balancer in subnets without an internet gateway route",
	Tags:     []string{"topology", "load-balancer", "routing"},
	Needs:    []Fact{FactEnvironmentType, FactELBSubnets},
	Check:    checkLoadBalancerScheme,
	Doc: doc(`Fires when a load-balanced Elastic Beanstalk environment's ´aws:ec2:vpc ELBScheme´ is
not ´internal´ (absent means ´public´, and values other than ´internal´ are taken as ´public´)
while its ELB subnets (´ELBSubnets´) are not public: their route table has no route to an internet
gateway (isolated, transit or NAT posture). The finding points at ´ELBSubnets´ and names the
subnets. When ´ELBSubnets´ is not set, which subnets Elastic Beanstalk picks is not documented:
EB901 reports a note instead. So does a subnet whose route table (or whose existence) the linted
inputs do not show.

## Why it breaks a private environment

An internet-facing load balancer gets public addresses and is meant to be reached from the
internet, which needs a route to an internet gateway in its subnets [vpc-subnets]. In a VPC without
an internet gateway, creating it fails; in private subnets of a VPC with one, it is created but
nothing from the internet reaches it (inference). A private environment's load balancer is
´internal´ in private subnets [kc]; a public one belongs in public subnets.

## Failing example

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: ELBSubnets
  Value: !Join [",", [!Ref PrivateA, !Ref PrivateB]]   # EB102: ELBScheme not set (public)
~~~

## Fix

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: ELBScheme
  Value: internal
~~~

~~~hcl
setting {
  namespace = "aws:ec2:vpc"
  name      = "ELBScheme"
  value     = "internal"
}
~~~

Or, for a load balancer reachable from the internet, list public subnets in ´ELBSubnets´.

## Sources

DOMAIN.md §1.1 (the KC settings), §1.2 (postures), §9 (´ELBScheme´, ´ELBSubnets´): [kc] [eb-opts]
[vpc-subnets].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html`),
}

// PublicIPInPrivateSubnets is EB103.
var PublicIPInPrivateSubnets = &Rule{
	ID:       "EB103",
	Name:     "PublicIPInPrivateSubnets",
	Severity: Warning,
	Title:    "AssociatePublicIpAddress is true for instances in private subnets",
	Tags:     []string{"topology", "instances", "routing"},
	Needs:    []Fact{FactSubnets, FactPosture},
	Check:    checkPublicIP,
	Doc: doc(`Fires when ´aws:ec2:vpc AssociatePublicIpAddress´ is ´true´ for an Elastic Beanstalk
environment whose instance subnets (´Subnets´) are not public: their route table has no route to an
internet gateway (isolated, transit or NAT posture). The finding points at the setting and names
the subnets. Single-instance environments are left to EB104: the option has no effect there.

## Why it breaks a private environment

A public address is of no use without a route to an internet gateway: the instances still reach
nothing outside the VPC through it and nothing reaches them. The setting belongs to public
designs; a fully private environment sets it to ´false´ [kc] [eb-opts]. It usually means the
environment was written for public subnets and moved, so check what else assumes internet access.

## Failing example

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: AssociatePublicIpAddress
  Value: true            # EB103: the instance subnets have no internet gateway route
~~~

## Fix

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: AssociatePublicIpAddress
  Value: "false"
~~~

~~~hcl
setting {
  namespace = "aws:ec2:vpc"
  name      = "AssociatePublicIpAddress"
  value     = "false"
}
~~~

## Sources

DOMAIN.md §1.1 (the KC settings), §1.2 (postures), §9: [kc] [eb-opts] [asg-api] [vpc-subnets].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html`),
}

// SingleInstancePrivate is EB104.
var SingleInstancePrivate = &Rule{
	ID:       "EB104",
	Name:     "SingleInstanceInPrivateSubnets",
	Severity: Error,
	Title:    "Single-instance environment in subnets without an internet gateway route",
	Tags:     []string{"topology", "instances", "routing"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEnvironmentType},
	Check:    checkSingleInstance,
	Doc: doc(`Fires when an Elastic Beanstalk environment's effective ´aws:elasticbeanstalk:environment
EnvironmentType´ is ´SingleInstance´ (set on the environment, or inherited from its configuration
template) and its instance subnets (´aws:ec2:vpc Subnets´) are not public: their route table has
no route to an internet gateway (isolated, transit or NAT posture). The finding points at the
´EnvironmentType´ setting, in the configuration template when it comes from there.

## Why it breaks a private environment

Elastic Beanstalk always gives a single-instance environment an Elastic IP address, whatever
´AssociatePublicIpAddress´ says [eb-opts] [eb-vpc]. Without an internet gateway that fails:
"Network vpc-… is not attached to any internet gateway" [gh-dc-269]. A single-instance
environment cannot be fully private; a private environment is load-balanced with an internal
load balancer.

## Failing example

~~~yaml
- Namespace: aws:elasticbeanstalk:environment
  OptionName: EnvironmentType
  Value: SingleInstance      # EB104: the instance subnets are private
~~~

## Fix

~~~yaml
- Namespace: aws:elasticbeanstalk:environment
  OptionName: EnvironmentType
  Value: LoadBalanced
- Namespace: aws:ec2:vpc
  OptionName: ELBScheme
  Value: internal
- Namespace: aws:ec2:vpc
  OptionName: ELBSubnets
  Value: !Join [",", [!Ref PrivateA, !Ref PrivateB]]
~~~

~~~hcl
setting {
  namespace = "aws:elasticbeanstalk:environment"
  name      = "EnvironmentType"
  value     = "LoadBalanced"
}
setting {
  namespace = "aws:ec2:vpc"
  name      = "ELBScheme"
  value     = "internal"
}
~~~

Or run the single instance in a public subnet.

## Sources

DOMAIN.md §1.1 (single instance), §9, §10: [eb-opts] [eb-vpc] [gh-dc-269] [gh-roadmap-47].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html`),
}

// VPCMismatch is EB105.
var VPCMismatch = &Rule{
	ID:       "EB105",
	Name:     "VPCMismatch",
	Severity: Error,
	Title:    "VPCId and the subnets, security groups or endpoints the environment uses disagree",
	Tags:     []string{"topology", "vpc"},
	Needs:    []Fact{FactVPC},
	Check:    checkVPCConsistency,
	Doc: doc(`Fires when an Elastic Beanstalk environment's ´aws:ec2:vpc´ settings do not name one VPC:

- ´VPCId´ is set without ´Subnets´, or ´Subnets´ without ´VPCId´;
- a subnet the environment lists (´Subnets´, ´ELBSubnets´, ´DBSubnets´) belongs to a VPC other
  than ´VPCId´ (one finding per setting);
- a security group it lists (´aws:autoscaling:launchconfiguration SecurityGroups´, the load
  balancer's ´SecurityGroups´ / ´ManagedSecurityGroup´) belongs to another VPC;
- a subnet, security group or route table of an endpoint the environment relies on (an endpoint
  of a required service, see EB301, or of S3 in ´VPCId´'s VPC) belongs to another VPC.

An endpoint whose ´VpcId´ is another VPC is not the environment's at all: EB301 and EB302 name it.
Values the inputs do not resolve (parameters, imports, IDs of resources outside the inputs) are
not compared.

## Why it breaks a private environment

Elastic Beanstalk places the instances with ´VPCId´ and ´Subnets´ together ("we have to specify
VPC id and subnets" [gh-ebcli-40]); without ´VPCId´ it uses the default VPC, and fails with "No
default VPC for this user" where there is none [gh-wwama-11]. Subnets and security groups of
another VPC cannot be used together with ´VPCId´: creating the environment's Auto Scaling group,
load balancer or security group rules fails, and the endpoints the rules check (EB2xx–EB6xx) are
looked up in the wrong VPC. An endpoint's subnets and security groups must be in the endpoint's VPC.

## Failing example

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: VPCId
  Value: !Ref OtherVpc
- Namespace: aws:ec2:vpc
  OptionName: Subnets
  Value: !Join [",", [!Ref PrivateA, !Ref PrivateB]]   # EB105: subnets of Vpc
~~~

## Fix

~~~yaml
- Namespace: aws:ec2:vpc
  OptionName: VPCId
  Value: !Ref Vpc
~~~

~~~hcl
setting {
  namespace = "aws:ec2:vpc"
  name      = "VPCId"
  value     = aws_vpc.main.id
}
~~~

## Sources

DOMAIN.md §9 (´VPCId´), §6 (endpoint ´VpcId´), §10: [eb-opts] [gh-ebcli-40] [gh-wwama-11].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html`),
}

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
			Loc: e.settingLoc(o), Resource: resource, Property: prop, Subject: query.NSEnvironment + "/" + envTypeOption,
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
	return Unknown{
		Loc: e.settingLoc(l.Setting), Resource: resource, Property: prop, Subject: query.NSVPC + "/" + l.Setting.Name,
		What:   "the " + l.Setting.Name + " of environment " + e.Name() + " are not in the linted inputs (" + describeMissingSubnets(missing) + ")",
		Decide: a.text(e.Node, decideNetwork),
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
	return strings.Join(uniq(parts), "; ")
}

// checkLoadBalancerZones reports EB101.
func checkLoadBalancerZones(p *Pass) {
	for _, e := range p.Environments() {
		lb := p.a.loadBalancer(e)
		if lb.Balanced != yes {
			continue // a single instance needs one subnet; undecided: EB901 (FactEnvironmentType)
		}
		// Without ELBSubnets the load balancer's subnets are unknown: EB901
		// (FactELBSubnets).
		if elb := p.a.settingSubnets(e, elbSubnetsOption); len(elb.All()) > 0 {
			checkELBZones(p, e, lb, elb)
		}
		if e.hasSubnets {
			checkInstanceZones(p, e)
		}
	}
}

// checkELBZones checks the load balancer's subnets: at most one per zone
// (an error), and two zones for an Application Load Balancer (an error)
// or for any other (a warning). One finding names every reason, at the
// most severe level.
func checkELBZones(p *Pass, e *Env, lb loadBalancer, elb subnetList) {
	z := p.a.zones(elb)
	resource, prop := p.a.settingRef(e, elb.Setting, query.NSVPC, elbSubnetsOption)
	loc := e.settingLoc(elb.Setting)
	owner := p.a.settingOwner(e, elb.Setting)
	var sev Severity
	var reasons []string
	keep := elb.Definite
	if len(z.Shared) > 0 {
		sev = Error
		var groups []string
		dropped := map[*Subnet]bool{}
		for _, g := range z.Shared {
			groups = append(groups, fmt.Sprintf("%s are in %s", subnetNames(g), p.a.zoneOf(g[0])))
			for _, s := range g[1:] {
				dropped[s] = true
			}
		}
		keep = nil
		for _, s := range elb.Definite {
			if !dropped[s] {
				keep = append(keep, s)
			}
		}
		reasons = append(reasons, fmt.Sprintf("ELBSubnets lists subnets that share an Availability Zone (%s), and a load balancer takes at most one subnet per zone: "+
			"creating it fails with \"A load balancer cannot be attached to multiple subnets in the same Availability Zone\"", strings.Join(groups, "; ")))
	}
	if z.single() {
		what := "only " + p.a.withZones(elb.Definite)
		if z.Count > 1 {
			what = p.a.withZones(elb.Definite) + ", all in one zone"
		}
		switch lb.Kind {
		case "application":
			sev = Error
			reasons = append(reasons, "ELBSubnets spans one Availability Zone ("+what+"), and an Application Load Balancer needs subnets in at least two: "+
				"creating it fails with \"At least two subnets in two different Availability Zones must be specified\"")
		case "unknown":
			sev = max(sev, Warning)
			state := "is not set"
			if !lb.Type.IsAbsent() {
				state = "is " + lb.Type.Describe()
			}
			reasons = append(reasons, "ELBSubnets spans one Availability Zone ("+what+"), and LoadBalancerType "+state+", so the load balancer is classic or application (sources disagree): "+
				"an Application Load Balancer could not be created (it needs two zones), and a classic one stops the environment when that zone fails")
		default:
			sev = max(sev, Warning)
			reasons = append(reasons, "ELBSubnets spans one Availability Zone ("+what+"): the "+lb.Kind+" load balancer can be created, but it stops the environment when that zone fails")
		}
	}
	switch {
	case len(reasons) > 0:
		lead := "The load balancer of environment %s cannot be created: "
		if sev < Error {
			lead = "The load balancer of environment %s depends on one Availability Zone: "
		}
		p.Report(Finding{
			Severity: sev,
			Message: fmt.Sprintf(lead+"%s. List one subnet per Availability Zone in ELBSubnets, in at least two zones.",
				e.Name(), strings.Join(reasons, "; also, ")),
			Loc: loc, Environment: e.Name(), Resource: resource, Property: prop, Subject: "ELBSubnets Availability Zones",
			Related: []Related{{Loc: e.Node.Loc, Message: "environment " + e.Name()}},
		}, p.a.elbSubnetsFix(e, owner, keep), owner, e.Node)
	case z.Distinct && z.Count >= 2:
	default:
		if len(z.Missing) > 0 {
			p.Unverified(e, p.a.missingSubnets(e, elb, z.Missing), owner)
		}
		if len(z.Why) > 0 {
			p.Unverified(e, Unknown{
				Loc: loc, Resource: resource, Property: prop, Subject: "ELBSubnets Availability Zones",
				What:   fmt.Sprintf("whether the load balancer subnets of environment %s lie in two Availability Zones, one subnet each, is unknown (%s)", e.Name(), strings.Join(z.Why, "; ")),
				Decide: p.text(e.Node, decideZones),
			}, owner)
		}
	}
}

// checkInstanceZones warns when a load-balanced environment's instance
// subnets are all in one zone.
func checkInstanceZones(p *Pass, e *Env) {
	l := p.a.settingSubnets(e, subnetsOption)
	z := p.a.zones(l)
	owner := p.a.settingOwner(e, l.Setting)
	switch {
	case z.single():
		what := "only " + p.a.withZones(l.Definite) + ", one subnet"
		if z.Count > 1 {
			what = p.a.withZones(l.Definite) + ", all in one zone"
		}
		p.Report(Finding{
			Severity: Warning,
			Message: fmt.Sprintf("The instance subnets of load-balanced environment %s span one Availability Zone: Subnets lists %s. Auto Scaling launches the instances only there, so an outage of that zone stops the environment. "+
				"Add a subnet in a second Availability Zone to Subnets.", e.Name(), what),
			Loc: e.SubnetsLoc(), Environment: e.Name(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: "instance subnets in two Availability Zones",
		}, p.a.addZoneFix(e, owner, subnetsOption, l.Definite), owner, e.Node)
	case z.Min >= 2:
	default:
		if len(z.Missing) > 0 {
			// The posture note names these subnets already: have it name
			// EB101 too.
			for _, n := range e.notes {
				if n.fact == FactPosture {
					p.Unverified(e, n.Unknown, owner)
				}
			}
		}
		if len(z.Why) > 0 {
			p.Unverified(e, Unknown{
				Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: "Subnets Availability Zones",
				What:   fmt.Sprintf("whether the instance subnets of environment %s lie in two Availability Zones is unknown (%s)", e.Name(), strings.Join(z.Why, "; ")),
				Decide: p.text(e.Node, decideZones),
			}, owner)
		}
	}
}

// checkLoadBalancerScheme reports EB102.
func checkLoadBalancerScheme(p *Pass) {
	for _, e := range p.Environments() {
		if p.a.loadBalancer(e).Balanced != yes {
			continue
		}
		scheme := e.Settings.Value(query.NSVPC, elbSchemeOption)
		if t, ok := scheme.Text(); ok && scheme.Kind == parsers.Known && strings.EqualFold(strings.TrimSpace(t), "internal") {
			continue
		}
		elb := p.a.settingSubnets(e, elbSubnetsOption)
		if len(elb.All()) == 0 {
			continue // EB901 (FactELBSubnets)
		}
		resource, prop := p.a.settingRef(e, elb.Setting, query.NSVPC, elbSubnetsOption)
		loc := e.settingLoc(elb.Setting)
		owner := p.a.settingOwner(e, elb.Setting)
		var private, undecided, missing []*Subnet
		var why []string
		optional := map[*Subnet]bool{}
		for _, s := range elb.Optional {
			optional[s] = true
		}
		for _, s := range elb.All() {
			switch {
			case s.Node == nil:
				missing = append(missing, s)
			case s.Posture == PostureUnknown:
				undecided = append(undecided, s)
				why = append(why, s.Name+": "+s.Reason)
			case s.Posture == Public:
			case optional[s]:
				undecided = append(undecided, s)
				why = append(why, s.Name+" has no route to an internet gateway, and ELBSubnets lists it only under "+query.CondList(elb.Conds))
			default:
				private = append(private, s)
			}
		}
		if len(missing) > 0 {
			p.Unverified(e, p.a.missingSubnets(e, elb, missing), owner)
		}
		if len(private) == 0 && len(undecided) == 0 {
			continue
		}
		if scheme.Kind != parsers.Absent && scheme.Kind != parsers.Known {
			p.Unverified(e, Unknown{
				Loc: locOr(scheme.Loc, loc), Resource: resource, Property: scheme.Prop, Subject: query.NSVPC + "/" + elbSchemeOption,
				What:   fmt.Sprintf("whether the load balancer of environment %s is internal is unknown: ELBScheme is %s, and its subnets %s have no route to an internet gateway", e.Name(), scheme.Describe(), subnetNames(append(private, undecided...))),
				Decide: p.text(e.Node, decideScheme),
			}, owner)
			continue
		}
		if len(undecided) > 0 {
			p.Unverified(e, Unknown{
				Loc: loc, Resource: resource, Property: prop, Subject: "ELBSubnets posture",
				What:   fmt.Sprintf("whether the internet-facing load balancer of environment %s sits in public subnets is unknown (%s)", e.Name(), strings.Join(why, "; ")),
				Decide: p.text(e.Node, decideNetwork),
			}, owner)
		}
		if len(private) == 0 {
			continue
		}
		state := "ELBScheme is not set, and the default is public"
		if !scheme.IsAbsent() {
			state = "ELBScheme is " + scheme.Describe() + ", and anything but internal is public"
		}
		p.Report(Finding{
			Message: fmt.Sprintf("The load balancer of environment %s is internet-facing (%s), but ELBSubnets lists %s, with no route to an internet gateway. "+
				"An internet-facing load balancer there is unreachable from the internet, and in a VPC without an internet gateway it cannot be created at all, so the environment fails. "+
				"Set ELBScheme to internal for a private environment, or list public subnets in ELBSubnets.",
				e.Name(), state, describeSubnets(private)),
			Loc: loc, Environment: e.Name(), Resource: resource, Property: prop, Subject: "internal load balancer",
			Related: []Related{{Loc: locOr(scheme.Loc, e.Node.Loc), Message: "ELBScheme of environment " + e.Name()}},
		}, p.a.schemeFix(e), owner, e.Node)
	}
}

// checkPublicIP reports EB103.
func checkPublicIP(p *Pass) {
	for _, e := range p.Environments() {
		o, ok := e.Settings.Get(query.NSVPC, publicIPOption)
		if !ok || p.a.loadBalancer(e).Balanced == no {
			continue // EB104 covers single instances, where the option has no effect
		}
		private := nonPublic(e.Subnets)
		if len(private) == 0 {
			continue // public, or unknown: EB901 (FactPosture)
		}
		on, known := o.Value.Bool()
		if known && !on {
			continue
		}
		resource, prop := p.a.settingRef(e, o, query.NSVPC, publicIPOption)
		owner := p.a.settingOwner(e, o)
		if !known {
			p.Unverified(e, Unknown{
				Loc: e.settingLoc(o), Resource: resource, Property: prop, Subject: query.NSVPC + "/" + publicIPOption,
				What:   fmt.Sprintf("whether environment %s asks for public IP addresses in its private subnets %s is unknown: AssociatePublicIpAddress is %s", e.Name(), subnetNames(private), o.Value.Describe()),
				Decide: p.text(e.Node, decidePublicIP),
			}, owner)
			continue
		}
		p.Report(Finding{
			Message: fmt.Sprintf("AssociatePublicIpAddress is %s for environment %s, but its instance subnets %s have no route to an internet gateway: a public IP address there reaches nothing outside the VPC and nothing reaches the instances through it. "+
				"The setting belongs to public designs, and a fully private environment sets it to false; check what else assumes internet access. Set AssociatePublicIpAddress to false, or place the instances in public subnets.",
				o.Value.Redact("true"), e.Name(), describeSubnets(private)),
			Loc: e.settingLoc(o), Environment: e.Name(), Resource: resource, Property: prop, Subject: "public IP address",
			Related: []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
		}, settingsFix(owner, scopeOf(owner), settingEdit{namespace: query.NSVPC, name: publicIPOption, cfn: `"false"`, tf: `"false"`}), owner, e.Node)
	}
}

// nonPublic returns the subnets known to have no route to an internet
// gateway.
func nonPublic(subnets []*Subnet) []*Subnet {
	var out []*Subnet
	for _, s := range subnets {
		if s.Posture != Public && s.Posture != PostureUnknown {
			out = append(out, s)
		}
	}
	return out
}

// checkSingleInstance reports EB104.
func checkSingleInstance(p *Pass) {
	for _, e := range p.Environments() {
		if p.a.loadBalancer(e).Balanced != no {
			continue
		}
		private := nonPublic(e.Subnets)
		if len(private) == 0 {
			continue // public, or unknown: EB901 (FactPosture)
		}
		o, _ := e.Settings.Get(query.NSEnvironment, envTypeOption)
		resource, prop := p.a.settingRef(e, o, query.NSEnvironment, envTypeOption)
		owner := p.a.settingOwner(e, o)
		from := ""
		if resource != e.Name() {
			from = ", set by configuration template " + resource
		}
		p.Report(Finding{
			Message: fmt.Sprintf("Environment %s is a single instance (EnvironmentType SingleInstance%s), and Elastic Beanstalk always gives a single instance an Elastic IP address, whatever AssociatePublicIpAddress says. "+
				"Its instance subnets %s have no route to an internet gateway, so attaching the Elastic IP fails (\"Network vpc-… is not attached to any internet gateway\") or leaves the instance unreachable, and the environment cannot be fully private. "+
				"Make it load-balanced with an internal load balancer (EnvironmentType LoadBalanced, ELBScheme internal), or run it in a public subnet.",
				e.Name(), from, describeSubnets(private)),
			Loc: e.settingLoc(o), Environment: e.Name(), Resource: resource, Property: prop, Subject: "single instance",
			Related: []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
		}, p.a.loadBalancedFix(e, owner, private), owner, e.Node)
	}
}

// checkVPCConsistency reports EB105.
func checkVPCConsistency(p *Pass) {
	for _, e := range p.Environments() {
		vpcSetting, hasVPC := e.Settings.Get(query.NSVPC, vpcIDOption)
		switch {
		case hasVPC && !e.hasSubnets:
			resource, prop := p.a.settingRef(e, vpcSetting, query.NSVPC, vpcIDOption)
			owner := p.a.settingOwner(e, vpcSetting)
			p.Report(Finding{
				Message: fmt.Sprintf("Environment %s sets aws:ec2:vpc VPCId but not Subnets. Elastic Beanstalk needs both to place the instances in the VPC, so the environment cannot be launched there. "+
					"Set Subnets to the instance subnets of that VPC (two private subnets in different Availability Zones for a private environment).", e.Name()),
				Loc: e.settingLoc(vpcSetting), Environment: e.Name(), Resource: resource, Property: prop, Subject: "Subnets",
			}, p.a.subnetsFix(e, owner), owner, e.Node)
		case !hasVPC && e.hasSubnets:
			owner := p.a.settingOwner(e, e.subnetsSetting)
			p.Report(Finding{
				Message: fmt.Sprintf("Environment %s sets aws:ec2:vpc Subnets but not VPCId. Without VPCId Elastic Beanstalk works in the account's default VPC, where these subnets are not, and fails with \"No default VPC for this user\" where there is none. "+
					"Set VPCId to the VPC of the subnets.", e.Name()),
				Loc: e.SubnetsLoc(), Environment: e.Name(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: "VPCId",
			}, p.a.vpcIDFix(e, owner, vpcOfSubnets(p.a, e.Subnets)), owner, e.Node)
		}
		if !hasVPC {
			continue
		}
		vpcName := query.DisplayName(e.VPCValue)
		if e.VPC != nil {
			vpcName = e.VPC.Name
		}
		for _, name := range []string{subnetsOption, elbSubnetsOption, dbSubnetsOption} {
			l := p.a.settingSubnets(e, name)
			var other []*Subnet
			for _, s := range l.All() {
				if s.Node != nil && p.a.q.SameNode(s.Node.VPC, e.VPCValue, vpcNode(e)) == no {
					other = append(other, s)
				}
			}
			if len(other) == 0 {
				continue
			}
			resource, prop := p.a.settingRef(e, l.Setting, query.NSVPC, name)
			owner := p.a.settingOwner(e, l.Setting)
			theirs := vpcOfSubnets(p.a, other)
			p.Report(Finding{
				Message: fmt.Sprintf("VPCId of environment %s names %s, but %s lists %s, of %s. Elastic Beanstalk cannot use subnets of another VPC than VPCId: creating the environment fails, "+
					"and the rules that check endpoints look in the wrong VPC. Set VPCId to the VPC of the subnets, or list subnets of %s.",
					e.Name(), vpcName, name, subnetNames(other), describeVPCs(p.a, other), vpcName),
				Loc: e.settingLoc(l.Setting), Environment: e.Name(), Resource: resource, Property: prop, Subject: name + " VPC",
				Related: []Related{{Loc: e.settingLoc(vpcSetting), Message: "VPCId of environment " + e.Name()}},
			}, p.a.vpcIDFix(e, p.a.settingOwner(e, vpcSetting), theirs), owner, e.Node)
		}
		checkGroupVPCs(p, e, vpcSetting, vpcName)
		checkEndpointVPCs(p, e, vpcName)
	}
}

// groupSettings are the options that list security groups of an
// environment's instances and load balancer.
var groupSettings = [][2]string{
	{query.NSLaunch, "SecurityGroups"},
	{query.NSALB, "SecurityGroups"},
	{query.NSALB, "ManagedSecurityGroup"},
	{query.NSCLB, "SecurityGroups"},
	{query.NSCLB, "ManagedSecurityGroup"},
}

// checkGroupVPCs reports security groups of the environment's settings
// that belong to another VPC than VPCId.
func checkGroupVPCs(p *Pass, e *Env, vpcSetting parsers.OptionSetting, vpcName string) {
	for _, gs := range groupSettings {
		o, ok := e.Settings.Get(gs[0], gs[1])
		if !ok {
			continue
		}
		names := p.a.inOtherVPC(e, o.Value.Elems())
		if len(names) == 0 {
			continue
		}
		resource, prop := p.a.settingRef(e, o, gs[0], gs[1])
		p.Report(Finding{
			Message: fmt.Sprintf("VPCId of environment %s names %s, but %s %s lists security groups of another VPC: %s. A security group can only be attached in its own VPC, so creating the environment fails. "+
				"List security groups of %s.", e.Name(), vpcName, gs[0], gs[1], strings.Join(names, ", "), vpcName),
			Loc: e.settingLoc(o), Environment: e.Name(), Resource: resource, Property: prop, Subject: gs[0] + "/" + gs[1] + " VPC",
			Related: []Related{{Loc: e.settingLoc(vpcSetting), Message: "VPCId of environment " + e.Name()}},
		}, Fix{}, p.a.settingOwner(e, o), e.Node)
	}
}

// checkEndpointVPCs reports endpoints of the environment's VPC, of the
// services it requires, whose subnets, security groups or route tables
// belong to another VPC.
func checkEndpointVPCs(p *Pass, e *Env, vpcName string) {
	if len(e.Required()) == 0 {
		return
	}
	services := []string{"s3"}
	for _, req := range e.Required() {
		services = append(services, req.Service)
	}
	seen := map[*Endpoint]bool{}
	for _, svc := range services {
		for _, ep := range p.Endpoints(e, svc).Candidates() {
			if seen[ep] {
				continue
			}
			seen[ep] = true
			for _, part := range []struct {
				values []parsers.Value
				prop   string
				what   string
			}{
				{ep.Node.Subnets, ep.Node.SubnetsProp, "subnets"},
				{ep.Node.SecurityGroups, ep.Node.SecurityGroupsProp, "security groups"},
				{ep.Node.RouteTables, ep.Node.RouteTablesProp, "route tables"},
			} {
				names := p.a.inOtherVPC(e, part.values)
				if len(names) == 0 {
					continue
				}
				prop := part.prop
				p.Report(Finding{
					Message: fmt.Sprintf("Endpoint %s, which environment %s relies on in %s (VPCId), lists %s of another VPC: %s. An endpoint's %s must be in its own VPC, so creating the endpoint fails and the environment's instances cannot reach %s. "+
						"List %s of %s.", ep.Name(), e.Name(), vpcName, part.what, strings.Join(names, ", "), part.what, endpointName(e.Region, svc), part.what, vpcName),
					Loc: valueLoc(part.values, ep.Node.Loc), Environment: e.Name(), Resource: ep.Name(), Property: prop, Subject: prop + " VPC",
					Related: []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
				}, Fix{}, ep.Node, e.Node)
			}
		}
	}
}

// inOtherVPC names the subnets, security groups and route tables among vs
// that belong to a VPC other than e's VPCId: "Name (VPC Other)". Values
// that are not such nodes of the inputs, and the groups and tables AWS
// creates, are left out.
func (a *analysis) inOtherVPC(e *Env, vs []parsers.Value) []string {
	var out []string
	for _, v := range vs {
		n, ok := a.g.Lookup(v)
		if !ok || n.Base().Synthetic {
			continue
		}
		var vpc parsers.Value
		switch n := n.(type) {
		case *parsers.Subnet:
			vpc = n.VPC
		case *parsers.SecurityGroup:
			vpc = n.VPC
		case *parsers.RouteTable:
			vpc = n.VPC
		default:
			continue
		}
		if a.q.SameNode(vpc, e.VPCValue, vpcNode(e)) == no {
			out = append(out, n.Base().Name+" (VPC "+query.DisplayName(vpc)+")")
		}
	}
	return out
}

// vpcOfSubnets returns the one VPC node all the subnets of the inputs
// among subnets belong to, or nil.
func vpcOfSubnets(a *analysis, subnets []*Subnet) *parsers.VPC {
	var out *parsers.VPC
	for _, s := range subnets {
		if s.Node == nil {
			continue
		}
		vpc, ok := parsers.LookupAs[*parsers.VPC](a.g, s.Node.VPC)
		if !ok || out != nil && out != vpc {
			return nil
		}
		out = vpc
	}
	return out
}

// describeVPCs names the VPCs of subnets: "VPC Vpc", "VPCs A, B".
func describeVPCs(a *analysis, subnets []*Subnet) string {
	var names []string
	for _, s := range subnets {
		names = append(names, query.DisplayName(s.Node.VPC))
	}
	names = uniq(names)
	if len(names) == 1 {
		return "VPC " + names[0]
	}
	return "VPCs " + strings.Join(names, ", ")
}

// elbSubnetsFix sets ELBSubnets to subnets (one per zone), adding a
// subnet of another zone when that leaves one.
func (a *analysis) elbSubnetsFix(e *Env, owner parsers.Node, subnets []*Subnet) Fix {
	if len(subnets) < 2 {
		return a.addZoneFix(e, owner, elbSubnetsOption, subnets)
	}
	sc := scopeOf(owner)
	cfn, tf := subnetValue(subnets, sc, "", "")
	return settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf, comment: "one subnet per Availability Zone"})
}

// addZoneFix sets option name to subnets plus a subnet of the inputs in
// another zone (of the same posture as the first subnet), or a
// placeholder when the inputs hold none.
func (a *analysis) addZoneFix(e *Env, owner parsers.Node, name string, subnets []*Subnet) Fix {
	var postures []Posture
	for _, s := range subnets {
		if s.Node != nil {
			postures = append(postures, s.Posture)
			break
		}
	}
	sc := scopeOf(owner)
	placeholder := ""
	list := subnets
	if others := a.otherZoneSubnets(e, subnets, postures...); len(others) > 0 {
		list = append(append([]*Subnet(nil), subnets...), others[0])
	} else {
		placeholder = "a subnet in another Availability Zone"
		if len(postures) > 0 && postures[0] != Public {
			placeholder = "a private subnet in another Availability Zone"
		}
	}
	cfn, tf := subnetValue(list, sc, "subnet_in_another_zone", placeholder)
	return settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: name, cfn: cfn, tf: tf})
}

// schemeFix makes the load balancer internal.
func (a *analysis) schemeFix(e *Env) Fix {
	return settingsFix(e.Node, scopeOf(e.Node), settingEdit{namespace: query.NSVPC, name: elbSchemeOption, cfn: "internal", tf: `"internal"`})
}

// loadBalancedFix makes a single-instance environment load-balanced with
// an internal load balancer in its private subnets.
func (a *analysis) loadBalancedFix(e *Env, owner parsers.Node, private []*Subnet) Fix {
	sc := scopeOf(owner)
	edits := []settingEdit{
		{namespace: query.NSEnvironment, name: envTypeOption, cfn: "LoadBalanced", tf: `"LoadBalanced"`},
		{namespace: query.NSVPC, name: elbSchemeOption, cfn: "internal", tf: `"internal"`},
	}
	if _, ok := e.Settings.Get(query.NSVPC, elbSubnetsOption); !ok {
		cfn, tf := subnetValue(private, sc, "", "")
		edits = append(edits, settingEdit{namespace: query.NSVPC, name: elbSubnetsOption, cfn: cfn, tf: tf})
	}
	return settingsFix(owner, sc, edits...)
}

// vpcIDFix sets VPCId to vpc (a placeholder when unknown).
func (a *analysis) vpcIDFix(e *Env, owner parsers.Node, vpc *parsers.VPC) Fix {
	sc := scopeOf(owner)
	cfn, tf := "!Ref Vpc # the VPC of the subnets", "var.vpc_id"
	if vpc != nil {
		cfn = cfnRef(vpc, "Vpc")
		tf = sc.ref(vpc, "id", "aws_vpc.main.id", "vpc_id")
	} else {
		sc.inputs = append(sc.inputs, "var.vpc_id: the ID of the subnets' VPC")
	}
	return settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: vpcIDOption, cfn: cfn, tf: tf})
}

// subnetsFix sets Subnets to the private subnets of the environment's VPC
// (a placeholder when the inputs hold none).
func (a *analysis) subnetsFix(e *Env, owner parsers.Node) Fix {
	sc := scopeOf(owner)
	var list []*Subnet
	if vpc := vpcNode(e); vpc != nil {
		for _, n := range a.g.Subnets {
			if n.Condition != "" || a.q.SameNode(n.VPC, parsers.Value{}, vpc) != yes {
				continue
			}
			s := &Subnet{Name: n.Name, Node: n}
			a.subnetPosture(s)
			if s.Posture != Public {
				list = append(list, s)
			}
		}
	}
	placeholder := ""
	if len(list) == 0 {
		placeholder = "the instance subnets of the VPC"
	}
	cfn, tf := subnetValue(list, sc, "instance_subnet_ids", placeholder)
	return settingsFix(owner, sc, settingEdit{namespace: query.NSVPC, name: subnetsOption, cfn: cfn, tf: tf})
}

// settingEdit is one option setting a fix sets, with its value in each
// language (a YAML scalar or node, an HCL expression).
type settingEdit struct {
	namespace, name string
	cfn, tf         string
	comment         string
}

// settingsFix sets option settings on owner, the environment or
// configuration template that is to hold them. In Terraform the values are
// rendered in the owner's module (see subnetValue).
func settingsFix(owner parsers.Node, sc *tfScope, edits ...settingEdit) Fix {
	r := owner.Base()
	typ := r.Type
	if !strings.HasPrefix(typ, "AWS::") {
		typ = "AWS::ElasticBeanstalk::Environment"
		if _, ok := owner.(*parsers.ConfigurationTemplate); ok {
			typ = "AWS::ElasticBeanstalk::ConfigurationTemplate"
		}
	}
	var c, t strings.Builder
	fmt.Fprintf(&c, "%s:\n  Type: %s\n  Properties:\n    OptionSettings:\n", r.Name, typ)
	tfType, tfName, ok := tfLabels(r.Name)
	if !ok {
		tfType, tfName = "aws_elastic_beanstalk_environment", "env"
		if _, ok := owner.(*parsers.ConfigurationTemplate); ok {
			tfType, tfName = "aws_elastic_beanstalk_configuration_template", "template"
		}
	}
	fmt.Fprintf(&t, "resource %q %q {\n  # ...\n", tfType, tfName)
	for _, ed := range edits {
		comment := ""
		if ed.comment != "" {
			comment = " # " + ed.comment
		}
		// The comment goes on the Value line, before a multi-line value.
		first, rest, multi := strings.Cut(ed.cfn, "\n")
		if multi {
			rest = "\n" + rest
		}
		fmt.Fprintf(&c, "      - Namespace: %s\n        OptionName: %s\n        Value: %s%s%s\n", ed.namespace, ed.name, first, comment, rest)
		fmt.Fprintf(&t, "  setting {\n    namespace = %q\n    name      = %q\n    value     = %s%s\n  }\n", ed.namespace, ed.name, ed.tf, comment)
	}
	t.WriteString("}\n")
	return Fix{CloudFormation: c.String(), Terraform: sc.header() + t.String()}
}

// subnetValue renders subnets as the value of an aws:ec2:vpc option
// (comma-separated IDs) in both languages, in Terraform for scope sc, with
// a placeholder appended for a subnet the fix cannot name: variable (a
// Terraform variable name) described by placeholder.
// The CloudFormation value is a YAML node at the indentation of an option
// setting's Value.
func subnetValue(subnets []*Subnet, sc *tfScope, variable, placeholder string) (cfn, tf string) {
	var c, t []string
	for _, s := range subnets {
		switch {
		case s.Node != nil:
			c = append(c, cfnRef(s.Node, "PrivateSubnet"))
			t = append(t, sc.ref(s.Node, "id", "aws_subnet.private.id", "subnet_id"))
		case s.Value.Kind == parsers.Known && !s.Value.HoldsSecret():
			id := strings.TrimSpace(s.Value.Str)
			c, t = append(c, id), append(t, strconvQuote(id))
		case s.Value.Origin.Kind == parsers.ParameterOrigin:
			// A CloudFormation parameter without a value.
			c = append(c, "!Ref "+s.Value.Origin.Name)
		}
	}
	if placeholder != "" {
		c = append(c, "!Ref "+strings.ReplaceAll(logicalName(strings.ReplaceAll(variable, "_", "-")), "Ids", "")+" # "+placeholder)
		t = append(t, "var."+variable)
		sc.inputs = append(sc.inputs, "var."+variable+": "+placeholder)
	}
	switch len(c) {
	case 0:
		cfn = `""`
	case 1:
		cfn = c[0]
	default:
		var b strings.Builder
		b.WriteString("!Join\n          - \",\"\n")
		for i, s := range c {
			if i == 0 {
				b.WriteString("          - - " + s)
			} else {
				b.WriteString("\n            - " + s)
			}
		}
		cfn = b.String()
	}
	switch len(t) {
	case 0:
		tf = `""`
	case 1:
		tf = t[0]
	default:
		tf = `join(",", [` + strings.Join(t, ", ") + `])`
	}
	return cfn, tf
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }
