package terraform

import (
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
)

// maker builds the nodes of one instance.
type maker func(b *builder, in *instance, hdr parsers.Resource) []parsers.Node

// makers by type ("data." prefix for data sources). aws_default_* types make
// a node only when they do not adopt a VPC's default object of this plan.
var makers = map[string]maker{
	"aws_vpc":                                      makeVPC,
	"data.aws_vpc":                                 makeDataVPC,
	"aws_subnet":                                   makeSubnet,
	"data.aws_subnet":                              makeSubnet,
	"aws_route_table":                              makeRouteTable,
	"data.aws_route_table":                         makeDataRouteTable,
	"aws_default_route_table":                      makeRouteTable,
	"aws_internet_gateway":                         gatewayMaker(parsers.InternetGateway),
	"data.aws_internet_gateway":                    gatewayMaker(parsers.InternetGateway),
	"aws_egress_only_internet_gateway":             gatewayMaker(parsers.EgressOnlyGateway),
	"aws_vpn_gateway":                              gatewayMaker(parsers.VPNGateway),
	"aws_ec2_transit_gateway":                      gatewayMaker(parsers.TransitGateway),
	"aws_ec2_carrier_gateway":                      gatewayMaker(parsers.CarrierGateway),
	"aws_nat_gateway":                              gatewayMaker(parsers.NATGatewayKind),
	"data.aws_nat_gateway":                         gatewayMaker(parsers.NATGatewayKind),
	"aws_vpc_endpoint":                             makeEndpoint,
	"data.aws_vpc_endpoint":                        makeEndpoint,
	"aws_security_group":                           makeSecurityGroup,
	"aws_default_security_group":                   makeSecurityGroup,
	"data.aws_security_group":                      makeDataSecurityGroup,
	"aws_network_acl":                              makeNetworkACL,
	"aws_default_network_acl":                      makeNetworkACL,
	"aws_elastic_beanstalk_environment":            makeEnvironment,
	"aws_elastic_beanstalk_configuration_template": makeConfigTemplate,
	"aws_route53_zone":                             makeHostedZone,
}

// makeHostedZone reads a hosted zone's name and the vpc_id of its vpc blocks
// (a private hosted zone's associations). vpc is a set of blocks: when a
// planned vpc_id is unknown, the vpc_id expressions of every configured
// block stand for the unknown ones.
func makeHostedZone(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	hz := &parsers.HostedZone{Resource: hdr, ZoneName: b.value(in, "name")}
	loc := b.attrLoc(in, "vpc")
	t, why := b.nestedBlocks(in, "vpc")
	if why != "" {
		hz.VPCs = append(hz.VPCs, parsers.UnknownValue(why, loc))
		return []parsers.Node{hz}
	}
	unknown := t.unknown()
	for _, e := range t.items() {
		id := e.field("vpc_id")
		if id.unknown() {
			unknown = true
			continue
		}
		if v := toValue(id, loc, in.addr+".vpc[].vpc_id"); v.Kind != parsers.Absent {
			hz.VPCs = append(hz.VPCs, v)
		}
	}
	if !unknown {
		return []parsers.Node{hz}
	}
	var blocks []map[string]*tfjson.Expression
	if e := expr(in, "vpc"); e != nil {
		blocks = e.NestedBlocks
	}
	for _, blk := range blocks {
		if e := blk["vpc_id"]; e != nil {
			hz.VPCs = append(hz.VPCs, b.exprValues(scopeOf(in), e, want{what: in.addr + ".vpc[].vpc_id", loc: loc}, 0)...)
		}
	}
	if len(blocks) == 0 {
		hz.VPCs = append(hz.VPCs, parsers.UnknownValue(b.afterApply(in.addr+".vpc"), loc))
	}
	return []parsers.Node{hz}
}

// syntheticSuffixes name a VPC's implicit objects after its key.
const (
	mainSuffix = "#main"
	sgSuffix   = "#default-sg"
	aclSuffix  = "#default-acl"
)

