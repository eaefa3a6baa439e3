package rules

import (
	"fmt"

	"github.com/beanlint/beanlint/parsers"
)

// errFailedToCommunicate is the deployment error most private-network
// faults end in (DOMAIN.md §10).
const errFailedToCommunicate = `"The EC2 instances failed to communicate with AWS Elastic Beanstalk, either because of configuration problems with the VPC or a failed EC2 instance"`

// VPCDNSSupportDisabled is EB201.
var VPCDNSSupportDisabled = &Rule{
	ID:       "EB201",
	Name:     "VPCDNSSupportDisabled",
	Severity: Error,
	Title:    "VPC DNS support is disabled",
	Tags:     []string{"dns", "vpc"},
	Needs:    []Fact{FactSubnets, FactPosture, FactVPC},
	Check:    checkDNSSupport,
	Doc: doc(`Fires when the VPC of an Elastic Beanstalk environment in private subnets has DNS
support turned off (´EnableDnsSupport: false´, ´enable_dns_support = false´). Absent means
enabled, so only an explicit false fires.

## Why it breaks a private environment

Without internet access the instances reach Elastic Beanstalk, CloudFormation, SQS, CloudWatch
Logs and S3 only through VPC endpoints, and they call the services by their public names. Those
names resolve to the endpoints only through private DNS, which needs both VPC attributes
´enableDnsSupport´ and ´enableDnsHostnames´ [cfn-vpce-res] [vpc-dns]. With DNS support off the
Amazon resolver does not answer at all; the deployment ends with "The EC2 instances failed to
communicate with AWS Elastic Beanstalk".

Subnets whose default route leaves through a transit gateway, VPN gateway or peering get a
warning instead of an error; subnets with a NAT gateway or an internet gateway are not checked.

## Failing example

~~~yaml
Vpc:
  Type: AWS::EC2::VPC
  Properties:
    CidrBlock: 10.0.0.0/16
    EnableDnsSupport: false   # EB201
    EnableDnsHostnames: true
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
Vpc:
  Type: AWS::EC2::VPC
  Properties:
    CidrBlock: 10.0.0.0/16
    EnableDnsSupport: true
    EnableDnsHostnames: true
~~~

~~~hcl
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}
~~~

## Sources

[cfn-vpc] [tf-vpc] [vpc-dns] [cfn-vpce-res] [eb-vpc]; [kc] [eb-ts].
https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html
`),
}

// VPCDNSHostnamesDisabled is EB202.
var VPCDNSHostnamesDisabled = &Rule{
	ID:       "EB202",
	Name:     "VPCDNSHostnamesDisabled",
	Severity: Error,
	Title:    "VPC DNS hostnames are not enabled",
	Tags:     []string{"dns", "vpc"},
	Needs:    []Fact{FactSubnets, FactPosture, FactVPC},
	Check:    checkDNSHostnames,
	Doc: doc(`Fires when the VPC of an Elastic Beanstalk environment in private subnets does not
enable DNS hostnames. The attribute defaults to **disabled** for a VPC created by CloudFormation
(´EnableDnsHostnames´) or Terraform (´enable_dns_hostnames´), so leaving it out fires too; the
finding then points at the VPC and says "(default)".

## Why it breaks a private environment

Interface endpoints answer for the public service names (´elasticbeanstalk.<region>.amazonaws.com´
and so on) only with private DNS, and private DNS requires both ´enableDnsHostnames´ and
´enableDnsSupport´ [cfn-vpce-res] [vpc-dns]. Without it the instances resolve the public
addresses, which they cannot reach, and the deployment ends with "The EC2 instances failed to
communicate with AWS Elastic Beanstalk". AWS's own sample ´vpc-private.yaml´ sets neither
attribute [eb-samples].

Transit subnets get a warning; NAT and public subnets are not checked.

## Failing example

~~~yaml
Vpc:
  Type: AWS::EC2::VPC      # EB202 (default: hostnames disabled)
  Properties:
    CidrBlock: 10.0.0.0/16
~~~

## Fix

´beanlint fix´ makes this change itself, in the CloudFormation template or the Terraform .tf file of the repository that declares what it changes (for a resource inside a Terraform module, the module call's input that sets it); docs/fixes.md and docs/terraform-fixes.md in the repository list what it leaves to you.

~~~yaml
Vpc:
  Type: AWS::EC2::VPC
  Properties:
    CidrBlock: 10.0.0.0/16
    EnableDnsSupport: true
    EnableDnsHostnames: true
~~~

~~~hcl
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}
~~~

## Sources

[cfn-vpc] [tf-vpc] [vpc-dns] [cfn-vpce-res] [eb-samples]; [kc].
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-vpc.html
`),
}

func checkDNSSupport(p *Pass) {
	for _, e := range p.PrivateEnvironments() {
		if e.VPC == nil {
			continue // EB901 reports the unknown VPC
		}
		checkVPCAttr(p, e, e.VPC.EnableDNSSupport, true, "EnableDnsSupport", "enable_dns_support", "DNS support")
	}
}

func checkDNSHostnames(p *Pass) {
	for _, e := range p.PrivateEnvironments() {
		if e.VPC == nil {
			continue
		}
		checkVPCAttr(p, e, e.VPC.EnableDNSHostnames, false, "EnableDnsHostnames", "enable_dns_hostnames", "DNS hostnames")
	}
}

// checkVPCAttr reports a VPC DNS attribute that is not true; def is the
// attribute's default when absent.
func checkVPCAttr(p *Pass, e *Env, v parsers.Value, def bool, cfnProp, tfAttr, what string) {
	vpc := e.VPC
	prop := v.Prop
	on, known := v.Bool()
	if v.IsAbsent() {
		on, known = def, true
	}
	scope := e.InScope()
	switch {
	case known && on:
		return
	case !known:
		p.Unverified(e, Unknown{
			Loc: locOr(v.Loc, vpc.Loc), Resource: vpc.Name, Property: prop, Subject: vpc.Name + "/" + prop,
			What:   fmt.Sprintf("%s of VPC %s is %s", prop, vpc.Name, v.Describe()),
			Decide: p.text(vpc, decideParam),
		}, vpc)
		return
	}
	state := v.Redact("false")
	if v.Default || v.IsAbsent() {
		state = "not set (default: disabled)"
	}
	p.Report(Finding{
		Severity: scopedSeverity(p.Rule.Severity, scope),
		Message: fmt.Sprintf("VPC %s has %s turned off: %s is %s. Environment %s runs instances in its private subnets %s. "+
			"Private DNS for the VPC endpoints needs both enableDnsSupport and enableDnsHostnames, so the instances resolve the services' public addresses, cannot reach them, and the deployment fails with %s. "+
			"Set %s to true on the VPC.",
			vpc.Name, what, prop, state, e.Name(), describeSubnets(scope), errFailedToCommunicate, prop),
		Loc:         locOr(v.Loc, vpc.Loc),
		Environment: e.Name(), EnvironmentFile: e.Node.Loc.File,
		Resource: vpc.Name,
		Property: prop,
		Subject:  vpc.Name,
		Related:  []Related{{Loc: e.SubnetsLoc(), Message: "instance subnets of environment " + e.Name()}},
	}, p.a.vpcDNSFix(vpc, cfnProp, tfAttr), vpc, e.Node)
}

func locOr(l, fallback parsers.Location) parsers.Location {
	if l.IsZero() {
		return fallback
	}
	return l
}
