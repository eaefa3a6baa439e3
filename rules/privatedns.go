package rules

import (
	"fmt"
)

// EndpointPrivateDNSDisabled is EB203.
var EndpointPrivateDNSDisabled = &Rule{
	ID:       "EB203",
	Name:     "EndpointPrivateDNSDisabled",
	Severity: Error,
	Title:    "Required interface endpoint has private DNS disabled",
	Tags:     []string{"dns", "endpoint"},
	Needs:    []Fact{FactSubnets, FactPosture, FactServices, FactEndpoints},
	Check:    checkEndpointPrivateDNS,
	Doc: doc(`Fires when an interface endpoint the environment requires (see EB301) exists in its
VPC but private DNS is not enabled on it: ´PrivateDnsEnabled´ / ´private_dns_enabled´ is false or
absent. Both CloudFormation and Terraform default it to **false**, unlike the console and the EC2
API. A Terraform ´aws_vpc_endpoint_private_dns´ resource that enables it counts. This rule checks
the endpoint's own setting only; the VPC attributes are EB201 and EB202.

## Why it breaks a private environment

Elastic Beanstalk's agents call the services by their public names; "choose the Enable DNS name
option when you configure all interface VPC endpoints" [eb-vpc]. Without private DNS those names
resolve to public addresses the instances cannot reach, so the endpoint exists but is never used.
For ´elasticbeanstalk´, ´cloudformation´ or ´sqs´ the deployment ends with "The EC2 instances
failed to communicate with AWS Elastic Beanstalk"; for ´ecr.dkr´ with ´CannotPullContainerError´.

## Failing example

~~~yaml
SqsEndpoint:
  Type: AWS::EC2::VPCEndpoint   # EB203 (default: private DNS disabled)
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.sqs
    VpcEndpointType: Interface
    SubnetIds: [!Ref PrivateA, !Ref PrivateB]
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
    PrivateDnsEnabled: true
~~~

~~~hcl
resource "aws_vpc_endpoint" "sqs" {
  # ...
  private_dns_enabled = true
}
~~~

## Sources

[cfn-vpce-res] [tf-vpce] [tf-vpce-dns] [eb-vpc] [eb-vpce] [ecr-vpce].
https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/vpc.html
`),
}

func checkEndpointPrivateDNS(p *Pass) {
	for _, e := range p.PrivateEnvironments() {
		scope := e.InScope()
		for _, req := range e.Required() {
			var off []*Endpoint
			var undecided []*Endpoint
			ok := false
			m := p.Endpoints(e, req.Service)
			for _, ep := range m.Candidates() {
				if !ep.IsInterface() {
					continue
				}
				switch ep.PrivateDNS.Tri {
				case yes:
					// One endpoint with private DNS serves the service,
					// unless it may not exist (EB301 notes that).
					ok = ok || e.Doubt(ep) == ""
				case no:
					off = append(off, ep)
				default:
					undecided = append(undecided, ep)
				}
			}
			if ok || hubServed(m) {
				continue
			}
			for _, ep := range undecided {
				dns := ep.PrivateDNS
				p.Unverified(e, Unknown{
					Loc: locOr(dns.Value.Loc, ep.Loc()), Resource: ep.Name(), Property: dns.Value.Prop, Subject: ep.Name() + "/" + dns.Value.Prop,
					What:   dns.Reason(),
					Decide: p.text(ep.Node, decideParam),
				}, ep.Node)
			}
			for _, ep := range off {
				dns := ep.PrivateDNS.Value
				state := dns.Redact("false")
				if ep.PrivateDNS.Unset() {
					state = "not set (default: false)"
				}
				prop := dns.Prop
				remedy := p.text(ep.Node, enablePrivateDNS)
				p.Report(Finding{
					Severity: min(req.Severity, scopedSeverity(p.Rule.Severity, scope)),
					Message: fmt.Sprintf("Interface endpoint %s for %s has private DNS disabled: %s is %s. "+
						"Environment %s (instance subnets %s) needs it for %s, and its instances call the service by its public name, which then does not resolve to the endpoint; %s. %s",
						ep.Name(), endpointName(e.Region, req.Service), prop, state, e.Name(), describeSubnets(scope), req.Why, serviceImpact(req.Service), remedy),
					Loc:         locOr(dns.Loc, ep.Loc()),
					Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
					Resource: ep.Name(),
					Property: prop,
					Subject:  endpointName("<region>", req.Service),
					Related:  []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
				}, p.a.privateDNSFix(ep), ep.Node, e.Node)
			}
		}
	}
}

// scopedSeverity lowers a rule severity for the subnets concerned:
// isolated subnets keep it, transit subnets alone make it a warning.
func scopedSeverity(sev Severity, subnets []*Subnet) Severity {
	for _, s := range subnets {
		if s.Posture == Isolated {
			return sev
		}
	}
	return min(sev, Warning)
}