func makeVPC(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	loc := hdr.Loc
	vpc := &parsers.VPC{Resource: hdr}
	if c := b.cidr(in); c.Kind != parsers.Absent {
		vpc.CIDRs = []parsers.Value{c}
	}
	vpc.EnableDNSSupport = orDefault(b.value(in, "enable_dns_support"), "true", loc)
	vpc.EnableDNSHostnames = orDefault(b.value(in, "enable_dns_hostnames"), "false", loc)
	self := parsers.RefTo(hdr.Key, "", loc)
	synthetic := func(suffix, typ, attr string) parsers.Resource {
		r := parsers.Resource{Key: hdr.Key + suffix, Name: hdr.Name + "." + attr, Type: typ, Loc: loc, Synthetic: true, ReadOnly: hdr.ReadOnly, ModuleCalls: hdr.ModuleCalls}
		if id, ok := b.known(in, attr); ok {
			r.PhysicalID = parsers.Lit(id, loc)
		}
		return r
	}
	main := &parsers.RouteTable{Resource: synthetic(mainSuffix, "aws_route_table", "main_route_table_id"), VPC: self}
	sg := &parsers.SecurityGroup{Resource: synthetic(sgSuffix, "aws_security_group", "default_security_group_id"), VPC: self, IsDefault: true}
	sg.Ingress, sg.Egress = parsers.DefaultSecurityGroupRules(sg.Key, loc)
	acl := &parsers.NetworkACL{Resource: synthetic(aclSuffix, "aws_network_acl", "default_network_acl_id"), VPC: self, IsDefault: true}
	acl.Entries = parsers.DefaultACLEntries(loc)
	vpc.MainRouteTable = parsers.RefTo(main.Key, "", loc)
	vpc.DefaultSecurityGroup = parsers.RefTo(sg.Key, "", loc)
	vpc.DefaultNetworkACL = parsers.RefTo(acl.Key, "", loc)
	return []parsers.Node{vpc, main, sg, acl}
}

// cidr reads cidr_block, or says it comes from an IPAM pool.
func (b *builder) cidr(in *instance) parsers.Value {
	v := b.value(in, "cidr_block")
	if v.Kind == parsers.Absent {
		if pool := in.vals.field("ipv4_ipam_pool_id"); pool.v != nil || pool.unknown() {
			return parsers.UnknownValue(in.addr+".cidr_block is allocated from an IPAM pool at apply", b.attrLoc(in, "ipv4_ipam_pool_id"))
		}
	}
	return v
}

// makeDataVPC builds a VPC read by a data source: it exists outside the
// plan, so its default objects are not known, except the main route table
// ID the data source exports.
func makeDataVPC(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	loc := hdr.Loc
	vpc := &parsers.VPC{Resource: hdr}
	for _, assoc := range in.vals.field("cidr_block_associations").items() {
		if c := toValue(assoc.field("cidr_block"), loc, in.addr+".cidr_block"); c.Kind != parsers.Absent {
			vpc.CIDRs = append(vpc.CIDRs, c)
		}
	}
	if len(vpc.CIDRs) == 0 {
		if c := b.dataAttr(in, "cidr_block"); c.Kind != parsers.Absent {
			vpc.CIDRs = []parsers.Value{c}
		}
	}
	vpc.EnableDNSSupport = b.dataAttr(in, "enable_dns_support")
	vpc.EnableDNSHostnames = b.dataAttr(in, "enable_dns_hostnames")
	vpc.MainRouteTable = b.dataAttr(in, "main_route_table_id")
	outside := func(what string) parsers.Value {
		return parsers.UnknownValue("the "+what+" of "+in.addr+" (a VPC that exists outside the plan) is not in the plan", loc)
	}
	if vpc.MainRouteTable.Kind == parsers.Absent {
		vpc.MainRouteTable = outside("main route table")
	}
	vpc.DefaultSecurityGroup = outside("default security group")
	vpc.DefaultNetworkACL = outside("default network ACL")
	return []parsers.Node{vpc}
}

// dataAttr reads an attribute a data source computes: unknown when the
// data source is read only at apply, never defaulted.
func (b *builder) dataAttr(in *instance, name string) parsers.Value {
	return b.readDataAttr(in, name).Named(name)
}

func (b *builder) readDataAttr(in *instance, name string) parsers.Value {
	t := in.vals.field(name)
	loc := b.resourceLoc(in)
	what := in.addr + "." + name
	switch {
	case t.unknown() || in.deferred && t.v == nil:
		if e := expr(in, name); e != nil || b.hasArg(in, name) {
			return b.single(b.unknownArg(in, name, e, loc, what), in, name)
		}
		return parsers.UnknownValue(what+" is read only at apply", loc)
	}
	return toValue(t, loc, what)
}

