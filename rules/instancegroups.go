package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

// This file holds the rules about the security groups on the instances and
// the load balancer when Elastic Beanstalk's own groups are replaced
// (EB402–EB405, DOMAIN.md §5.3).

// setting is where findings about an option setting point: its value's
// line (the entry's when the value came from another file), the resource
// that declares it and its property. ok is false when it is not set.
type setting struct {
	Loc      parsers.Location
	Resource string
	Property string
	ok       bool
}

func (a *analysis) settingAt(e *Env, ns, name string) setting {
	o, ok := e.Settings.Get(ns, name)
	if !ok {
		return setting{Loc: e.Node.Loc, Resource: e.Name(), Property: ns + "/" + name}
	}
	s := setting{Loc: o.Loc, Resource: a.ownerName(o), Property: o.Value.Prop, ok: true}
	if v := o.Value.Loc; !v.IsZero() && v.File == o.Loc.File {
		s.Loc = v
	}
	if s.Loc.IsZero() {
		s.Loc = e.Node.Loc
	}
	if s.Resource == "" {
		s.Resource = e.Name()
	}
	if s.Property == "" {
		s.Property = ns + "/" + name
	}
	return s
}

// given drops empty elements of a group list setting ("" or spaces).
func given(vs []parsers.Value) []parsers.Value {
	var out []parsers.Value
	for _, v := range vs {
		if t, ok := v.Text(); ok && strings.TrimSpace(t) == "" {
			continue
		}
		out = append(out, v)
	}
	return out
}

// replacedInstanceGroup returns the environment's instance groups when
// DisableDefaultEC2SecurityGroup removes Elastic Beanstalk's own and the
// settings give others: what EB402 and EB403 check (EB405 reports an
// empty list).
func replacedInstanceGroup(q *query.Q, e *Env) (query.Groups, bool) {
	inst := q.InstanceGroups(e.Node)
	return inst, inst.ImplicitAttached.Tri == query.No && len(given(inst.Configured)) > 0
}

// groupNames names the groups evaluated, the synthetic ones left out.
func groupNames(sgs []*parsers.SecurityGroup) string {
	var names []string
	for _, sg := range sgs {
		if !sg.Synthetic {
			names = append(names, sg.Name)
		}
	}
	return strings.Join(names, ", ")
}

// firstGroup returns the first group of vs that is in the inputs.
func firstGroup(q *query.Q, vs []parsers.Value) *parsers.SecurityGroup {
	for _, v := range vs {
		if n, ok := q.Lookup(v); ok {
			if sg, ok := n.(*parsers.SecurityGroup); ok && !sg.Synthetic {
				return sg
			}
		}
	}
	return nil
}

// relatedGroups points at the groups evaluated.
func relatedGroups(sgs []*parsers.SecurityGroup) []Related {
	var out []Related
	for _, sg := range sgs {
		if !sg.Synthetic {
			out = append(out, Related{Loc: sg.Loc, Message: "security group " + sg.Name})
		}
	}
	return out
}

// verdict folds answers: No when any is, else Maybe when any is.
type verdict struct {
	tri     tri
	blocked []string // what is denied
	why     []string // what is undecided
}

func (v *verdict) add(a query.FlowAnswer, what string) {
	switch a.Tri {
	case no:
		v.tri = no
		v.blocked = append(v.blocked, what)
	case maybe:
		if v.tri == yes {
			v.tri = maybe
		}
		v.why = append(v.why, a.Why...)
	}
}

// subnetNodes returns the subnets of a subnet list setting that are in
// the inputs, and whether some element is not.
func (a *analysis) subnetsOf(v parsers.Value) (nodes []*parsers.Subnet, unknown bool) {
	for _, el := range a.subnetElems(v) {
		if n, ok := parsers.LookupAs[*parsers.Subnet](a.g, el); ok {
			nodes = append(nodes, n)
		} else {
			unknown = true
		}
	}
	return nodes, unknown
}

// peerText is a rule's source or destination in each language: the
// CloudFormation property, the Terraform rule resource's argument, and
// the argument of an inline ingress/egress block.
type peerText struct{ cfn, tf, tfInline string }

