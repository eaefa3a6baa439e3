package rules

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/beanlint/beanlint/parsers"
)

// This file builds the remedies (Finding.Fix) in both input languages.
// Names of existing resources are used where the graph knows them.

// cfnRef renders a reference to a node in CloudFormation YAML.
func cfnRef(n parsers.Node, placeholder string) string {
	if n == nil || n.Base().Synthetic || strings.Contains(n.Base().Name, ".") {
		return "!Ref " + placeholder
	}
	return "!Ref " + n.Base().Name
}

// tfRef renders a reference to a node's ID in HCL.
func tfRef(n parsers.Node, placeholder string) string {
	if n == nil || n.Base().Synthetic || !strings.Contains(n.Base().Name, ".") {
		return placeholder
	}
	return n.Base().Name + ".id"
}

// vpcNode returns e's VPC as a Node (nil interface when unknown).
func vpcNode(e *Env) parsers.Node {
	if e.VPC == nil {
		return nil
	}
	return e.VPC
}

// cfnVPC renders the environment's VPC for a CloudFormation fix: the VPC's
// logical ID when it is in the inputs, else the VPCId setting as written
// (a literal ID, !Ref of a parameter, !ImportValue), else a placeholder.
func cfnVPC(e *Env) string {
	if e.VPC != nil {
		return cfnRef(e.VPC, "Vpc")
	}
	v := e.VPCValue
	switch {
	case v.Kind == parsers.Known:
		return strings.TrimSpace(v.Str)
	case strings.HasPrefix(v.Origin, "parameter "):
		return "!Ref " + v.Origin[strings.LastIndex(v.Origin, "#")+1:]
	case strings.HasPrefix(v.Origin, "import "):
		return "!ImportValue " + strings.TrimPrefix(v.Origin, "import ")
	}
	return "!Ref Vpc # the environment's VPC"
}

// tfVPC renders the environment's VPC ID for a Terraform fix.
func tfVPC(e *Env) string {
	if e.VPC == nil && e.VPCValue.Kind == parsers.Known {
		return `"` + strings.TrimSpace(e.VPCValue.Str) + `"`
	}
	return tfRef(vpcNode(e), "aws_vpc.main.id")
}

func subnetRefs(subnets []*Subnet) (cfn, tf string) {
	var c, t []string
	for _, s := range subnets {
		if s.Node == nil {
			continue
		}
		c = append(c, cfnRef(s.Node, "PrivateSubnet"))
		t = append(t, tfRef(s.Node, "aws_subnet.private.id"))
	}
	if len(c) == 0 {
		return "[!Ref PrivateSubnetA, !Ref PrivateSubnetB]", "[aws_subnet.private_a.id, aws_subnet.private_b.id]"
	}
	return "[" + strings.Join(c, ", ") + "]", "[" + strings.Join(t, ", ") + "]"
}

// logicalName turns a service suffix into a CloudFormation logical ID
// part ("ecr.dkr" → "EcrDkr") or a Terraform name ("ecr_dkr").
func logicalName(svc string) string {
	var b strings.Builder
	up := true
	for _, r := range svc {
		if r == '.' || r == '-' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func tfName(svc string) string { return strings.NewReplacer(".", "_", "-", "_").Replace(svc) }

// interfaceEndpointFix adds an interface endpoint for svc.
func interfaceEndpointFix(e *Env, svc string, subnets []*Subnet) Fix {
	cs, ts := subnetRefs(subnets)
	return Fix{
		CloudFormation: fmt.Sprintf(`%sEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: %s
    ServiceName: !Sub com.amazonaws.${AWS::Region}.%s
    VpcEndpointType: Interface
    PrivateDnsEnabled: true
    SubnetIds: %s
    SecurityGroupIds: [!Ref EndpointSecurityGroup] # allows TCP 443 from the instances
`, logicalName(svc), cfnVPC(e), svc, cs),
		Terraform: fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  vpc_id              = %s
  service_name        = "com.amazonaws.${data.aws_region.current.region}.%s"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = %s
  security_group_ids  = [aws_security_group.endpoints.id] # allows TCP 443 from the instances
}
`, tfName(svc), tfVPC(e), svc, ts),
	}
}

// s3GatewayFix adds an S3 gateway endpoint on the given route tables.
func s3GatewayFix(e *Env, tables []*parsers.RouteTable) Fix {
	var c, t []string
	for _, rt := range tables {
		c = append(c, cfnRef(rt, "PrivateRouteTable"))
		t = append(t, tfRef(rt, "aws_route_table.private.id"))
	}
	if len(c) == 0 {
		c, t = []string{"!Ref PrivateRouteTable"}, []string{"aws_route_table.private.id"}
	}
	return Fix{
		CloudFormation: fmt.Sprintf(`S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: %s
    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
    VpcEndpointType: Gateway
    RouteTableIds: [%s]
`, cfnVPC(e), strings.Join(uniq(c), ", ")),
		Terraform: fmt.Sprintf(`resource "aws_vpc_endpoint" "s3" {
  vpc_id            = %s
  service_name      = "com.amazonaws.${data.aws_region.current.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [%s]
}
`, tfVPC(e), strings.Join(uniq(t), ", ")),
	}
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// ownRouteTableFix gives a subnet on the VPC main table its own table and
// lists it on the S3 gateway endpoint.
func ownRouteTableFix(e *Env, s *Subnet, ep *Endpoint) Fix {
	name := s.Name
	return Fix{
		CloudFormation: fmt.Sprintf(`%[1]sRouteTable:
  Type: AWS::EC2::RouteTable
  Properties:
    VpcId: %[2]s
%[1]sRouteTableAssociation:
  Type: AWS::EC2::SubnetRouteTableAssociation
  Properties:
    SubnetId: %[3]s
    RouteTableId: !Ref %[1]sRouteTable
# and list it on %[4]s:
#   RouteTableIds: [..., !Ref %[1]sRouteTable]
`, logicalName(name), cfnVPC(e), cfnRef(s.Node, name), ep.Name()),
		Terraform: fmt.Sprintf(`resource "aws_vpc_endpoint_route_table_association" "s3_%[1]s" {
  vpc_endpoint_id = %[2]s
  route_table_id  = %[3]s.main_route_table_id
}
`, tfName(lastLabel(name)), tfRef(ep.Node, "aws_vpc_endpoint.s3.id"), strings.TrimSuffix(tfRef(vpcNode(e), "aws_vpc.main.id"), ".id")),
	}
}

func lastLabel(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 {
		return s[i+1:]
	}
	return s
}

// routeTableAssociationFix lists a route table on the S3 gateway endpoint.
func routeTableAssociationFix(rt *parsers.RouteTable, ep *Endpoint) Fix {
	return Fix{
		CloudFormation: fmt.Sprintf(`%s:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    RouteTableIds:
      - %s # add the instance subnet's route table
`, ep.Name(), cfnRef(rt, "PrivateRouteTable")),
		Terraform: fmt.Sprintf(`resource "aws_vpc_endpoint_route_table_association" "s3_%s" {
  vpc_endpoint_id = %s
  route_table_id  = %s
}
`, tfName(lastLabel(rt.Name)), tfRef(ep.Node, "aws_vpc_endpoint.s3.id"), tfRef(rt, "aws_route_table.private.id")),
	}
}

// privateDNSFix turns on an endpoint's private DNS.
func privateDNSFix(ep *Endpoint) Fix {
	return Fix{
		CloudFormation: fmt.Sprintf(`%s:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    PrivateDnsEnabled: true
`, ep.Name()),
		Terraform: fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  private_dns_enabled = true
}
`, tfName(lastLabel(ep.Name()))),
	}
}

