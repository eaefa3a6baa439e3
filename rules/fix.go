package rules

import (
	"fmt"
	"slices"
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

// tfVPC renders the environment's VPC ID for a Terraform fix written in
// scope sc.
func tfVPC(e *Env, sc *tfScope) string {
	if e.VPC == nil && e.VPCValue.Kind == parsers.Known {
		return `"` + strings.TrimSpace(e.VPCValue.Str) + `"`
	}
	return sc.ref(vpcNode(e), "id", "aws_vpc.main.id", "vpc_id")
}

// tfServiceName renders an endpoint service name for a Terraform fix: with
// the deployment region when the plan tells it, else from the aws_region
// data source (its "name" attribute exists in every provider version).
func tfServiceName(e *Env, svc string) string {
	if e.Region != "" && !strings.Contains(e.Region, "<") {
		return `"com.amazonaws.` + e.Region + "." + svc + `"`
	}
	return `"com.amazonaws.${data.aws_region.current.name}.` + svc + `"`
}

// subnetRefs renders the subnets as a list in both languages; in
// Terraform, subnets of another module than sc's become one variable.
func subnetRefs(subnets []*Subnet, sc *tfScope) (cfn, tf string) {
	var c, t, abs []string
	outside := false
	for _, s := range subnets {
		if s.Node == nil {
			continue
		}
		c = append(c, cfnRef(s.Node, "PrivateSubnet"))
		local := &tfScope{module: sc.module}
		t = append(t, local.ref(s.Node, "id", "aws_subnet.private.id", "subnet_id"))
		outside = outside || len(local.outside) > 0
		abs = append(abs, s.Node.Base().Name+".id")
	}
	if len(c) == 0 {
		return "[!Ref PrivateSubnetA, !Ref PrivateSubnetB]", "[aws_subnet.private_a.id, aws_subnet.private_b.id]"
	}
	if outside {
		sc.outside = append(sc.outside, "var.subnet_ids: ["+strings.Join(abs, ", ")+"]")
		return "[" + strings.Join(c, ", ") + "]", "var.subnet_ids"
	}
	return "[" + strings.Join(c, ", ") + "]", "[" + strings.Join(t, ", ") + "]"
}

// subnetNodes returns the graph nodes of subnets (those in the inputs).
func subnetNodes(subnets []*Subnet) []parsers.Node {
	var out []parsers.Node
	for _, s := range subnets {
		if s.Node != nil {
			out = append(out, s.Node)
		}
	}
	return out
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

// interfaceEndpointFix adds an interface endpoint for svc. In Terraform it
// goes in the module of the instance subnets.
func interfaceEndpointFix(e *Env, svc string, subnets []*Subnet) Fix {
	sc := scopeOf(append(subnetNodes(subnets), vpcNode(e))...)
	vpc := tfVPC(e, sc)
	cs, ts := subnetRefs(subnets, sc)
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
		Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  vpc_id              = %s
  service_name        = %s
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = %s
  security_group_ids  = [aws_security_group.endpoints.id] # a group that allows TCP 443 from the instances
}
`, tfName(svc), vpc, tfServiceName(e, svc), ts),
	}
}

// s3GatewayFix adds an S3 gateway endpoint on the given route tables. In
// Terraform it goes in the module of the first table.
func s3GatewayFix(e *Env, tables []*parsers.RouteTable) Fix {
	var nodes []parsers.Node
	for _, rt := range tables {
		nodes = append(nodes, rt)
	}
	sc := scopeOf(append(nodes, vpcNode(e))...)
	vpc := tfVPC(e, sc)
	var c, t []string
	for _, rt := range tables {
		c = append(c, cfnRef(rt, "PrivateRouteTable"))
		t = append(t, tfTable(sc, e, rt))
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
		Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint" "s3" {
  vpc_id            = %s
  service_name      = %s
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [%s]
}
`, vpc, tfServiceName(e, "s3"), strings.Join(uniq(t), ", ")),
	}
}

