package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/query"
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
(´com.amazonaws.<region>.logs´, with the region filled in when an endpoint spells it).

Required services (RULES.md, DOMAIN.md §2–§3):

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
need the hub endpoint's security groups and subnets (issue 7; DOMAIN.md does not cover hosted
zones). A parent zone (´amazonaws.com´) does not count, nor a zone associated only with another
VPC. Services whose DNS name is not ´<service>.<region>.amazonaws.com´ (´api.ecr.…´) are not
recognised this way.

When the input decides the deployment region (the Terraform provider's ´region´ or
´data.aws_region´; ´--parameter AWS::Region=…´ for CloudFormation), an endpoint whose service name
spells another region does not count: endpoints don't support cross-Region requests, so the
message says which region it serves and where the environment deploys. ´${AWS::Region}´ is the
deployment region.

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

DOMAIN.md §2.1–§2.2, §3, §10: [eb-vpc] [eb-vpce] [kc] [cfn-vpce] [ecr-vpce] [ecs-vpce] [eb-secrets]
[cfn-vpce-res] [tf-vpce] [eb-ts].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc-vpce.html`),
}

// MissingS3Endpoint is EB302.
var MissingS3Endpoint = &Rule{
	ID:       "EB302",
	Name:     "MissingS3Endpoint",
	Severity: Error,
	Title:    "No S3 endpoint usable by the instances",
	Tags:     []string{"endpoint", "s3", "vpc"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEndpoints},
	Check:    checkMissingS3Endpoint,
	Doc: doc(`Fires when the VPC of an Elastic Beanstalk environment in private subnets has no S3
endpoint the instances can use: no **Gateway** endpoint for ´s3´, and no ´s3´ interface endpoint
with private DNS enabled. The finding points at the environment's ´aws:ec2:vpc Subnets´ setting.

## Why it breaks a private environment

Instances download the application bundle, platform assets and (for Docker) ECR image layers from
S3, and signal CloudFormation through S3 buckets. Without an S3 endpoint those calls time out:
"Instance did not respond within the allowed command timeout", "[AWSEBInstanceLaunchWaitCondition]"
failures or "The EC2 instances failed to communicate with AWS Elastic Beanstalk". An S3 interface
endpoint counts only with private DNS on (DOMAIN.md §6 adopts this); the gateway endpoint is the
recommended fix.

## Failing example

A VPC with interface endpoints but no ´com.amazonaws.<region>.s3´ endpoint.

## Fix

~~~yaml
S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
    VpcEndpointType: Gateway
    RouteTableIds: [!Ref PrivateRouteTable]
~~~

~~~hcl
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}
~~~

## Sources

DOMAIN.md §2.1, §6, §10: [eb-vpc] [kc] [pl-gw] [s3-iface] [ecs-vpce] [eb-ts].
https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html`),
}

// S3EndpointNotOnRouteTable is EB303.
var S3EndpointNotOnRouteTable = &Rule{
	ID:       "EB303",
	Name:     "S3EndpointNotOnRouteTable",
	Severity: Error,
	Title:    "S3 gateway endpoint not associated with an instance subnet's route table",
	Tags:     []string{"endpoint", "s3", "routing"},
	Needs:    []Fact{FactSubnets, FactPosture, FactEndpoints, FactRouteTables},
	Check:    checkS3RouteTables,
	Doc: doc(`Fires once per instance subnet when the VPC has an S3 **gateway** endpoint but the
subnet's route table is not listed on it (´RouteTableIds´, ´route_table_ids´ or
´aws_vpc_endpoint_route_table_association´). A subnet without an explicit route table association
uses the VPC's main route table. A CloudFormation template cannot reference or associate a VPC's
main route table, so such a subnet can never use the endpoint: give it its own route table. A
Terraform configuration can: list ´aws_vpc.<name>.main_route_table_id´ on the endpoint, or give the
subnet its own table (´aws_route_table_association´). (For a VPC the plan creates, the main table
holds only the local route unless ´aws_default_route_table´ or ´aws_main_route_table_association´
changes it.) The finding points at the endpoint's ´RouteTableIds´ / ´route_table_ids´ (at the
subnet when it uses the main table).

