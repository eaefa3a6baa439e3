package rules

import (
	"fmt"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

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

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it; for an option that an ´.ebextensions´ configuration file or a saved configuration of the application source sets, that file); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

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

[eb-opts] [gh-ebcli-40] [gh-wwama-11].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html
`),
}

// checkVPCConsistency reports EB105.
func checkVPCConsistency(p *Pass) {
	for _, e := range p.Environments() {
		vpcSetting, hasVPC := e.Settings.Get(query.NSVPC, vpcIDOption)
		switch {
		case hasVPC && !e.HasSubnets:
			resource, prop := p.a.settingRef(e, vpcSetting, query.NSVPC, vpcIDOption)
			owner := p.a.settingOwner(e, vpcSetting)
			p.Report(Finding{
				Message: fmt.Sprintf("Environment %s sets aws:ec2:vpc VPCId but not Subnets. Elastic Beanstalk needs both to place the instances in the VPC, so the environment cannot be launched there. "+
					"Set Subnets to the instance subnets of that VPC (two private subnets in different Availability Zones for a private environment).", e.Name()),
				Loc: e.SettingLoc(vpcSetting), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: resource, Property: prop, Subject: "Subnets",
			}, p.a.subnetsFix(e, owner), owner, e.Node)
		case !hasVPC && e.HasSubnets:
			owner := p.a.settingOwner(e, e.SubnetsSetting)
			p.Report(Finding{
				Message: fmt.Sprintf("Environment %s sets aws:ec2:vpc Subnets but not VPCId. Without VPCId Elastic Beanstalk works in the account's default VPC, where these subnets are not, and fails with \"No default VPC for this user\" where there is none. "+
					"Set VPCId to the VPC of the subnets.", e.Name()),
				Loc: e.SubnetsLoc(), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: "VPCId",
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
				if s.Node != nil && p.a.q.SameNode(s.VPCValue, e.VPCValue, e.VPCNode()) == no {
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
				Loc: e.SettingLoc(l.Setting), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: resource, Property: prop, Subject: name + " VPC",
				Related: []Related{{Loc: e.SettingLoc(vpcSetting), Message: "VPCId of environment " + e.Name()}},
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
				"List security groups of %s.", e.Name(), vpcName, gs[0], gs[1], nameList(names), vpcName),
			Loc: e.SettingLoc(o), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: resource, Property: prop, Subject: gs[0] + "/" + gs[1] + " VPC",
			Related: []Related{{Loc: e.SettingLoc(vpcSetting), Message: "VPCId of environment " + e.Name()}},
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
				list query.List
				what string
			}{
				{ep.Subnets, "subnets"},
				{ep.SecurityGroups, "security groups"},
				{ep.RouteTables, "route tables"},
			} {
				names := p.a.inOtherVPC(e, part.list.Values)
				if len(names) == 0 {
					continue
				}
				prop := part.list.Prop
				p.Report(Finding{
					Message: fmt.Sprintf("Endpoint %s, which environment %s relies on in %s (VPCId), lists %s of another VPC: %s. An endpoint's %s must be in its own VPC, so creating the endpoint fails and the environment's instances cannot reach %s. "+
						"List %s of %s.", ep.Name(), e.Name(), vpcName, part.what, nameList(names), part.what, endpointName(e.Region, svc), part.what, vpcName),
					Loc: part.list.Loc(ep.Loc()), Environment: e.Name(), EnvironmentFile: e.Node.Loc.File, Resource: ep.Name(), Property: prop, Subject: prop + " VPC",
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
		if a.q.SameNode(vpc, e.VPCValue, e.VPCNode()) == no {
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
		if s.VPC == nil || out != nil && out != s.VPC {
			return nil
		}
		out = s.VPC
	}
	return out
}

// describeVPCs names the VPCs of subnets: "VPC Vpc", "VPCs A, B".
func describeVPCs(a *analysis, subnets []*Subnet) string {
	var names []string
	for _, s := range subnets {
		names = append(names, query.DisplayName(s.VPCValue))
	}
	names = query.Uniq(names)
	if len(names) == 1 {
		return "VPC " + names[0]
	}
	return "VPCs " + nameList(names)
}
