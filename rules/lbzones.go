package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/rules/query"
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
disagree), so ELB subnets in one zone are a warning, not an error. Single-instance
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

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it; for an option that an ´.ebextensions´ configuration file or a saved configuration of the application source sets, that file); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

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

[elbv2-api]
[eb-opts] [eb-ec2-cli] [cfn-getazs] [kc].
https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
`),
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
		if e.HasSubnets {
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
	loc := e.SettingLoc(elb.Setting)
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
			Loc: loc, Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: resource, Property: prop, Subject: "ELBSubnets Availability Zones",
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
			Loc: e.SubnetsLoc(), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: "instance subnets in two Availability Zones",
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
