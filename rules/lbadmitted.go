package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// LoadBalancerNotAdmitted is EB403.
var LoadBalancerNotAdmitted = &Rule{
	ID:       "EB403",
	Name:     "InstancesDoNotAdmitLoadBalancer",
	Severity: Error,
	Title:    "Instance security groups do not admit the load balancer on the process port",
	Tags:     []string{"security-group", "load-balancer"},
	Needs:    []Fact{FactSubnets, FactPosture, FactSecurityGroups},
	Check:    checkLoadBalancerAdmitted,
	Doc: doc(`Fires when ´DisableDefaultEC2SecurityGroup´ is ´true´ (so Elastic Beanstalk's instance
group, which admits the load balancer, is not attached) and no group in
´aws:autoscaling:launchconfiguration SecurityGroups´ allows inbound TCP on the process port
(´aws:elasticbeanstalk:environment:process:default Port´, default 80) from the load balancer: a
rule whose source is a group the load balancer carries (´aws:elbv2:loadbalancer SecurityGroups´
/ ´ManagedSecurityGroup´, ´aws:elb:loadbalancer SecurityGroups´), or a CIDR covering every ELB
subnet (´aws:ec2:vpc ELBSubnets´).

A group used as a source matches only the interfaces that carry it: a rule admitting a group that
is not among the load balancer's groups does not count, and a group that admits the load balancer
but is not among the instances' groups does not either. Groups combine by union; protocol
´-1´/´all´ and port ranges count. Single-instance environments have no load balancer and are not
checked. When ´SecurityGroups´ is empty, EB405 reports it and this rule stays silent. It applies
to environments with isolated or transit instance subnets.

## Why it breaks a private environment

The load balancer's health checks and requests to the instances are dropped: the targets stay
unhealthy, the environment turns Severe and clients get 502/503 [eb-opts] [clb-sg].

## Failing example

~~~yaml
- Namespace: aws:elasticbeanstalk:environment:process:default
  OptionName: Port
  Value: "8080"
- Namespace: aws:autoscaling:launchconfiguration
  OptionName: SecurityGroups
  Value: !Ref InstanceSecurityGroup   # EB403: it admits TCP 80, not 8080, from the load balancer
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
InstanceSecurityGroupTcp8080Ingress:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: !Ref InstanceSecurityGroup
    IpProtocol: tcp
    FromPort: 8080
    ToPort: 8080
    SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup
~~~

~~~hcl
resource "aws_vpc_security_group_ingress_rule" "instances_8080" {
  security_group_id            = aws_security_group.instances.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.load_balancer.id
}
~~~

## Sources

[vpc-sg-rules] [eb-opts] [eb-vpc] [eb-ec2-cli] [kc-sg] [clb-sg].
`),
}

// checkLoadBalancerAdmitted reports EB403.
func checkLoadBalancerAdmitted(p *Pass) {
	q := p.Query()
	for _, e := range p.PrivateEnvironments() {
		inst, ok := replacedInstanceGroup(q, e)
		if !ok || q.LoadBalancerType(e.Node) == "" {
			continue
		}
		at := p.a.settingAt(e, query.NSLaunch, "SecurityGroups")
		port, known := q.ProcessPort(e.Node)
		if known.Tri != yes {
			p.Unverified(e, Unknown{Loc: at.Loc, Resource: at.Resource, Property: at.Property, Subject: "instance ingress from the load balancer",
				What: known.Reason(), Decide: p.text(e.Node, decideParam)})
			continue
		}
		lb := q.LoadBalancerGroups(e.Node)
		elb, unknown := p.a.subnetsOf(e.Settings.Value(query.NSVPC, "ELBSubnets"))
		flow := func(peer query.Peer) query.FlowAnswer {
			return q.Allows(inst.Values, query.Flow{Direction: query.Ingress, Protocol: query.TCP, Ports: query.Port(port), Peer: peer})
		}
		v := verdict{tri: yes}
		var evaluated []*parsers.SecurityGroup
		for _, s := range elb {
			a := flow(query.Peer{Groups: lb.Values, Subnet: s})
			evaluated = a.Groups
			v.add(a, "ELB subnet "+s.Name)
		}
		if unknown || len(elb) == 0 {
			a := flow(query.Peer{Groups: lb.Values, CIDR: parsers.UnknownValue("the ELB subnets (aws:ec2:vpc ELBSubnets) are not known", e.Node.Loc)})
			evaluated = a.Groups
			v.add(a, "the load balancer")
		}
		switch v.tri {
		case yes:
			continue
		case maybe:
			p.Unverified(e, Unknown{
				Loc: at.Loc, Resource: at.Resource, Property: at.Property, Subject: "instance ingress from the load balancer",
				What:   fmt.Sprintf("whether the security groups of environment %s's instances admit TCP %d from the load balancer is unknown (%s)", e.Name(), port, strings.Join(query.Uniq(v.why), "; ")),
				Decide: p.text(e.Node, decideGroups),
			})
			continue
		}
		lbNames := "no security group"
		if names := groupNames(lbGroupsOf(q, lb.Values)); names != "" {
			lbNames = "security groups " + names
		}
		lbSG := firstGroup(q, lb.Configured)
		peer := peerText{
			cfn: func(p *cfnPlace) cfnPeer {
				return cfnPeer{group: ptr(p.ref(lbSG, "", "LoadBalancerSecurityGroup", "the load balancer's group"))}
			},
			tf: tfPeer{what: "the load balancer's security group", node: lbSG, group: true},
		}
		loc, moved := atGroupsInput(at.Loc, evaluated, false, "aws:autoscaling:launchconfiguration SecurityGroups of environment "+e.Name())
		p.Report(Finding{
			Message: fmt.Sprintf("DisableDefaultEC2SecurityGroup is true, so environment %s's instances carry only %s, and no rule of them admits TCP %d (the process port) from the load balancer (%s; %s). "+
				"The load balancer's health checks and requests never reach the instances: the targets stay unhealthy and clients get 502/503. "+
				"Allow TCP %d from the load balancer's security group on the instance security group.",
				e.Name(), groupNames(evaluated), port, lbNames, strings.Join(query.Uniq(v.blocked), ", "), port),
			Loc:         loc,
			Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
			Resource: at.Resource,
			Property: at.Property,
			Subject:  fmt.Sprintf("instance ingress TCP %d", port),
			Related:  append(moved, relatedGroups(evaluated)...),
		}, p.a.groupRuleFix(firstGroup(q, inst.Configured), "InstanceSecurityGroup", false, port, peer), e.Node)
	}
}

// lbGroupsOf resolves the load balancer's group values.
func lbGroupsOf(q *query.Q, vs []parsers.Value) []*parsers.SecurityGroup {
	var out []*parsers.SecurityGroup
	for _, v := range vs {
		if n, ok := q.Lookup(v); ok {
			if sg, ok := n.(*parsers.SecurityGroup); ok {
				out = append(out, sg)
			}
		}
	}
	return out
}
