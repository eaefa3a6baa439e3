package rules

import (
	"fmt"

	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/query"
)

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

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it; for an option that an ´.ebextensions´ configuration file or a saved configuration of the application source sets, that file); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

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

[kc] [eb-opts] [asg-api] [vpc-subnets].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html
`),
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
				Loc: e.SettingLoc(o), Resource: resource, Property: prop, Subject: query.NSVPC + "/" + publicIPOption,
				What:   fmt.Sprintf("whether environment %s asks for public IP addresses in its private subnets %s is unknown: AssociatePublicIpAddress is %s", e.Name(), subnetNames(private), o.Value.Describe()),
				Decide: p.text(e.Node, decidePublicIP),
			}, owner)
			continue
		}
		p.Report(Finding{
			Message: fmt.Sprintf("AssociatePublicIpAddress is %s for environment %s, but its instance subnets %s have no route to an internet gateway: a public IP address there reaches nothing outside the VPC and nothing reaches the instances through it. "+
				"The setting belongs to public designs, and a fully private environment sets it to false; check what else assumes internet access. Set AssociatePublicIpAddress to false, or place the instances in public subnets.",
				o.Value.Redact("true"), e.Name(), describeSubnets(private)),
			Loc: e.SettingLoc(o), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: resource, Property: prop, Subject: "public IP address",
			Related: []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
		}, p.a.settingsFix(e, owner, scopeOf(owner), settingEdit{namespace: query.NSVPC, name: publicIPOption, cfn: edit.Str("false"), tf: edit.Str("false")}), owner, e.Node)
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