// groupRuleFix adds a TCP rule on group sg (or a placeholder group) to or
// from peer, in both languages.
func groupRuleFix(sg *parsers.SecurityGroup, placeholder string, egress bool, port int, peer peerText) Fix {
	sc := scopeOf(sg)
	kind, cfnType, tfType, way := "Ingress", "AWS::EC2::SecurityGroupIngress", "aws_vpc_security_group_ingress_rule", "ingress"
	if egress {
		kind, cfnType, tfType, way = "Egress", "AWS::EC2::SecurityGroupEgress", "aws_vpc_security_group_egress_rule", "egress"
	}
	name := placeholder
	if sg != nil {
		name = logicalName(sg.Name)
	}
	header := sc.header()
	if sg == nil {
		header += "# var.security_group_id: the ID of " + placeholder + " (not in the linted inputs)\n"
	}
	tf := header + fmt.Sprintf(`resource "%s" "%s" {
  security_group_id = %s
  ip_protocol       = "tcp"
  from_port         = %d
  to_port           = %d
  %s
}
`, tfType, tfName(tfBlockName(name, "instances"))+fmt.Sprintf("_%d", port), sc.ref(sg, "id", "var.security_group_id", "security_group_id"), port, port, peer.tf)
	if sg != nil && hasInlineRules(sg) {
		if typ, local, ok := tfLabels(sg.Name); ok {
			tf = sc.header() + fmt.Sprintf(`resource "%s" "%s" {
  # ...
  %s {
    protocol  = "tcp"
    from_port = %d
    to_port   = %d
    %s
  }
}
`, typ, local, way, port, port, peer.tfInline)
		}
	}
	return Fix{
		CloudFormation: fmt.Sprintf(`%s:
  Type: %s
  Properties:
    GroupId: %s
    IpProtocol: tcp
    FromPort: %d
    ToPort: %d
    %s
`, name+fmt.Sprintf("Tcp%d%s", port, kind), cfnType, cfnRef(sg, placeholder+" # the group to open"), port, port, peer.cfn),
		Terraform: tf,
	}
}

// internetPeer is 0.0.0.0/0 as a rule's peer.
var internetPeer = peerText{cfn: "CidrIp: 0.0.0.0/0", tf: `cidr_ipv4         = "0.0.0.0/0"`, tfInline: `cidr_blocks = ["0.0.0.0/0"]`}

// InstanceEgressBlocked is EB402.
var InstanceEgressBlocked = &Rule{
	ID:       "EB402",
	Name:     "InstanceEgressBlocksEndpoints",
	Severity: Error,
	Title:    "Instance security groups do not allow HTTPS out to the endpoints or S3",
	Tags:     []string{"security-group", "endpoint"},
	Needs:    []Fact{FactSubnets, FactPosture, FactServices, FactEndpoints, FactSecurityGroups},
	Check:    checkInstanceEgress,
	Doc: doc(`Fires when ´aws:autoscaling:launchconfiguration DisableDefaultEC2SecurityGroup´ is
´true´, so the instance group Elastic Beanstalk creates (which allows all egress) is not attached,
and the groups listed in ´aws:autoscaling:launchconfiguration SecurityGroups´ do not allow
outbound TCP 443

- to every interface endpoint the instances use (a rule whose destination is the endpoint's
  security group, or a CIDR covering the endpoint's subnets), and
- to S3 through the gateway endpoint: ´0.0.0.0/0´, or the gateway endpoint's prefix list
  (Terraform ´aws_vpc_endpoint.<s3>.prefix_list_id´).

Groups combine by union; protocol ´-1´/´all´ and port ranges count (´6´, 1–1024 allows 443).
A destination the linter cannot resolve (a prefix list given by ID, a group parameter) gives an
EB901 note instead. One finding per environment, on the instances' ´SecurityGroups´ setting.
It applies to environments with isolated or transit instance subnets (RULES.md posture table).
When ´SecurityGroups´ is empty, EB405 reports it and this rule stays silent.

## Why it breaks a private environment

Security groups only allow: without an egress rule for TCP 443 the instances' HTTPS calls to the
Elastic Beanstalk, CloudFormation, SQS and Logs endpoints and to S3 never leave the instance, and
the deployment fails with "The EC2 instances failed to communicate with AWS Elastic Beanstalk"
or "Instance did not respond within the allowed command timeout" [eb-vpc] [pl-gw].

## Failing example

~~~yaml
InstanceSecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: Instances
    VpcId: !Ref Vpc
    SecurityGroupEgress:          # EB402: 443 to the VPC only; S3 is outside it
      - IpProtocol: tcp
        FromPort: 443
        ToPort: 443
        CidrIp: !GetAtt Vpc.CidrBlock
~~~

## Fix

~~~yaml
InstanceSecurityGroupTcp443Egress:
  Type: AWS::EC2::SecurityGroupEgress
  Properties:
    GroupId: !Ref InstanceSecurityGroup
    IpProtocol: tcp
    FromPort: 443
    ToPort: 443
    CidrIp: 0.0.0.0/0
~~~

~~~hcl
resource "aws_vpc_security_group_egress_rule" "instances_443" {
  security_group_id = aws_security_group.instances.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
~~~

## Sources

DOMAIN.md §5.1, §5.3 ("Egress"), §6: [vpc-sg-rules] [cfn-sg] [tf-sg] [eb-opts] [eb-vpc] [pl-gw].`),
}