When a condition the inputs do not decide chooses the subnet's route table (a conditional
´SubnetRouteTableAssociation´) or the endpoint's list (´Fn::If´ on an item or on the whole
´RouteTableIds´), the subnet is at fault only if no alternative is listed; if some are, EB901
reports a note naming the condition.

## Why it breaks a private environment

"Subnets that are not associated with the specified route tables do not use the endpoint" [pl-gw].
The instances in that subnet cannot reach S3, so downloading the application bundle and platform
assets times out ("Instance did not respond within the allowed command timeout") and the launch
wait condition fails.

## Failing example

~~~yaml
PrivateB:
  Type: AWS::EC2::Subnet        # EB303: no route table association, uses the main table
  Properties:
    VpcId: !Ref Vpc
    CidrBlock: 10.0.2.0/24
S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
    RouteTableIds: [!Ref PrivateRouteTableA]
~~~

## Fix

~~~yaml
PrivateRouteTableB:
  Type: AWS::EC2::RouteTable
  Properties:
    VpcId: !Ref Vpc
PrivateBRouteTableAssociation:
  Type: AWS::EC2::SubnetRouteTableAssociation
  Properties:
    SubnetId: !Ref PrivateB
    RouteTableId: !Ref PrivateRouteTableB
# and: RouteTableIds: [!Ref PrivateRouteTableA, !Ref PrivateRouteTableB]
~~~

In Terraform, the same subnet (´aws_subnet.private_b´ without an ´aws_route_table_association´) is
fixed by listing the VPC's main route table on the endpoint:

~~~hcl
resource "aws_vpc_endpoint_route_table_association" "s3_main" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  route_table_id  = aws_vpc.main.main_route_table_id
}
~~~

## Sources