// vpcDNSFix enables a VPC DNS attribute.
func vpcDNSFix(vpc *parsers.VPC, cfnProp, tfAttr string) Fix {
	return Fix{
		CloudFormation: fmt.Sprintf(`%s:
  Type: AWS::EC2::VPC
  Properties:
    EnableDnsSupport: true
    EnableDnsHostnames: true # %s must be true
`, vpc.Name, cfnProp),
		Terraform: fmt.Sprintf(`resource "aws_vpc" "%s" {
  enable_dns_support   = true
  enable_dns_hostnames = true # %s must be true
}
`, lastLabel(vpc.Name), tfAttr),
	}
}

// endpointIngressFix allows TCP 443 from the VPC CIDR on an endpoint's
// group, or gives a group-less endpoint its own group.
func endpointIngressFix(e *Env, ep *Endpoint, ad Admission) Fix {
	vpc := vpcNode(e)
	cidrCFN := "!GetAtt Vpc.CidrBlock"
	cidrTF := "aws_vpc.main.cidr_block"
	if vpc != nil && !strings.Contains(vpc.Base().Name, ".") {
		cidrCFN = "!GetAtt " + vpc.Base().Name + ".CidrBlock"
	} else if vpc != nil {
		cidrTF = vpc.Base().Name + ".cidr_block"
	}
	if ad.Default || len(ad.Groups) == 0 {
		return Fix{
			CloudFormation: fmt.Sprintf(`EndpointSecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: HTTPS from the Elastic Beanstalk instances
    VpcId: %s
    SecurityGroupIngress:
      - IpProtocol: tcp
        FromPort: 443
        ToPort: 443
        CidrIp: %s
# and on %s:
#   SecurityGroupIds: [!Ref EndpointSecurityGroup]
`, cfnVPC(e), cidrCFN, ep.Name()),
			Terraform: fmt.Sprintf(`resource "aws_security_group" "endpoints" {
  vpc_id = %s
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [%s]
  }
}
# and on %s:
#   security_group_ids = [aws_security_group.endpoints.id]
`, tfVPC(e), cidrTF, ep.Name()),
		}
	}
	sg := ad.Groups[0]
	return Fix{
		CloudFormation: fmt.Sprintf(`%sHttpsIngress:
  Type: AWS::EC2::SecurityGroupIngress
  Properties:
    GroupId: %s
    IpProtocol: tcp
    FromPort: 443
    ToPort: 443
    CidrIp: %s
`, logicalName(sg.Name), cfnRef(sg, "EndpointSecurityGroup"), cidrCFN),
		Terraform: fmt.Sprintf(`resource "aws_vpc_security_group_ingress_rule" "%s_https" {
  security_group_id = %s
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = %s
}
`, tfName(lastLabel(sg.Name)), tfRef(sg, "aws_security_group.endpoints.id"), cidrTF),
	}
}