// checkInstanceEgress reports EB402.
func checkInstanceEgress(p *Pass) {
	q := p.Query()
	for _, e := range p.PrivateEnvironments() {
		inst, ok := replacedInstanceGroup(q, e)
		if !ok {
			continue
		}
		v := verdict{tri: yes}
		var evaluated []*parsers.SecurityGroup
		ask := func(peer query.Peer, what string) {
			a := q.Allows(inst.Values, query.Flow{Direction: query.Egress, Protocol: query.TCP, Ports: query.Port(443), Peer: peer})
			evaluated = a.Groups
			v.add(a, what)
		}
		for _, req := range append(e.Required(), s3InterfaceRequirement(p, e)...) {
			m := p.Endpoints(e, req.Service)
			for _, ep := range usedEndpoints(m, req.Service != "s3" && !hubServed(m)) {
				what := fmt.Sprintf("interface endpoint %s (%s)", ep.Name(), endpointName(e.Region, req.Service))
				groups := ep.Node.SecurityGroups
				if len(groups) == 0 && e.VPC != nil {
					groups = []parsers.Value{e.VPC.DefaultSecurityGroup}
				}
				subnets, unknown := p.a.subnetsOf(parsers.Value{Kind: parsers.List, Items: ep.Node.Subnets})
				for _, s := range subnets {
					ask(query.Peer{Groups: groups, Subnet: s}, what)
				}
				if unknown || len(subnets) == 0 {
					ask(query.Peer{Groups: groups, CIDR: parsers.UnknownValue("the subnets of endpoint "+ep.Name()+" are not known", ep.Node.Loc)}, what)
				}
			}
		}
		for _, ep := range p.Endpoints(e, "s3").Candidates() {
			if ep.IsGateway() {
				ask(query.Peer{CIDR: parsers.Lit("0.0.0.0/0", ep.Node.Loc), PrefixList: parsers.RefTo(ep.Node.Key, "prefix_list_id", ep.Node.Loc)},
					"S3 through gateway endpoint "+ep.Name()+" (0.0.0.0/0 or its prefix list)")
				break
			}
		}
		at := p.a.settingAt(e, query.NSLaunch, "SecurityGroups")
		switch v.tri {
		case yes:
			continue
		case maybe:
			p.Unverified(e, Unknown{
				Loc: at.Loc, Resource: at.Resource, Property: at.Property, Subject: "instance egress TCP 443",
				What:   fmt.Sprintf("whether the security groups of environment %s's instances allow outbound TCP 443 to the endpoints and S3 is unknown (%s)", e.Name(), strings.Join(uniq(v.why), "; ")),
				Decide: p.text(e.Node, decideGroups),
			})
			continue
		}
		sg := firstGroup(q, inst.Configured)
		p.Report(Finding{
			Message: fmt.Sprintf("DisableDefaultEC2SecurityGroup is true, so environment %s's instances carry only %s, whose egress rules allow no outbound TCP 443 to %s. "+
				"The instances' HTTPS calls never leave them, and the deployment fails with %s. "+
				"Allow outbound TCP 443 to 0.0.0.0/0 on the instance security group (or to the endpoints' group and the S3 prefix list).",
				e.Name(), groupNames(evaluated), strings.Join(uniq(v.blocked), ", "), errFailedToCommunicate),
			Loc:         at.Loc,
			Environment: e.Name(),
			Resource:    at.Resource,
			Property:    at.Property,
			Subject:     "instance egress TCP 443",
			Related:     relatedGroups(evaluated),
		}, groupRuleFix(sg, "InstanceSecurityGroup", true, 443, internetPeer), e.Node)
	}
}

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
to environments with isolated or transit instance subnets (RULES.md posture table).

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

