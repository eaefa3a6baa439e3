package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

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
with private DNS enabled. The finding points at the environment's ´aws:ec2:vpc Subnets´ setting,
or, when a Terraform module makes the VPC's endpoints one for each entry of an input of its call
(an ´endpoints´ map), at that input in the calling configuration, where the entry goes.

## Why it breaks a private environment

Instances download the application bundle, platform assets and (for Docker) ECR image layers from
S3, and signal CloudFormation through S3 buckets. Without an S3 endpoint those calls time out:
"Instance did not respond within the allowed command timeout", "[AWSEBInstanceLaunchWaitCondition]"
failures or "The EC2 instances failed to communicate with AWS Elastic Beanstalk". An S3 interface
endpoint counts only with private DNS on; the gateway endpoint is the
recommended fix.

## Failing example

A VPC with interface endpoints but no ´com.amazonaws.<region>.s3´ endpoint.

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

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

[eb-vpc] [kc] [pl-gw] [s3-iface] [ecs-vpce] [eb-ts].
https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
`),
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
				switch ep.PrivateDNS.Tri {
				case yes:
					ok = true
				case no:
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
			if ep.IsGateway() || ep.Type == "" || (ep.IsInterface() && ep.PrivateDNS.Tri != no) {
				undecided = append(undecided, ep)
			}
		}
		undecided = append(undecided, m.Undecided...)
		if len(undecided) > 0 {
			p.unverifiedService(e, "s3", undecided, Unknown{
				What:   fmt.Sprintf("whether the VPC of environment %s has a usable S3 endpoint is unknown: endpoints %s may provide it", e.Name(), p.Describe(undecided, e)),
				Decide: decideUndecided(p.a, undecided, e),
			})
			continue
		}
		var notes []string
		var related []Related
		for _, ep := range noDNS {
			notes = append(notes, fmt.Sprintf("Interface endpoint %s for S3 has private DNS disabled, so the instances' S3 calls do not use it.", ep.Name()))
			related = append(related, Related{Loc: ep.Loc(), Message: "S3 interface endpoint " + ep.Name() + " without private DNS"})
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
			msg += "Use the deployment region in the service name of " + ep.Name() + "."
			fix = p.a.serviceNameFix(e, ep, "s3")
		} else {
			msg += "Add an S3 Gateway endpoint listing the instance subnets' route tables."
		}
		loc, related := p.atEndpointsInput(e, related)
		p.Report(Finding{
			Severity:    scopedSeverity(p.Rule.Severity, scope),
			Message:     msg,
			Loc:         loc,
			Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
			Resource: e.Name(),
			Property: e.SubnetsProperty(),
			Subject:  endpointName("<region>", "s3"),
			Related:  related,
		}, fix, e.Node)
	}
}