// tfTable renders a route table's ID in scope sc: a VPC's main route table
// through the VPC's main_route_table_id.
func tfTable(sc *tfScope, e *Env, rt *parsers.RouteTable) string {
	if rt.Synthetic {
		return sc.ref(vpcNode(e), "main_route_table_id", "aws_vpc.main.main_route_table_id", "main_route_table_id")
	}
	return sc.ref(rt, "id", "aws_route_table.private.id", "route_table_id")
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
// lists it on the S3 gateway endpoint. Terraform can reference the main
// route table instead (aws_vpc's main_route_table_id): the fix lists it on
// the endpoint, in the endpoint's module.
func ownRouteTableFix(e *Env, s *Subnet, ep *Endpoint) Fix {
	name := s.Name
	sc := scopeOf(ep.Node, vpcNode(e))
	epRef := sc.ref(ep.Node, "id", "aws_vpc_endpoint.s3.id", "s3_endpoint_id")
	main := sc.ref(vpcNode(e), "main_route_table_id", "aws_vpc.main.main_route_table_id", "main_route_table_id")
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
		Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint_route_table_association" "s3_main" {
  vpc_endpoint_id = %s
  route_table_id  = %s # the main route table %s uses
}
`, epRef, main, tfName(tfBlockName(name, "subnet"))),
	}
}

// routeTableAssociationFix lists a route table on the S3 gateway endpoint.
func routeTableAssociationFix(rt *parsers.RouteTable, ep *Endpoint) Fix {
	sc := scopeOf(ep.Node, rt)
	epRef := sc.ref(ep.Node, "id", "aws_vpc_endpoint.s3.id", "s3_endpoint_id")
	rtRef := sc.ref(rt, "id", "aws_route_table.private.id", "route_table_id")
	return Fix{
		CloudFormation: fmt.Sprintf(`%s:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    RouteTableIds:
      - %s # add the instance subnet's route table
`, ep.Name(), cfnRef(rt, "PrivateRouteTable")),
		Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint_route_table_association" "s3_%s" {
  vpc_endpoint_id = %s
  route_table_id  = %s
}
`, tfName(tfBlockName(rt.Name, "private")), epRef, rtRef),
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
		Terraform: scopeOf(ep.Node).header() + fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  # ...
  private_dns_enabled = true
}
`, tfBlockName(ep.Name(), "endpoint")),
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
		Terraform: scopeOf(vpc).header() + fmt.Sprintf(`resource "aws_vpc" "%s" {
  # ...
  enable_dns_support   = true
  enable_dns_hostnames = true # %s must be true
}
`, tfBlockName(vpc.Name, "main"), tfAttr),
	}
}

// endpointIngressFix allows TCP 443 from the VPC CIDR on an endpoint's
// group, or gives a group-less endpoint its own group.
func endpointIngressFix(e *Env, ep *Endpoint, ad Admission) Fix {
	vpc := vpcNode(e)
	cidrCFN := "!GetAtt Vpc.CidrBlock"
	if vpc != nil && !strings.Contains(vpc.Base().Name, ".") {
		cidrCFN = "!GetAtt " + vpc.Base().Name + ".CidrBlock"
	}
	if ad.Default || len(ad.Groups) == 0 {
		sc := scopeOf(ep.Node, vpc)
		vpcID, cidrTF := tfVPC(e, sc), sc.ref(vpc, "cidr_block", "aws_vpc.main.cidr_block", "vpc_cidr_block")
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
			Terraform: sc.header() + fmt.Sprintf(`resource "aws_security_group" "endpoints" {
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
`, vpcID, cidrTF, ep.Name()),
		}
	}
	sg := ad.Groups[0]
	sc := scopeOf(sg, vpc)
	sgRef, cidrTF := sc.ref(sg, "id", "aws_security_group.endpoints.id", "endpoint_security_group_id"), sc.ref(vpc, "cidr_block", "aws_vpc.main.cidr_block", "vpc_cidr_block")
	tf := sc.header() + fmt.Sprintf(`resource "aws_vpc_security_group_ingress_rule" "%s_https" {
  security_group_id = %s
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = %s
}
`, tfName(tfBlockName(sg.Name, "endpoints")), sgRef, cidrTF)
	if typ, name, ok := tfLabels(sg.Name); ok && typ == "aws_security_group" && hasInlineRules(sg) {
		// The provider cannot combine a group's inline rules with
		// separate rule resources (they overwrite each other): add an
		// inline rule instead.
		tf = sc.header() + fmt.Sprintf(`resource "aws_security_group" "%s" {
  # ...
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [%s]
  }
}
`, name, cidrTF)
	}
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
		Terraform: tf,
	}
}

// hasInlineRules reports whether a security group declares rules inline
// (ingress or egress blocks) rather than as separate resources.
func hasInlineRules(sg *parsers.SecurityGroup) bool {
	for _, r := range append(slices.Clone(sg.Ingress), sg.Egress...) {
		if r.Key == "" {
			return true
		}
	}
	return false
}
