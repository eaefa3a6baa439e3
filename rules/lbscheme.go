package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

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

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it; for an option that an ´.ebextensions´ configuration file or a saved configuration of the application source sets, that file); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

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

[kc] [eb-opts]
[vpc-subnets].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html
`),
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
		loc := e.SettingLoc(elb.Setting)
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
			Loc: loc, Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: resource, Property: prop, Subject: "internal load balancer",
			Related: []Related{{Loc: locOr(scheme.Loc, e.Node.Loc), Message: "ELBScheme of environment " + e.Name()}},
		}, p.a.schemeFix(e), owner, e.Node)
	}
}
