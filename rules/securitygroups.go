package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/rules/query"
)

// EndpointSecurityGroupBlocks is EB401.
var EndpointSecurityGroupBlocks = &Rule{
	ID:       "EB401",
	Name:     "EndpointSecurityGroupBlocksInstances",
	Severity: Error,
	Title:    "Endpoint security groups do not allow HTTPS from the instances",
	Tags:     []string{"security-group", "endpoint"},
	Needs:    []Fact{FactSubnets, FactPosture, FactServices, FactEndpoints, FactSecurityGroups, FactHubEndpoint},
	Check:    checkEndpointSecurityGroups,
	Doc: doc(`Fires when a required interface endpoint (see EB301) of an Elastic Beanstalk
environment in private subnets has security groups that do not allow inbound TCP 443 from the
environment's instances. A rule allows it when its protocol is ´tcp´/´6´ with a port range that
contains 443, or ´-1´/´all´, and its source is

- a security group attached to the instances (´aws:autoscaling:launchconfiguration
  SecurityGroups´), or
- a CIDR that contains every instance subnet's CIDR (the VPC CIDR works).

Security groups combine by union, per instance subnet: each subnet must be admitted by some rule
of some group (one rule per subnet is fine; no single rule has to cover them all). The finding
points at the endpoint's ´SecurityGroupIds´ and names the subnets left out.
An endpoint without security groups gets the **VPC default security group**, which admits traffic
only from its own members: it passes only if the instances carry the default group too. A
Terraform ´aws_default_security_group´ replaces the default group's rules with those it declares,
so one without an ´ingress´ block admits no one, not even its members.
Sources the linter cannot resolve (a parameter, an imported group ID, a prefix list) give an
EB901 note instead of an error, except that a source group given by the same parameter as the
instances' ´SecurityGroups´ is the same group.

Only the endpoints the instances use are checked: when several endpoints serve one service, those
with private DNS on (the others are never called). When the VPC has no S3 gateway endpoint, the
S3 interface endpoint EB302 accepts is checked too.

Endpoints that exist are used whatever the posture: private DNS sends
the service's names to the endpoint for the whole VPC, so the rule also checks instance subnets
whose default route goes to a NAT gateway (for endpoints with private DNS on), and reports
transit subnets at the same severity as isolated ones: a NAT gateway or a transit hop does not
rescue traffic that DNS sends to a blocked endpoint. A service served through a Route 53 private
hosted zone for its DNS name (an endpoint in a hub VPC, see EB301) cannot be checked: its
endpoint's security groups are not in the inputs, and an EB901 note says so.

## Why it breaks a private environment

"The security group attached to the VPC endpoint must allow incoming connections on port 443 from
the private subnet of the VPC" [ecr-vpce] [cfn-vpce]. Otherwise the instances' HTTPS calls to the
endpoint time out and the deployment fails with "The EC2 instances failed to communicate with AWS
Elastic Beanstalk".

## Failing example

~~~yaml
SqsEndpoint:
  Type: AWS::EC2::VPCEndpoint   # EB401: no SecurityGroupIds, so the VPC default group applies
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.sqs
    VpcEndpointType: Interface
    PrivateDnsEnabled: true
    SubnetIds: [!Ref PrivateA, !Ref PrivateB]
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
EndpointSecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: HTTPS from the Elastic Beanstalk instances
    VpcId: !Ref Vpc
    SecurityGroupIngress:
      - IpProtocol: tcp
        FromPort: 443
        ToPort: 443
        CidrIp: !GetAtt Vpc.CidrBlock
# and on the endpoint: SecurityGroupIds: [!Ref EndpointSecurityGroup]
~~~

~~~hcl
resource "aws_vpc_security_group_ingress_rule" "endpoints_https" {
  security_group_id = aws_security_group.endpoints.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = aws_vpc.main.cidr_block
}
~~~

When the endpoint has no security groups and another interface endpoint of the VPC carries a
group that admits TCP 443 from the instances, the fix attaches that group instead of declaring a
new one.

If the Terraform group declares its rules inline (´ingress´ blocks), add another ´ingress´ block
(TCP 443 from the VPC CIDR) instead: the AWS provider cannot combine inline rules with separate
rule resources on one group; they conflict and overwrite each other [tf-sg]. The same goes for an
´aws_default_security_group´, which removes every rule it does not declare [tf-default-sg].

## Sources

[vpc-sg-rules] [vpc-default-sg] [cfn-sg] [tf-sg] [tf-default-sg] [cfn-vpce-res] [tf-vpce]
[ec2-api-vpce] [ecr-vpce] [ecs-vpce] [cfn-vpce] [eb-vpc].
https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
`),
}

// checkEndpointSecurityGroups reports EB401.
func checkEndpointSecurityGroups(p *Pass) {
	for _, e := range p.Environments() {
		for _, req := range slices.Concat(e.Required(), s3InterfaceRequirement(p, e)) {
			m := p.Endpoints(e, req.Service)
			for _, ep := range usedEndpoints(m, true) {
				users := endpointUsers(e, m, ep, req.Service != "s3")
				if len(users) == 0 {
					continue
				}
				ad := p.Admits(ep, e, users)
				switch ad.Allowed {
				case yes:
					continue
				case maybe:
					prop := ep.SecurityGroups.Prop
					p.Unverified(e, Unknown{
						Loc: ep.SecurityGroups.Loc(ep.Loc()), Resource: ep.Name(), Property: prop, Subject: ep.Name() + "/" + prop,
						What:   fmt.Sprintf("whether endpoint %s admits TCP 443 from the instances of environment %s is unknown (%s)", ep.Name(), e.Name(), strings.Join(query.Uniq(ad.Undecided), "; ")),
						Decide: p.text(ep.Node, decideGroups),
					}, ep.Node)
					continue
				}
				reportBlockedEndpoint(p, e, ep, req, ad)
			}
		}
	}
}

