package rules

import (
	"fmt"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// MissingInterfaceEndpoint is EB301.
var MissingInterfaceEndpoint = &Rule{
	ID:       "EB301",
	Name:     "MissingInterfaceEndpoint",
	Severity: Error,
	Title:    "Required interface endpoint missing",
	Tags:     []string{"endpoint", "vpc"},
	Needs:    []Fact{FactSubnets, FactPosture, FactServices, FactEndpoints},
	Check:    checkMissingInterfaceEndpoints,
	Doc: doc(`Fires once per service when an interface VPC endpoint an Elastic Beanstalk
environment in private subnets needs is missing from the environment's VPC. The finding points at
the environment's ´aws:ec2:vpc Subnets´ setting and names the endpoint service
(´com.amazonaws.<region>.logs´, with the region filled in when an endpoint spells it). When a
Terraform module makes the VPC's interface endpoints, one for each entry of an input of its call
(the ´endpoints´ map of terraform-aws-modules' vpc-endpoints), the finding points at that input
in the calling configuration instead, where the missing entry goes, with the Subnets setting
related.

Required services:

| platform / setting | services | severity |
|---|---|---|
| every platform | ´elasticbeanstalk´, ´cloudformation´, ´sqs´, ´logs´ | error |
| ´aws:elasticbeanstalk:healthreporting:system SystemType´ = ´enhanced´ | ´elasticbeanstalk-health´ | error (warning when unset) |
| Docker on Amazon Linux 2 / 2023 (and legacy Docker on AL1) | ´ecr.api´, ´ecr.dkr´ | error |
| ECS on Amazon Linux 2 / 2023 (and legacy Multi-container Docker) | ´ecs´, ´ecs-agent´, ´ecs-telemetry´, ´ecr.api´, ´ecr.dkr´ | error |
| ´aws:elasticbeanstalk:xray XRayEnabled = true´ | ´xray´ | warning |
| ´aws:elasticbeanstalk:application:environmentsecrets´ | ´secretsmanager´ / ´ssm´ per ARN | warning |

Only endpoints in the environment's VPC count; an endpoint of the service in another VPC is named
in the message but does not help. An endpoint without ´VpcEndpointType´ is a **Gateway** endpoint
request (the CloudFormation and Terraform default), which interface-only services reject, so it
does not count either. A fully known service name without a region label
(´com.amazonaws.s3-global.accesspoint´) is of no required service.

A service reached through an endpoint in another VPC (a hub VPC) is not missing: when a Route 53
private hosted zone named for the service's DNS name, ´<service>.<region>.amazonaws.com´ (trailing
dot optional, any case), is associated with the environment's VPC (´AWS::Route53::HostedZone
VPCs´, ´aws_route53_zone´ ´vpc´ blocks, ´aws_route53_zone_association´), the zone answers the
service's name and neither this rule nor EB203 fires for it; an EB901 note names the rules that
need the hub endpoint's security groups and subnets (the AWS documentation beanlint follows does
not cover hosted zones). A parent zone (´amazonaws.com´) does not count, nor a zone associated only
with another VPC. Services whose DNS name is not ´<service>.<region>.amazonaws.com´ (´api.ecr.…´) are not
recognised this way.

A service the configuration file declares provided centrally (´central-endpoints´ in
´.beanlint.yaml´: an endpoint in a hub VPC reached through a transit gateway or peering, with its
DNS outside the inputs) is not missing either, EB203 does not fire for it, and no note is given.
But when the route tables of instance subnets hold only the local route and gateway endpoints'
prefix-list routes (no route to a transit gateway, peering connection or anything else, none under
a condition, no VGW propagation), nothing leaves the VPC, and this rule reports the service for
those subnets with a message that says so.

When the input decides the deployment region (the Terraform provider's ´region´ or
´data.aws_region´; ´--parameter AWS::Region=…´ for CloudFormation), an endpoint whose service name
spells another region does not count: endpoints don't support cross-Region requests, so the
message says which region it serves and where the environment deploys. ´${AWS::Region}´ is the
deployment region, and so is, in a Terraform configuration linted without a plan, the default
provider's region that the configuration leaves to ´AWS_REGION´ or the profile (read through
´data.aws_region´ without arguments, or the provider's region variable without a value or with a
null default), in service names built from it by string templates, ´format´ or ´join´: any other
function applied to it (´replace´, ´trimsuffix´) makes the name unknown, an EB901 note.

EB901 reports a note instead of this error when the linter cannot tell whether an endpoint
serves the service: its service name or VPC is a parameter it cannot resolve, it exists only
under an undecided ´Condition´, or, when the deployment region is unknown, it names a literal
region while the VPC's endpoints name several (an endpoint serves only its own region). The VPC
may be outside the inputs: the environment's ´VPCId´ and the endpoints' ´VpcId´ match when they
are the same literal ID or the same parameter.

Subnets whose default route goes to a transit gateway, VPN gateway or peering get a warning;
NAT and public subnets are not checked: endpoints are optional there.

## Why it breaks a private environment

Without a route to the internet, the instances reach AWS services only through endpoints. A
missing ´elasticbeanstalk´, ´cloudformation´ or ´sqs´ endpoint ends the deployment with "The EC2
instances failed to communicate with AWS Elastic Beanstalk" or "The following resource(s) failed
to create: [AWSEBInstanceLaunchWaitCondition]"; missing ECR endpoints end Docker deployments with
´CannotPullContainerError´.

## Failing example

~~~yaml
Environment:
  Type: AWS::ElasticBeanstalk::Environment
  Properties:
    SolutionStackName: 64bit Amazon Linux 2023 v6.1.0 running Node.js 20
    OptionSettings:
      - Namespace: aws:ec2:vpc
        OptionName: Subnets
        Value: !Join [",", [!Ref PrivateA, !Ref PrivateB]]   # EB301 com.amazonaws.<region>.logs
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
LogsEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.logs
    VpcEndpointType: Interface
    PrivateDnsEnabled: true
    SubnetIds: [!Ref PrivateA, !Ref PrivateB]
    SecurityGroupIds: [!Ref EndpointSecurityGroup]
~~~

~~~hcl
resource "aws_vpc_endpoint" "logs" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.logs"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  security_group_ids  = [aws_security_group.endpoints.id]
}
~~~

## Sources

[eb-vpc] [eb-vpce] [kc] [cfn-vpce] [ecr-vpce] [ecs-vpce] [eb-secrets]
[cfn-vpce-res] [tf-vpce] [eb-ts].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc-vpce.html
`),
}

// checkMissingInterfaceEndpoints reports EB301.
func checkMissingInterfaceEndpoints(p *Pass) {
	for _, e := range p.PrivateEnvironments() {
		scope := e.InScope()
		for _, req := range e.Required() {
			m := p.Endpoints(e, req.Service)
			var wrongType, typeUnknown []*Endpoint
			found := false
			for _, ep := range m.Found {
				switch {
				case ep.IsInterface():
					found = true
				case ep.Type == "":
					typeUnknown = append(typeUnknown, ep)
				default:
					wrongType = append(wrongType, ep)
				}
			}
			name := endpointName(e.Region, req.Service)
			if found || len(m.Hub) > 0 {
				continue
			}
			if m.Central {
				p.centralUnreachable(e, req, scope)
				continue
			}
			undecided := m.Undecided
			for _, ep := range m.Doubtful {
				if ep.IsInterface() || ep.Type == "" {
					undecided = append(undecided, ep)
				} else {
					wrongType = append(wrongType, ep)
				}
			}
			if len(typeUnknown) > 0 || len(undecided) > 0 {
				what := fmt.Sprintf("whether the VPC of environment %s has an interface endpoint for %s", e.Name(), name)
				var parts []string
				if len(undecided) > 0 {
					parts = append(parts, "endpoints "+p.Describe(undecided, e)+" may serve it")
				}
				for _, ep := range typeUnknown {
					parts = append(parts, "the type of endpoint "+ep.Name()+" is "+ep.TypeValue.Describe())
				}
				p.unverifiedService(e, req.Service, undecided, Unknown{
					What:   what + " is unknown: " + strings.Join(parts, "; "),
					Decide: decideUndecided(p.a, append(undecided, typeUnknown...), e),
				}, endpointNodes(typeUnknown)...)
				continue
			}
			var notes []string
			var related []Related
			for _, ep := range wrongType {
				t := ep.TypeValue.Redact(ep.Type)
				if ep.TypeDefault {
					t += " (" + ep.TypeValue.Prop + " is not set, and the default is Gateway)"
				}
				notes = append(notes, fmt.Sprintf("Endpoint %s names the service but is a %s endpoint request; %s needs an Interface endpoint.", ep.Name(), t, req.Service))
				related = append(related, Related{Loc: ep.Loc(), Message: "endpoint " + ep.Name() + " (not Interface)"})
			}
			if o := req.Setting; o != nil && o.Owner != e.Node.Key {
				related = append(related, Related{Loc: o.Loc, Message: o.Namespace + " " + o.Name + " = " + o.Value.Describe() + strings.TrimPrefix(p.a.settingOrigin(*o), ",")})
			}
			vpcName, on, or := p.endpointsThatDoNotCount(e, m, "it", "endpoint")
			notes, related = append(notes, on...), append(related, or...)
			msg := fmt.Sprintf("Environment %s needs an interface endpoint for %s (%s) in %s, and there is none. "+
				"Its instance subnets %s %s; %s. ",
				e.Name(), name, req.Why, vpcName, describeSubnets(scope), reachPhrase(scope), serviceImpact(req.Service))
			if len(notes) > 0 {
				msg += strings.Join(notes, " ") + " "
			}
			fix := p.a.interfaceEndpointFix(e, req.Service, scope)
			if ep := regionFixable(m.OtherRegion); ep != nil && ep.IsInterface() && len(wrongType) == 0 {
				msg += "Use the deployment region in the service name of " + ep.Name() + "."
				fix = p.a.serviceNameFix(e, ep, req.Service)
			} else {
				msg += "Add an Interface endpoint for " + name + " with private DNS enabled in the instance subnets."
			}
			loc, related := p.atEndpointsInput(e, related)
			p.Report(Finding{
				Severity:    min(req.Severity, scopedSeverity(p.Rule.Severity, scope)),
				Message:     msg,
				Loc:         loc,
				Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
				Resource: e.Name(),
				Property: e.SubnetsProperty(),
				Subject:  endpointName("<region>", req.Service),
				Related:  related,
			}, fix, e.Node)
		}
	}
}

// atEndpointsInput locates a finding about an endpoint missing from
// environment e's VPC: on the module input the VPC's endpoints are made
// from when there is one (the missing endpoint is an entry to add there),
// with the environment's subnets and an endpoint made from it related
// before related; else on the subnets.
func (p *Pass) atEndpointsInput(e *Env, related []Related) (parsers.Location, []Related) {
	in, sibling := p.endpointsInput(e)
	if sibling == nil {
		return e.SubnetsLoc(), related
	}
	at := sibling.Node.Loc
	if !sibling.Node.ModuleSource.IsZero() {
		at = sibling.Node.ModuleSource
	}
	return in, append([]Related{
		{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()},
		{Loc: at, Message: "endpoint " + sibling.Name() + ", made for an entry of that input"},
	}, related...)
}

// endpointsInput is the module input in the calling configuration that
// the interface endpoints of environment e's VPC are made from, one for
// each of its entries (parsers.VPCEndpoint.EachInput), with one of those
// endpoints; nil when the VPC has none, or they come from anything else.
func (p *Pass) endpointsInput(e *Env) (parsers.Location, *Endpoint) {
	var at parsers.Location
	var first *Endpoint
	for _, req := range e.Required() {
		for _, ep := range p.Endpoints(e, req.Service).Found {
			if !ep.IsInterface() {
				continue
			}
			in := ep.Node.EachInput
			if in.IsZero() || first != nil && in != at {
				return parsers.Location{}, nil
			}
			if first == nil {
				at, first = in, ep
			}
		}
	}
	return at, first
}