func makeSubnet(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	sub := &parsers.Subnet{Resource: hdr, AZIndex: -1, RouteTablesProp: "route_table_id"}
	if in.mode == "data" {
		sub.VPC = b.dataAttr(in, "vpc_id")
		sub.CIDR = b.dataAttr(in, "cidr_block")
		sub.AvailabilityZone = b.dataAttr(in, "availability_zone")
		sub.AvailabilityZoneID = b.dataAttr(in, "availability_zone_id")
		sub.MapPublicIPOnLaunch = b.dataAttr(in, "map_public_ip_on_launch")
		b.dataSubnets = append(b.dataSubnets, sub)
		return []parsers.Node{sub}
	}
	sub.VPC = b.value(in, "vpc_id")
	sub.CIDR = b.cidr(in)
	sub.AvailabilityZone = b.value(in, "availability_zone")
	sub.AvailabilityZoneID = b.value(in, "availability_zone_id")
	sub.MapPublicIPOnLaunch = orDefault(b.value(in, "map_public_ip_on_launch"), "false", hdr.Loc)
	return []parsers.Node{sub}
}

func makeRouteTable(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	rt := &parsers.RouteTable{Resource: hdr, VPC: b.value(in, "vpc_id")}
	rt.Routes = b.inlineRoutes(in, "route")
	rt.PropagatingVGWs = b.list(in, "propagating_vgws")
	return []parsers.Node{rt}
}

func makeDataRouteTable(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	rt := &parsers.RouteTable{Resource: hdr, VPC: b.dataAttr(in, "vpc_id")}
	rt.Routes = b.inlineRoutes(in, "routes")
	return []parsers.Node{rt}
}

func gatewayMaker(kind parsers.GatewayKind) maker {
	return func(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
		gw := &parsers.Gateway{Resource: hdr, Kind: kind}
		attr := b.value
		if in.mode == "data" {
			attr = b.dataAttr
		}
		if kind == parsers.InternetGateway && in.mode == "data" {
			for _, a := range in.vals.field("attachments").items() {
				if v := toValue(a.field("vpc_id"), hdr.Loc, in.addr+".attachments"); v.Kind != parsers.Absent {
					gw.VPCs = append(gw.VPCs, v)
				}
			}
		} else if v := attr(in, "vpc_id"); v.Kind != parsers.Absent && kind != parsers.NATGatewayKind && kind != parsers.TransitGateway {
			gw.VPCs = append(gw.VPCs, v)
		}
		if kind == parsers.NATGatewayKind {
			gw.Subnet = attr(in, "subnet_id")
			ct := attr(in, "connectivity_type")
			switch ct.Kind {
			case parsers.Absent:
				gw.Private = parsers.DefaultValue("false", hdr.Loc)
			case parsers.Known:
				gw.Private = parsers.Derived(strconv.FormatBool(strings.EqualFold(ct.Str, "private")), ct.Loc, ct)
			default:
				ct.SetOrigin(parsers.Origin{}) // Private is computed from the connectivity type
				gw.Private = ct
			}
		}
		return []parsers.Node{gw}
	}
}

func makeEndpoint(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	ep := &parsers.VPCEndpoint{Resource: hdr, SubnetsProp: "subnet_ids", SecurityGroupsProp: "security_group_ids", RouteTablesProp: "route_table_ids"}
	if in.mode == "data" {
		ep.VPC = b.dataAttr(in, "vpc_id")
		ep.ServiceName = b.dataAttr(in, "service_name")
		ep.Type = b.dataAttr(in, "vpc_endpoint_type")
		ep.PrivateDNS = b.dataAttr(in, "private_dns_enabled")
		ep.Subnets = flatten(b.dataAttr(in, "subnet_ids"))
		ep.SecurityGroups = flatten(b.dataAttr(in, "security_group_ids"))
		ep.RouteTables = flatten(b.dataAttr(in, "route_table_ids"))
		ep.Policy = policyValue(b.dataAttr(in, "policy"), in.addr+".policy")
		return []parsers.Node{ep}
	}
	ep.VPC = b.value(in, "vpc_id")
	ep.ServiceName = b.value(in, "service_name")
	ep.Type = orDefault(b.value(in, "vpc_endpoint_type"), parsers.EndpointGateway, hdr.Loc)
	ep.PrivateDNS = orDefault(b.value(in, "private_dns_enabled"), "false", hdr.Loc)
	ep.Subnets = b.list(in, "subnet_ids")
	ep.SecurityGroups = b.list(in, "security_group_ids")
	ep.RouteTables = b.list(in, "route_table_ids")
	ep.Policy = policyValue(b.value(in, "policy"), in.addr+".policy")
	if !ep.Policy.IsAbsent() {
		ep.PolicyFrom = b.policyFrom(in, "policy")
		ep.PolicyFromLoc = b.ownBlock(in, ep.PolicyFrom)
		ep.PolicyIn, ep.PolicyInLoc = b.policyWritten(in)
	}
	ep.EachInput = b.eachInput(in)
	return []parsers.Node{ep}
}