DOMAIN.md §5.1, §5.3: [vpc-sg-rules] [eb-opts] [eb-vpc] [eb-ec2-cli] [kc-sg] [clb-sg].`),
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
				What:   fmt.Sprintf("whether the security groups of environment %s's instances admit TCP %d from the load balancer is unknown (%s)", e.Name(), port, strings.Join(uniq(v.why), "; ")),
				Decide: p.text(e.Node, decideGroups),
			})
			continue
		}
		lbNames := "no security group"
		if names := groupNames(lbGroupsOf(q, lb.Values)); names != "" {
			lbNames = "security groups " + names
		}
		lbSG := firstGroup(q, lb.Configured)
		lbRef := scopeOf(lbSG).ref(lbSG, "id", "aws_security_group.load_balancer.id", "load_balancer_security_group_id")
		peer := peerText{
			cfn:      "SourceSecurityGroupId: " + cfnRef(lbSG, "LoadBalancerSecurityGroup # the load balancer's group"),
			tf:       "referenced_security_group_id = " + lbRef,
			tfInline: "security_groups = [" + lbRef + "]",
		}
		p.Report(Finding{
			Message: fmt.Sprintf("DisableDefaultEC2SecurityGroup is true, so environment %s's instances carry only %s, and no rule of them admits TCP %d (the process port) from the load balancer (%s; %s). "+
				"The load balancer's health checks and requests never reach the instances: the targets stay unhealthy and clients get 502/503. "+
				"Allow TCP %d from the load balancer's security group on the instance security group.",
				e.Name(), groupNames(evaluated), port, lbNames, strings.Join(uniq(v.blocked), ", "), port),
			Loc:         at.Loc,
			Environment: e.Name(),
			Resource:    at.Resource,
			Property:    at.Property,
			Subject:     fmt.Sprintf("instance ingress TCP %d", port),
			Related:     relatedGroups(evaluated),
		}, groupRuleFix(firstGroup(q, inst.Configured), "InstanceSecurityGroup", false, port, peer), e.Node)
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
not documented, DOMAIN.md §5.3), so groups given for the load balancer must admit its clients
themselves. When the settings configure listeners
(´aws:elbv2:listener:*´, ´aws:elb:listener´), the listener ports are not modelled: an EB901 note
instead of an error. It applies to environments with isolated or transit instance subnets
(RULES.md posture table).

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

DOMAIN.md §5.1, §5.3, §9: [vpc-sg-rules] [eb-opts] [eb-vpc] [clb-sg].`),
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
			cidr := scopeOf(vpcNode(e)).ref(vpcNode(e), "cidr_block", "aws_vpc.main.cidr_block", "vpc_cidr_block")
			peer = peerText{cfn: "CidrIp: " + cfnVPCCIDR(e), tf: "cidr_ipv4         = " + cidr, tfInline: "cidr_blocks = [" + cidr + "]"}
			from = "the VPC CIDR (or the private ranges of its clients)"
		}
		p.Report(Finding{
			Message: fmt.Sprintf("The security groups of environment %s's load balancer (%s) allow no inbound TCP %d, the listener port, from any source. "+
				"Every connection to the environment's URL is dropped, so clients and Elastic Beanstalk's own checks cannot reach the application. "+
				"Allow TCP %d from %s on the load balancer security group.",
				e.Name(), groupNames(a.Groups), port, port, from),
			Loc:         at.Loc,
			Environment: e.Name(),
			Resource:    at.Resource,
			Property:    at.Property,
			Subject:     fmt.Sprintf("load balancer ingress TCP %d", port),
			Related:     relatedGroups(a.Groups),
		}, groupRuleFix(firstGroup(q, custom), "LoadBalancerSecurityGroup", false, port, peer), e.Node)
	}
}

// GroupsMissingWithDefaultDisabled is EB405.
var GroupsMissingWithDefaultDisabled = &Rule{
	ID:       "EB405",
	Name:     "SecurityGroupsMissingWithDefaultDisabled",
	Severity: Error,
	Title:    "DisableDefaultEC2SecurityGroup without the security groups it requires",
	Tags:     []string{"security-group", "settings"},
	Needs:    []Fact{FactSubnets, FactPosture},
	Check:    checkDefaultGroupDisabled,
	Doc: doc(`Fires when ´aws:autoscaling:launchconfiguration DisableDefaultEC2SecurityGroup´ is
´true´ and

- ´aws:autoscaling:launchconfiguration SecurityGroups´ is empty or not set, or
- the environment is load balanced with an Application or Classic Load Balancer (or
  ´LoadBalancerType´ is absent, which means one of them) and no load balancer ´SecurityGroups´
  are given (´aws:elbv2:loadbalancer´ for an ALB, ´aws:elb:loadbalancer´ for a CLB).

One finding, on ´DisableDefaultEC2SecurityGroup´, names what is missing. When the instance
groups are missing, EB402 and EB403 (which check the instance groups' rules) stay silent: this
finding says it all. It applies to environments with isolated or transit instance subnets
(RULES.md posture table).

## Why it breaks a private environment

With the default group disabled Elastic Beanstalk attaches no instance security group, and the
option makes the instance and load balancer ´SecurityGroups´ mandatory [eb-opts]: the instances
have no rule to reach the endpoints or admit the load balancer, and the environment cannot be
created or never becomes healthy.

## Failing example

~~~yaml
- Namespace: aws:autoscaling:launchconfiguration
  OptionName: DisableDefaultEC2SecurityGroup
  Value: "true"                 # EB405: no SecurityGroups for the instances
~~~

## Fix

~~~yaml
Environment:
  Type: AWS::ElasticBeanstalk::Environment
  Properties:
    OptionSettings:
      - Namespace: aws:autoscaling:launchconfiguration
        OptionName: SecurityGroups
        Value: !Ref InstanceSecurityGroup
~~~

~~~hcl
setting {
  namespace = "aws:autoscaling:launchconfiguration"
  name      = "SecurityGroups"
  value     = aws_security_group.instances.id
}
~~~

## Sources

DOMAIN.md §5.3: [eb-opts] [eb-ec2-cli] [kc-sg].`),
}