DOMAIN.md §1.3, §6, §10: [vpc-rt] [pl-gw] [cfn-vpc] [cfn-vpce-res] [tf-vpc] [tf-main-rta] [tf-default-rt]
[tf-vpce] [tf-vpce-rta] [eb-ts].
https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html`),
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
			if found || hubServed(m) {
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
					parts = append(parts, "the type of endpoint "+ep.Name()+" is "+ep.Node.Type.Describe())
				}
				p.Unverified(e, Unknown{
					Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: endpointName("<region>", req.Service),
					What:   what + " is unknown: " + strings.Join(parts, "; "),
					Decide: decideUndecided(p.a, append(undecided, typeUnknown...), e),
				}, append(endpointNodes(undecided), endpointNodes(typeUnknown)...)...)
				continue
			}
			var notes []string
			var related []Related
			for _, ep := range wrongType {
				t := ep.Node.Type.Redact(ep.Type)
				if ep.TypeDefault {
					t += " (" + ep.Node.Type.Prop + " is not set, and the default is Gateway)"
				}
				notes = append(notes, fmt.Sprintf("Endpoint %s names the service but is a %s endpoint request; %s needs an Interface endpoint.", ep.Name(), t, req.Service))
				related = append(related, Related{Loc: ep.Node.Loc, Message: "endpoint " + ep.Name() + " (not Interface)"})
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
				msg += "Name the deployment region in the service name of " + ep.Name() + "."
				fix = serviceNameFix(e, ep, req.Service)
			} else {
				msg += "Add an Interface endpoint for " + name + " with private DNS enabled in the instance subnets."
			}
			p.Report(Finding{
				Severity:    min(req.Severity, scopedSeverity(p.Rule.Severity, scope)),
				Message:     msg,
				Loc:         e.SubnetsLoc(),
				Environment: e.Name(),
				Resource:    e.Name(),
				Property:    e.SubnetsProperty(),
				Subject:     endpointName("<region>", req.Service),
				Related:     related,
			}, fix, e.Node)
		}
	}
}

// checkMissingS3Endpoint reports EB302.
func checkMissingS3Endpoint(p *Pass) {
	for _, e := range p.PrivateEnvironments() {
		scope := e.InScope()
		m := p.Endpoints(e, "s3")
		var noDNS []*Endpoint
		var undecided []*Endpoint
		ok := false
		for _, ep := range m.Found {
			switch {
			case ep.IsGateway():
				ok = true
			case ep.IsInterface():
				on, known := ep.Node.PrivateDNS.Bool()
				switch {
				case known && on:
					ok = true
				case known || ep.Node.PrivateDNS.IsAbsent():
					noDNS = append(noDNS, ep)
				default:
					undecided = append(undecided, ep)
				}
			case ep.Type == "":
				undecided = append(undecided, ep)
			}
		}
		if ok {
			continue
		}
		for _, ep := range m.Doubtful {
			if on, known := ep.Node.PrivateDNS.Bool(); ep.IsGateway() || ep.Type == "" || (ep.IsInterface() && (on || !known && !ep.Node.PrivateDNS.IsAbsent())) {
				undecided = append(undecided, ep)
			}
		}
		undecided = append(undecided, m.Undecided...)
		if len(undecided) > 0 {
			p.Unverified(e, Unknown{
				Loc: e.SubnetsLoc(), Resource: e.SubnetsResource(), Property: e.SubnetsProperty(), Subject: endpointName("<region>", "s3"),
				What:   fmt.Sprintf("whether the VPC of environment %s has a usable S3 endpoint is unknown: endpoints %s may provide it", e.Name(), p.Describe(undecided, e)),
				Decide: decideUndecided(p.a, undecided, e),
			}, endpointNodes(undecided)...)
			continue
		}
		var notes []string
		var related []Related
		for _, ep := range noDNS {
			notes = append(notes, fmt.Sprintf("Interface endpoint %s for S3 has private DNS disabled, so the instances' S3 calls do not use it.", ep.Name()))
			related = append(related, Related{Loc: ep.Node.Loc, Message: "S3 interface endpoint " + ep.Name() + " without private DNS"})
		}
		vpcName, on, or := p.endpointsThatDoNotCount(e, m, "S3", "S3 endpoint")
		notes, related = append(notes, on...), append(related, or...)
		var tables []*parsers.RouteTable
		for _, s := range scope {
			for _, rt := range s.Tables {
				if !rt.Synthetic && !slices.Contains(tables, rt) {
					tables = append(tables, rt)
				}
			}
		}
		msg := fmt.Sprintf("Environment %s has no S3 endpoint in %s (no Gateway endpoint for %s, and no S3 interface endpoint with private DNS). "+
			"Its instance subnets %s cannot reach S3, so downloading the application bundle and platform assets times out and the deployment fails with \"Instance did not respond within the allowed command timeout\" or %s. ",
			e.Name(), vpcName, endpointName(e.Region, "s3"), describeSubnets(scope), errFailedToCommunicate)
		if len(notes) > 0 {
			msg += strings.Join(notes, " ") + " "
		}
		fix := p.a.s3GatewayFix(e, tables)
		if ep := regionFixable(m.OtherRegion); ep != nil && ep.IsGateway() && len(noDNS) == 0 {
			msg += "Name the deployment region in the service name of " + ep.Name() + "."
			fix = serviceNameFix(e, ep, "s3")
		} else {
			msg += "Add an S3 Gateway endpoint listing the instance subnets' route tables."
		}
		p.Report(Finding{
			Severity:    scopedSeverity(p.Rule.Severity, scope),
			Message:     msg,
			Loc:         e.SubnetsLoc(),
			Environment: e.Name(),
			Resource:    e.Name(),
			Property:    e.SubnetsProperty(),
			Subject:     endpointName("<region>", "s3"),
			Related:     related,
		}, fix, e.Node)
	}
}

// otherRegionNotes explains why endpoints named for another region than
// the environment's do not count (DOMAIN.md §2.1: endpoints don't support
// cross-Region requests), with where the deployment region is decided.
// endpointsThatDoNotCount explains the endpoints of a service that exist but
// do not serve the environment (in another VPC, or for another region), and
// names the environment's VPC. what is how messages name the service ("it",
// "S3"), kind how related locations name an endpoint ("endpoint", "S3
// endpoint").
func (p *Pass) endpointsThatDoNotCount(e *Env, m EndpointMatch, what, kind string) (vpcName string, notes []string, related []Related) {
	for _, ep := range m.Elsewhere {
		notes = append(notes, fmt.Sprintf("Endpoint %s serves %s but is in VPC %s, not the environment's VPC, so it does not count.", ep.Name(), what, p.vpcLabel(ep.Node.VPC, e)))
		related = append(related, Related{Loc: ep.Node.Loc, Message: kind + " " + ep.Name() + " in another VPC"})
	}
	rn, rr := otherRegionNotes(m.OtherRegion, e)
	notes, related = append(notes, rn...), append(related, rr...)
	vpcName = "the environment's VPC"
	if e.VPC != nil {
		vpcName = "VPC " + e.VPC.Name
		related = append(related, Related{Loc: e.VPC.Loc, Message: "VPC " + e.VPC.Name})
	}
	return vpcName, notes, related
}

func otherRegionNotes(eps []*Endpoint, e *Env) (notes []string, related []Related) {
	for _, ep := range eps {
		notes = append(notes, fmt.Sprintf("Endpoint %s serves %s; the environment deploys in %s, and endpoints don't support cross-Region requests, so it does not count.",
			ep.Name(), ep.regionText(), e.Region))
		related = append(related, Related{Loc: ep.Node.Loc, Message: "endpoint " + ep.Name() + " serves " + ep.regionText()})
	}
	if len(eps) > 0 && !e.regionLoc.IsZero() {
		related = append(related, Related{Loc: e.regionLoc, Message: "deployment region " + e.Region})
	}
	return notes, related
}

// regionFixable returns the endpoint named for another region to correct
// when there is exactly one, else nil (then a new endpoint is the fix).
func regionFixable(eps []*Endpoint) *Endpoint {
	if len(eps) == 1 {
		return eps[0]
	}
	return nil
}

// reachPhrase says how sure the linter is that the subnets cannot reach a
// service without its endpoint.
func reachPhrase(scope []*Subnet) string {
	if scopedSeverity(Error, scope) == Error {
		return "have no other way to reach the service"
	}
	return "reach the service only if the network beyond the transit hop provides a path, which the linted inputs do not show"
}

// vpcLabel names another VPC for a message, with its file when its name
// is the same as the environment's VPC.
func (p *Pass) vpcLabel(v parsers.Value, e *Env) string {
	vpc, ok := parsers.LookupAs[*parsers.VPC](p.a.g, v)
	if !ok {
		return query.DisplayName(v)
	}
	if e.VPC != nil && vpc.Name == e.VPC.Name {
		return vpc.Name + " of " + vpc.Loc.File
	}
	return vpc.Name
}

// serviceImpact says what breaks without an endpoint for svc (DOMAIN.md
// §2.1, §10).
func serviceImpact(svc string) string {
	switch svc {
	case "elasticbeanstalk", "sqs":
		return "the deployment fails with " + errFailedToCommunicate
	case "cloudformation":
		return "the instances cannot signal the launch wait condition and the deployment fails with \"The following resource(s) failed to create: [AWSEBInstanceLaunchWaitCondition]\""
	case "logs":
		return "Elastic Beanstalk requires it for private environments, and without it the deployment fails with " + errFailedToCommunicate
	case "elasticbeanstalk-health":
		return "enhanced health reports cannot be sent and the environment's health shows \"No Data\" or degraded"
	case "ecr.api", "ecr.dkr":
		return "the instances cannot pull images from ECR and containers fail with CannotPullContainerError"
	case "ecs", "ecs-agent", "ecs-telemetry":
		return "the ECS agent cannot register or poll, so containers never start and the deployment times out"
	case "xray":
		return "the X-Ray daemon cannot send traces, which are lost"
	case "s3":
		return "downloading the application bundle and platform assets times out (\"Instance did not respond within the allowed command timeout\")"
	case "secretsmanager", "ssm":
		return "environment secrets cannot be fetched during instance bootstrapping, so the deployment fails"
	}
	return "the instances cannot reach the service"
}