// policyValue turns a policy given as a JSON string into a Map value.
func policyValue(v parsers.Value, what string) parsers.Value {
	switch v.Kind {
	case parsers.Absent, parsers.Unknown:
		return v
	case parsers.Map:
		// The document of an aws_iam_policy_document read from the .tf
		// source (policydoc.go).
		return v
	case parsers.Known:
	default:
		// A document built around references (jsonencode with a VPC ID in
		// a condition): its text is known only after apply.
		return parsers.UnknownValue(what+" is known only after apply: it is built from "+v.Describe(), v.Loc)
	}
	if strings.TrimSpace(v.Str) == "" {
		return parsers.Value{}
	}
	out, err := jsonValue(v.Str, v.Loc)
	if err != nil || out.Kind != parsers.Map {
		return parsers.UnknownValue(what+" is not a valid JSON policy document", v.Loc)
	}
	if v.Secret {
		out = out.AsSecret()
	}
	return out
}

func makeSecurityGroup(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	sg := &parsers.SecurityGroup{Resource: hdr, VPC: b.value(in, "vpc_id")}
	sg.Ingress = b.inlineSGRules(in, "ingress", hdr.Key)
	sg.Egress = b.inlineSGRules(in, "egress", hdr.Key)
	// Terraform removes the default allow-all egress rule: no egress rules
	// means no egress (DOMAIN.md §5.1).
	sg.IsDefault = in.typ == "aws_default_security_group"
	sg.IngressInput, sg.EgressInput = b.rulesInputs(in)
	return []parsers.Node{sg}
}

// makeDataSecurityGroup builds a group read by a data source: its rules are
// not in the plan.
func makeDataSecurityGroup(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	sg := &parsers.SecurityGroup{Resource: hdr, VPC: b.dataAttr(in, "vpc_id")}
	u := parsers.UnknownValue("the rules of "+in.addr+" (a security group that exists outside the plan) are not in the plan", hdr.Loc)
	rule := parsers.SGRule{Protocol: u, FromPort: u, ToPort: u, Peer: parsers.Peer{CIDR: u}, Loc: hdr.Loc}
	sg.Ingress = []parsers.SGRule{rule}
	sg.Egress = []parsers.SGRule{rule}
	if name, ok := b.known(in, "name"); ok && name == "default" {
		sg.IsDefault = true
	}
	return []parsers.Node{sg}
}

func makeNetworkACL(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	acl := &parsers.NetworkACL{Resource: hdr, VPC: b.value(in, "vpc_id")}
	acl.Entries = append(b.inlineACLEntries(in, "ingress", false), b.inlineACLEntries(in, "egress", true)...)
	acl.IsDefault = in.typ == "aws_default_network_acl"
	return []parsers.Node{acl}
}

func makeEnvironment(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	env := &parsers.Environment{Resource: hdr}
	env.Application = b.value(in, "application")
	env.EnvironmentName = b.value(in, "name")
	env.SolutionStackName = b.value(in, "solution_stack_name")
	env.PlatformArn = b.value(in, "platform_arn")
	env.TemplateName = b.value(in, "template_name")
	env.Tier = b.value(in, "tier")
	env.Settings, env.SettingsUndecided = b.settings(in, hdr.Key)
	return []parsers.Node{env}
}

func makeConfigTemplate(b *builder, in *instance, hdr parsers.Resource) []parsers.Node {
	ct := &parsers.ConfigurationTemplate{Resource: hdr}
	if hdr.PhysicalID.Kind == parsers.Absent {
		// The template's ID is its name: environments name it.
		if name := b.value(in, "name"); name.Kind == parsers.Known && name.Str != "" {
			ct.PhysicalID = parsers.Lit(name.Str, hdr.Loc)
		}
	}
	ct.Application = b.value(in, "application")
	ct.SolutionStackName = b.value(in, "solution_stack_name")
	ct.EnvironmentID = b.value(in, "environment_id")
	ct.Settings, ct.SettingsUndecided = b.settings(in, hdr.Key)
	return []parsers.Node{ct}
}
