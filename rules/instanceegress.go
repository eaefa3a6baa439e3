package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
)

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
It applies to environments with isolated or transit instance subnets.
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

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

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

[vpc-sg-rules] [cfn-sg] [tf-sg] [eb-opts] [eb-vpc] [pl-gw].
`),
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
				groups := ep.SecurityGroups.Values
				if len(groups) == 0 && e.VPC != nil {
					groups = []parsers.Value{e.VPC.DefaultSecurityGroup}
				}
				subnets, unknown := p.a.subnetsOf(parsers.Value{Kind: parsers.List}.WithItems(ep.Subnets.Values))
				for _, s := range subnets {
					ask(query.Peer{Groups: groups, Subnet: s}, what)
				}
				if unknown || len(subnets) == 0 {
					ask(query.Peer{Groups: groups, CIDR: parsers.UnknownValue("the subnets of endpoint "+ep.Name()+" are not known", ep.Loc())}, what)
				}
			}
		}
		for _, ep := range p.Endpoints(e, "s3").Candidates() {
			if ep.IsGateway() {
				ask(query.Peer{CIDR: parsers.Lit("0.0.0.0/0", ep.Loc()), PrefixList: parsers.RefTo(ep.Node.Key, "prefix_list_id", ep.Loc())},
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
				What:   fmt.Sprintf("whether the security groups of environment %s's instances allow outbound TCP 443 to the endpoints and S3 is unknown (%s)", e.Name(), strings.Join(query.Uniq(v.why), "; ")),
				Decide: p.text(e.Node, decideGroups),
			})
			continue
		}
		sg := firstGroup(q, inst.Configured)
		loc, moved := atGroupsInput(at.Loc, evaluated, true, "aws:autoscaling:launchconfiguration SecurityGroups of environment "+e.Name())
		p.Report(Finding{
			Message: fmt.Sprintf("DisableDefaultEC2SecurityGroup is true, so environment %s's instances carry only %s, whose egress rules allow no outbound TCP 443 to %s. "+
				"The instances' HTTPS calls never leave them, and the deployment fails with %s. "+
				"Allow outbound TCP 443 to 0.0.0.0/0 on the instance security group (or to the endpoints' group and the S3 prefix list).",
				e.Name(), groupNames(evaluated), strings.Join(query.Uniq(v.blocked), ", "), errFailedToCommunicate),
			Loc:         loc,
			Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
			Resource: at.Resource,
			Property: at.Property,
			Subject:  "instance egress TCP 443",
			Related:  append(moved, relatedGroups(evaluated)...),
		}, p.a.groupRuleFix(sg, "InstanceSecurityGroup", true, 443, internetPeer), e.Node)
	}
}