// checkDefaultGroupDisabled reports EB405.
func checkDefaultGroupDisabled(p *Pass) {
	q := p.Query()
	for _, e := range p.PrivateEnvironments() {
		inst := q.InstanceGroups(e.Node)
		if inst.ImplicitAttached.Tri != no {
			continue
		}
		var missing []string
		var cfn, tf []string
		header := ""
		if len(given(inst.Configured)) == 0 {
			missing = append(missing, "aws:autoscaling:launchconfiguration SecurityGroups (the instances' groups)")
			cfn = append(cfn, settingSnippetCFN(query.NSLaunch, "InstanceSecurityGroup # a group that admits the process port from the load balancer and allows TCP 443 out"))
			tf = append(tf, settingSnippetTF(query.NSLaunch, "var.instance_security_group_id"))
			header += "# var.instance_security_group_id: a security group that admits the process port from the load balancer and allows TCP 443 out\n"
		}
		lbType := q.LoadBalancerType(e.Node)
		if lbType != "" && lbType != "network" && len(given(q.LoadBalancerGroups(e.Node).Configured)) == 0 {
			ns := "aws:elbv2:loadbalancer SecurityGroups (application) or aws:elb:loadbalancer SecurityGroups (classic; LoadBalancerType is not set)"
			snippetNS := query.NSALB
			switch lbType {
			case "application":
				ns = "aws:elbv2:loadbalancer SecurityGroups"
			case "classic":
				ns, snippetNS = "aws:elb:loadbalancer SecurityGroups", query.NSCLB
			}
			missing = append(missing, ns+" (the load balancer's groups)")
			cfn = append(cfn, settingSnippetCFN(snippetNS, "LoadBalancerSecurityGroup # a group that admits the listener port"))
			tf = append(tf, settingSnippetTF(snippetNS, "var.load_balancer_security_group_id"))
			header += "# var.load_balancer_security_group_id: a security group that admits the listener port\n"
		}
		if len(missing) == 0 {
			continue
		}
		at := p.a.settingAt(e, query.NSLaunch, "DisableDefaultEC2SecurityGroup")
		p.Report(Finding{
			Message: fmt.Sprintf("DisableDefaultEC2SecurityGroup is true for environment %s, so Elastic Beanstalk attaches no security group of its own, but %s %s not given. "+
				"The option makes them mandatory: without them the instances have no rule to reach the endpoints or admit the load balancer, and the environment cannot be created or never becomes healthy. "+
				"Set the missing SecurityGroups, or remove DisableDefaultEC2SecurityGroup.",
				e.Name(), strings.Join(missing, " and "), map[bool]string{true: "is", false: "are"}[len(missing) == 1]),
			Loc:         at.Loc,
			Environment: e.Name(),
			Resource:    at.Resource,
			Property:    at.Property,
			Subject:     "DisableDefaultEC2SecurityGroup",
		}, Fix{
			CloudFormation: e.Name() + ":\n  Type: AWS::ElasticBeanstalk::Environment\n  Properties:\n    OptionSettings:\n" + strings.Join(cfn, ""),
			Terraform:      header + fmt.Sprintf("resource %q %q {\n  # ...\n%s}\n", "aws_elastic_beanstalk_environment", tfBlockName(e.Name(), "env"), strings.Join(tf, "")),
		}, e.Node)
	}
}

func settingSnippetCFN(ns, value string) string {
	return fmt.Sprintf("      - Namespace: %s\n        OptionName: SecurityGroups\n        Value: !Ref %s\n", ns, value)
}

func settingSnippetTF(ns, value string) string {
	return fmt.Sprintf("  setting {\n    namespace = %q\n    name      = \"SecurityGroups\"\n    value     = %s\n  }\n", ns, value)
}
