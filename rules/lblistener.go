package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/rules/query"
)

// LoadBalancerGroupBlocksListener is EB404.
var LoadBalancerGroupBlocksListener = &Rule{
	ID:       "EB404",
	Name:     "LoadBalancerGroupBlocksListener",
	Severity: Error,
	Title:    "Custom load balancer security groups do not admit the listener port",
	Tags:     []string{"security-group", "load-balancer"},
	Needs:    []Fact{FactSubnets, FactPosture, FactSecurityGroups},
	Check:    checkLoadBalancerListener,
	Doc: doc(`Fires when the load balancer carries custom security groups
(´aws:elbv2:loadbalancer SecurityGroups´ / ´ManagedSecurityGroup´, ´aws:elb:loadbalancer
SecurityGroups´) and no rule of the groups it carries allows inbound TCP on the listener port
(80, the default listener) from any source. For an internal load balancer a source inside the VPC
or a private range is enough; any source at all satisfies the rule, which fires only when the
port is closed to everyone. The custom groups combine by union; Elastic Beanstalk's own load
balancer group is left out of the question (whether it stays attached beside the groups given is
not documented), so groups given for the load balancer must admit its clients
themselves. When the settings configure listeners
(´aws:elbv2:listener:*´, ´aws:elb:listener´), the listener ports are not modelled: an EB901 note
instead of an error. It applies to environments with isolated or transit instance subnets.

## Why it breaks a private environment

Clients' connections to the load balancer are dropped, and so are Elastic Beanstalk's checks of
the environment's URL: the environment is unreachable [eb-opts] [clb-sg].

## Failing example

~~~yaml
LoadBalancerSecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: Internal load balancer
    VpcId: !Ref Vpc
    SecurityGroupIngress:      # EB404: 443 only; the default listener is port 80
      - IpProtocol: tcp
        FromPort: 443
        ToPort: 443
        CidrIp: !GetAtt Vpc.CidrBlock
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
LoadBalancerSecurityGroupTcp80Ingress:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: !Ref LoadBalancerSecurityGroup
    IpProtocol: tcp
    FromPort: 80
    ToPort: 80
    CidrIp: !GetAtt Vpc.CidrBlock
~~~

~~~hcl
resource "aws_vpc_security_group_ingress_rule" "load_balancer_80" {
  security_group_id = aws_security_group.load_balancer.id
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = aws_vpc.main.cidr_block
}
~~~

## Sources

[vpc-sg-rules] [eb-opts] [eb-vpc] [clb-sg].
`),
}

// checkLoadBalancerListener reports EB404.
func checkLoadBalancerListener(p *Pass) {
	q := p.Query()
	for _, e := range p.PrivateEnvironments() {
		lb := q.LoadBalancerGroups(e.Node)
		custom := given(lb.Configured)
		if len(custom) == 0 {
			continue
		}
		at := p.a.settingAt(e, query.NSALB, "SecurityGroups")
		for _, o := range []struct{ ns, name string }{{query.NSALB, "SecurityGroups"}, {query.NSALB, "ManagedSecurityGroup"}, {query.NSCLB, "SecurityGroups"}, {query.NSCLB, "ManagedSecurityGroup"}} {
			if at = p.a.settingAt(e, o.ns, o.name); at.ok {
				break
			}
		}
		port, portKnown := q.ListenerPort(e.Node)
		// The custom groups alone (RULES.md: "a custom load balancer
		// security group … does not allow"): groups given for the load
		// balancer are there to admit its clients.
		a := q.Allows(custom, query.Flow{Direction: query.Ingress, Protocol: query.TCP, Ports: query.Port(port), Peer: query.Peer{Any: true}})
		decide := p.text(e.Node, decideGroups)
		if a.Tri == no && portKnown.Tri != yes {
			a.Answer = query.Answer{Tri: maybe, Why: portKnown.Why}
			decide = "Check that the load balancer's security groups admit the port of every listener the settings configure"
		}
		switch a.Tri {
		case yes:
			continue
		case maybe:
			p.Unverified(e, Unknown{
				Loc: at.Loc, Resource: at.Resource, Property: at.Property, Subject: "load balancer ingress",
				What:   fmt.Sprintf("whether the security groups of environment %s's load balancer admit its listener port is unknown (%s)", e.Name(), a.Reason()),
				Decide: decide,
			})
			continue
		}
		internal := false
		if s, ok := e.Settings.Value(query.NSVPC, "ELBScheme").Text(); ok && strings.EqualFold(strings.TrimSpace(s), "internal") {
			internal = true
		}
		peer, from := internetPeer, "the clients (0.0.0.0/0 for an internet-facing load balancer)"
		if internal {
			peer = peerText{cfn: func(p *cfnPlace) cfnPeer { return cfnPeer{cidr: ptr(p.vpcCIDR(e))} }, tf: tfPeer{what: "the VPC", node: e.VPCNode(), attr: "cidr_block"}}
			from = "the VPC CIDR (or the private ranges of its clients)"
		}
		loc, moved := atGroupsInput(at.Loc, a.Groups, false, "the load balancer security group setting of environment "+e.Name())
		p.Report(Finding{
			Message: fmt.Sprintf("The security groups of environment %s's load balancer (%s) allow no inbound TCP %d, the listener port, from any source. "+
				"Every connection to the environment's URL is dropped, so clients and Elastic Beanstalk's own checks cannot reach the application. "+
				"Allow TCP %d from %s on the load balancer security group.",
				e.Name(), groupNames(a.Groups), port, port, from),
			Loc:         loc,
			Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
			Resource: at.Resource,
			Property: at.Property,
			Subject:  fmt.Sprintf("load balancer ingress TCP %d", port),
			Related:  append(moved, relatedGroups(a.Groups)...),
		}, p.a.groupRuleFix(firstGroup(q, custom), "LoadBalancerSecurityGroup", false, port, peer), e.Node)
	}
}