// endpointUsers returns the instance subnets whose traffic for the
// endpoint's service goes to interface endpoint ep (RULES.md posture
// notes): isolated and transit subnets when ep is one the instances use
// (usedEndpoints with fallback, and no hosted zone serving the service
// instead), and nat subnets when ep has private DNS on, which sends the
// service's names to it whatever the default route.
func endpointUsers(e *Env, m EndpointMatch, ep *Endpoint, fallback bool) []*Subnet {
	var out []*Subnet
	if slices.Contains(usedEndpoints(m, fallback && !hubServed(m)), ep) {
		out = append(out, e.InScope()...)
	}
	if ep.PrivateDNS.Tri == yes {
		out = append(out, e.NAT()...)
	}
	return out
}

// s3InterfaceRequirement returns S3 as a service whose interface endpoints
// EB401 checks when the VPC has no S3 gateway endpoint: the instances then
// reach S3 through the interface endpoint EB302 accepted.
func s3InterfaceRequirement(p *Pass, e *Env) []Requirement {
	for _, ep := range p.Endpoints(e, "s3").Candidates() {
		if ep.IsGateway() {
			return nil
		}
	}
	return []Requirement{{Service: "s3", Severity: Error, Why: "S3 (the VPC has no S3 gateway endpoint)"}}
}

// usedEndpoints returns the interface endpoints the instances use for a
// service: those with private DNS on (or undecided), which capture the
// service's name. When none has it and fallback is set, every interface
// endpoint is returned (EB203 reports their DNS; their groups matter once
// it is on).
func usedEndpoints(m EndpointMatch, fallback bool) []*Endpoint {
	var all, used []*Endpoint
	for _, ep := range m.Candidates() {
		if !ep.IsInterface() {
			continue
		}
		all = append(all, ep)
		if ep.PrivateDNS.Tri != no {
			used = append(used, ep)
		}
	}
	if len(used) == 0 && fallback {
		return all
	}
	return used
}

func reportBlockedEndpoint(p *Pass, e *Env, ep *Endpoint, req Requirement, ad Admission) {
	var names []string
	loc := ep.SecurityGroups.Loc(ep.Loc())
	related := []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}}
	if input := groupsInput(ad.Groups, false); !input.IsZero() && !ad.Default {
		related = append(related, Related{Loc: loc, Message: ep.SecurityGroups.Prop + " of endpoint " + ep.Name()})
		loc = input
	}
	for _, sg := range ad.Groups {
		names = append(names, sg.Name)
	}
	related = append(related, relatedGroups(ad.Groups)...)
	inst := "aws:autoscaling:launchconfiguration SecurityGroups is not set, so the instances carry only the group Elastic Beanstalk creates, which " +
		p.text(e.Node, noInputReferences) + " can reference"
	if groups := p.a.instanceGroups(e); len(groups) > 0 {
		var gs []string
		for _, g := range groups {
			gs = append(gs, query.DisplayName(g))
		}
		inst = "the instances carry " + strings.Join(gs, ", ") + " (aws:autoscaling:launchconfiguration SecurityGroups) and the group Elastic Beanstalk creates"
	}
	sources := "no rule allows TCP 443"
	if len(ad.Sources) > 0 {
		sources = "TCP 443 is allowed only from " + strings.Join(ad.Sources, ", ") + ", which neither covers those subnets' CIDRs nor is a group the instances carry"
	}
	var what string
	switch {
	case ad.Default && len(ad.Groups) == 1 && !ad.Groups[0].Synthetic:
		what = fmt.Sprintf("Interface endpoint %s for %s has no security groups, so it gets the VPC default security group, whose rules %s replaces: %s (%s)",
			ep.Name(), endpointName(e.Region, req.Service), ad.Groups[0].Name, sources, inst)
	case ad.Default:
		what = fmt.Sprintf("Interface endpoint %s for %s has no security groups, so it gets the VPC default security group, which admits only its own members; %s", ep.Name(), endpointName(e.Region, req.Service), inst)
	default:
		what = fmt.Sprintf("The security groups of interface endpoint %s for %s (%s) allow no inbound TCP 443 from the instances of environment %s in %s: %s (%s)",
			ep.Name(), endpointName(e.Region, req.Service), nameList(names), e.Name(), subnetNames(ad.Blocked), sources, inst)
	}
	remedy := "Allow TCP 443 from the VPC CIDR (or from a group attached to the instances) on the endpoint's security group."
	if ad.Default {
		remedy = "Give the endpoint a security group that allows TCP 443 from the VPC CIDR (or from a group attached to the instances)."
		if sg, peer := p.a.endpointGroup(e, e.InScope(), ep); sg != nil {
			remedy = fmt.Sprintf("Give the endpoint security group %s, which already admits TCP 443 from the instances on %s.", sg.Name, peer.Name())
		}
	}
	msg := fmt.Sprintf("%s. The instances in %s call the endpoint over HTTPS, the calls time out, and %s. %s",
		what, describeSubnets(ad.Blocked), serviceImpact(req.Service), remedy)
	p.Report(Finding{
		Severity:    min(req.Severity, p.Rule.Severity),
		Message:     msg,
		Loc:         loc,
		Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
		Resource: ep.Name(),
		Property: ep.SecurityGroups.Prop,
		Subject:  endpointName("<region>", req.Service),
		Related:  related,
	}, p.a.endpointIngressFix(e, ep, ad), ep.Node, e.Node)
}

// subnetNames lists subnets by name.
func subnetNames(subnets []*Subnet) string {
	var names []string
	for _, s := range subnets {
		names = append(names, s.Name)
	}
	return nameList(names)
}
