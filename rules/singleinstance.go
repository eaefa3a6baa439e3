package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/rules/query"
)

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

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it; for an option that an ´.ebextensions´ configuration file or a saved configuration of the application source sets, that file); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

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

[eb-opts] [eb-vpc] [gh-dc-269] [gh-roadmap-47].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html
`),
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
		switch {
		case resource == e.Name():
		case strings.HasPrefix(resource, "saved configuration "):
			from = ", set by " + resource // the node's name says what it is
		default:
			from = ", set by configuration template " + resource
		}
		p.Report(Finding{
			Message: fmt.Sprintf("Environment %s is a single instance (EnvironmentType SingleInstance%s), and Elastic Beanstalk always gives a single instance an Elastic IP address, whatever AssociatePublicIpAddress says. "+
				"Its instance subnets %s have no route to an internet gateway, so attaching the Elastic IP fails (\"Network vpc-… is not attached to any internet gateway\") or leaves the instance unreachable, and the environment cannot be fully private. "+
				"Make it load-balanced with an internal load balancer (EnvironmentType LoadBalanced, ELBScheme internal), or run it in a public subnet.",
				e.Name(), from, describeSubnets(private)),
			Loc: e.SettingLoc(o), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: resource, Property: prop, Subject: "single instance",
			Related: []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
		}, p.a.loadBalancedFix(e, owner, private), owner, e.Node)
	}
}
