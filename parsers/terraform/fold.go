package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// folder merges an instance into the node it modifies (a route into its
// table, a rule into its security group, ...), once every node exists.
type folder func(b *builder, in *instance)

var folders = map[string]folder{
	"aws_vpc_ipv4_cidr_block_association":         foldCIDRBlock,
	"aws_route":                                   foldRoute,
	"aws_route_table_association":                 foldSubnetRouteTable,
	"aws_main_route_table_association":            foldMainRouteTable,
	"aws_default_route_table":                     foldDefaultRouteTable,
	"data.aws_route_table":                        foldDataRouteTable,
	"aws_internet_gateway_attachment":             attachmentFolder("internet_gateway_id"),
	"aws_vpn_gateway_attachment":                  attachmentFolder("vpn_gateway_id"),
	"aws_ec2_transit_gateway_vpc_attachment":      attachmentFolder("transit_gateway_id"),
	"aws_vpn_gateway_route_propagation":           foldPropagation,
	"aws_vpc_endpoint_route_table_association":    endpointListFolder("route_table_id"),
	"aws_vpc_endpoint_subnet_association":         endpointListFolder("subnet_id"),
	"aws_vpc_endpoint_security_group_association": foldEndpointGroup,
	"aws_vpc_endpoint_policy":                     foldEndpointPolicy,
	"aws_vpc_endpoint_private_dns":                foldEndpointPrivateDNS,
	"aws_security_group_rule":                     foldSGRule,
	"aws_vpc_security_group_ingress_rule":         vpcSGRuleFolder(false),
	"aws_vpc_security_group_egress_rule":          vpcSGRuleFolder(true),
	"aws_default_security_group":                  foldDefaultSecurityGroup,
	"aws_network_acl":                             foldACLSubnets,
	"aws_default_network_acl":                     foldDefaultNetworkACL,
	"aws_network_acl_rule":                        foldACLRule,
	"aws_network_acl_association":                 foldACLAssociation,
	"aws_route53_zone_association":                foldZoneAssociation,
}

// foldZoneAssociation adds vpc_id to the VPCs of the hosted zone zone_id
// names (a reference to the zone's zone_id, or its literal ID).
func foldZoneAssociation(b *builder, in *instance) {
	z := b.value(in, "zone_id")
	n, ok := b.g.Lookup(z)
	if z.Kind == parsers.Ref {
		n, ok = b.g.Node(z.Target), b.g.Node(z.Target) != nil
	}
	if hz, isZone := n.(*parsers.HostedZone); ok && isZone {
		hz.VPCs = append(hz.VPCs, b.value(in, "vpc_id"))
	}
}

func foldCIDRBlock(b *builder, in *instance) {
	if vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, b.value(in, "vpc_id")); ok {
		if c := b.cidr(in); c.Kind != parsers.Absent {
			vpc.CIDRs = append(vpc.CIDRs, c)
		}
	}
}

func foldRoute(b *builder, in *instance) {
	rt, ok := parsers.LookupAs[*parsers.RouteTable](b.g, b.value(in, "route_table_id"))
	if !ok {
		return
	}
	loc := b.resourceLoc(in)
	r := parsers.Route{
		Key: in.key, Name: in.addr, Loc: loc, Condition: in.condition,
		DestinationCIDR: b.value(in, "destination_cidr_block"),
		DestinationIPv6: b.value(in, "destination_ipv6_cidr_block"),
		DestinationPL:   b.value(in, "destination_prefix_list_id"),
	}
	for _, t := range routeTargets {
		v := b.value(in, t.attr)
		if v.Kind == parsers.Known && v.Str == "" {
			continue
		}
		if v.Kind != parsers.Absent {
			r.TargetKind, r.Target = b.classify(t.kind, v), v
			break
		}
	}
	if r.Target.Kind == parsers.Absent {
		return
	}
	rt.Routes = append(rt.Routes, r)
}

func foldSubnetRouteTable(b *builder, in *instance) {
	if sub, ok := parsers.LookupAs[*parsers.Subnet](b.g, b.value(in, "subnet_id")); ok {
		sub.RouteTables = append(sub.RouteTables, b.value(in, "route_table_id"))
	}
}

// foldMainRouteTable makes another table the VPC's main one.
func foldMainRouteTable(b *builder, in *instance) {
	if vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, b.value(in, "vpc_id")); ok {
		vpc.MainRouteTable = b.value(in, "route_table_id")
	}
}

// adoptHeader makes a VPC's synthetic node the aws_default_* resource that
// manages it: findings about it point at that resource.
func (b *builder) adoptHeader(r *parsers.Resource, in *instance) {
	hdr := b.header(in)
	r.Name, r.Type, r.Loc, r.Ignore, r.ModuleCalls, r.Synthetic = hdr.Name, hdr.Type, hdr.Loc, hdr.Ignore, hdr.ModuleCalls, false
	if hdr.PhysicalID.Kind != parsers.Absent {
		r.PhysicalID = hdr.PhysicalID
	}
}

// foldDefaultRouteTable: aws_default_route_table removes every route of the
// VPC's main table, then adds the configured ones.
func foldDefaultRouteTable(b *builder, in *instance) {
	rt, ok := b.g.Node(b.alias[in.key]).(*parsers.RouteTable)
	if !ok {
		return
	}
	b.adoptHeader(&rt.Resource, in)
	rt.Routes = b.inlineRoutes(in, "route")
	rt.PropagatingVGWs = b.list(in, "propagating_vgws")
}

// foldDataRouteTable applies the associations a route table data source
// reports to the subnets and VPC of the plan.
func foldDataRouteTable(b *builder, in *instance) {
	self := parsers.RefTo(in.key, "", b.resourceLoc(in))
	for _, a := range in.vals.field("associations").items() {
		if main, _ := a.field("main").text(); main == "true" {
			if vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, b.dataAttr(in, "vpc_id")); ok && vpc.MainRouteTable.Kind != parsers.Ref {
				vpc.MainRouteTable = self
			}
			continue
		}
		id, ok := a.field("subnet_id").text()
		if !ok || id == "" {
			continue
		}
		if sub, ok := parsers.LookupAs[*parsers.Subnet](b.g, parsers.Lit(id, self.Loc)); ok {
			sub.RouteTables = append(sub.RouteTables, self)
		}
	}
}

// attachmentFolder attaches a gateway named by attr to vpc_id.
func attachmentFolder(attr string) folder {
	return func(b *builder, in *instance) {
		if gw, ok := parsers.LookupAs[*parsers.Gateway](b.g, b.value(in, attr)); ok {
			gw.VPCs = append(gw.VPCs, b.value(in, "vpc_id"))
		}
	}
}

func foldPropagation(b *builder, in *instance) {
	if rt, ok := parsers.LookupAs[*parsers.RouteTable](b.g, b.value(in, "route_table_id")); ok {
		rt.PropagatingVGWs = append(rt.PropagatingVGWs, b.value(in, "vpn_gateway_id"))
	}
}

// endpointListFolder adds attr (a route table or subnet) to an endpoint.
// An association whose endpoint cannot be resolved may be any endpoint of
// the plan that takes such associations: each of them gets an unknown
// entry, so that the question it decides stays open rather than answered
// "not associated".
func endpointListFolder(attr string) folder {
	return func(b *builder, in *instance) {
		target := b.value(in, "vpc_endpoint_id")
		add := func(ep *parsers.VPCEndpoint, v parsers.Value) {
			if attr == "route_table_id" {
				ep.RouteTables = append(ep.RouteTables, v)
			} else {
				ep.Subnets = append(ep.Subnets, v)
			}
		}
		if ep, ok := parsers.LookupAs[*parsers.VPCEndpoint](b.g, target); ok {
			add(ep, b.value(in, attr))
			return
		}
		gateway := attr == "route_table_id"
		for _, ep := range b.endpointCandidates(target, gateway) {
			add(ep, b.unresolvedAssociation(in, attr, target))
		}
	}
}

// endpointCandidates are the endpoints of this plan that an association
// whose vpc_endpoint_id is unknown may name: every endpoint whose type
// takes the association (route tables: Gateway endpoints; subnets and
// security groups: the other types; an endpoint of unknown type may be
// either). None when the ID is resolved (an endpoint outside the inputs,
// or a resource that is not an endpoint).
func (b *builder) endpointCandidates(target parsers.Value, gateway bool) []*parsers.VPCEndpoint {
	if target.Kind != parsers.Unknown {
		return nil
	}
	var out []*parsers.VPCEndpoint
	for _, ep := range b.g.Endpoints {
		if !strings.HasPrefix(ep.Key, b.p.Path+"#") {
			continue
		}
		if t, ok := orDefault(ep.Type, "Gateway", ep.Loc).Text(); ok && ep.Type.Kind != parsers.Unknown && (t == "Gateway") != gateway {
			continue
		}
		out = append(out, ep)
	}
	return out
}

// unresolvedAssociation is the entry an association with an unresolved
// endpoint leaves on each endpoint it may name: its route table, subnet
// or group if the association is for that endpoint, else nothing (a
// Choice whose condition says that, as a clause: "whether association
// <address> is for this endpoint (<why its vpc_endpoint_id is unknown>)",
// see parsers.CondText; Loc is the association's vpc_endpoint_id). A question it cannot change is still
// answered (a table it does not name is not listed either way); one it
// can is left open, never answered "not associated".
func (b *builder) unresolvedAssociation(in *instance, attr string, target parsers.Value) parsers.Value {
	v := b.value(in, attr)
	loc := b.attrLoc(in, "vpc_endpoint_id")
	return parsers.Value{
		Kind: parsers.Choice,
		Loc:  loc,
	}.WithItems([]parsers.Value{v, {}}).WithCond(fmt.Sprintf("whether association %s is for this endpoint (%s)", in.addr, target.Reason()))
}

// foldEndpointGroup records a security group association; finish applies
// them (an endpoint created without groups keeps the VPC default group
// unless an association replaces it).
func foldEndpointGroup(b *builder, in *instance) {
	target := b.value(in, "vpc_endpoint_id")
	ep, ok := parsers.LookupAs[*parsers.VPCEndpoint](b.g, target)
	if !ok {
		for _, ep := range b.endpointCandidates(target, false) {
			b.groupsOf(ep).groups = append(b.groupsOf(ep).groups, b.unresolvedAssociation(in, "security_group_id", target))
		}
		return
	}
	ga := b.groupsOf(ep)
	ga.groups = append(ga.groups, b.value(in, "security_group_id"))
	if r, ok := b.value(in, "replace_default_association").Bool(); ok && r {
		ga.replaceDefault = true
	}
}

// groupsOf returns the security group associations of an endpoint.
func (b *builder) groupsOf(ep *parsers.VPCEndpoint) *groupAssociations {
	ga := b.endpointGroups[ep.Key]
	if ga == nil {
		ga = &groupAssociations{}
		b.endpointGroups[ep.Key] = ga
	}
	return ga
}

func foldEndpointPolicy(b *builder, in *instance) {
	if ep, ok := parsers.LookupAs[*parsers.VPCEndpoint](b.g, b.value(in, "vpc_endpoint_id")); ok {
		ep.Policy = policyValue(b.value(in, "policy"), in.addr+".policy")
		ep.PolicyFrom = b.policyFrom(in, "policy")
		ep.PolicyFromLoc = b.ownBlock(in, ep.PolicyFrom)
		ep.PolicyIn, ep.PolicyInLoc = b.policyWritten(in)
		ep.PolicyResource, ep.PolicyResourceLoc = in.addr, b.resourceLoc(in)
	}
}

// foldEndpointPrivateDNS: private DNS is on if either the endpoint or
// aws_vpc_endpoint_private_dns enables it.
func foldEndpointPrivateDNS(b *builder, in *instance) {
	target := b.value(in, "vpc_endpoint_id")
	ep, ok := parsers.LookupAs[*parsers.VPCEndpoint](b.g, target)
	if !ok {
		// It may enable private DNS on any interface endpoint of the plan
		// whose own setting leaves it off.
		if on, known := b.value(in, "private_dns_enabled").Bool(); !known || on {
			for _, ep := range b.endpointCandidates(target, false) {
				if on, known := ep.PrivateDNS.Bool(); known && !on || ep.PrivateDNS.Kind == parsers.Absent {
					ep.PrivateDNS = parsers.UnknownValue(fmt.Sprintf("%s may enable private DNS on this endpoint: its vpc_endpoint_id cannot be resolved (%s)", in.addr, target.Reason()), b.attrLoc(in, "vpc_endpoint_id")).Named(ep.PrivateDNS.Prop)
				}
			}
		}
		return
	}
	if on, known := ep.PrivateDNS.Bool(); known && on {
		return
	}
	v := b.value(in, "private_dns_enabled")
	if on, known := v.Bool(); known && !on && ep.PrivateDNS.Kind == parsers.Unknown {
		return // an explicit false adds nothing to an unknown endpoint setting
	}
	ep.PrivateDNS = v
}

// foldSGRule folds an aws_security_group_rule into its group.
func foldSGRule(b *builder, in *instance) {
	sg, ok := parsers.LookupAs[*parsers.SecurityGroup](b.g, b.value(in, "security_group_id"))
	if !ok {
		return
	}
	typ := b.value(in, "type")
	egress := typ.Kind == parsers.Known && typ.Str == "egress"
	base := parsers.SGRule{
		Key: in.key, Name: in.addr, Loc: b.resourceLoc(in),
		Protocol: b.value(in, "protocol"), FromPort: b.value(in, "from_port"), ToPort: b.value(in, "to_port"),
	}
	groups := b.list(in, "source_security_group_id")
	if s, ok := b.value(in, "self").Bool(); ok && s {
		groups = append(groups, parsers.RefTo(sg.Key, "", base.Loc))
	}
	rules := make([]parsers.SGRule, 0, 1)
	for _, p := range b.peers(b.list(in, "cidr_blocks"), b.list(in, "ipv6_cidr_blocks"), b.list(in, "prefix_list_ids"), groups) {
		r := base
		r.Peer = p
		rules = append(rules, r)
	}
	if typ.Kind != parsers.Known {
		// Whether it is ingress or egress is not known: the rule may be
		// either; record it as ingress with an unknown protocol.
		for i := range rules {
			rules[i].Protocol = parsers.UnknownValue(in.addr+".type (ingress or egress) is known only after apply", base.Loc)
		}
	}
	if egress {
		sg.Egress = append(sg.Egress, rules...)
	} else {
		sg.Ingress = append(sg.Ingress, rules...)
	}
}

// vpcSGRuleFolder folds aws_vpc_security_group_ingress_rule / _egress_rule.
func vpcSGRuleFolder(egress bool) folder {
	return func(b *builder, in *instance) {
		sg, ok := parsers.LookupAs[*parsers.SecurityGroup](b.g, b.value(in, "security_group_id"))
		if !ok {
			return
		}
		r := parsers.SGRule{
			Key: in.key, Name: in.addr, Loc: b.resourceLoc(in),
			Protocol: b.value(in, "ip_protocol"), FromPort: b.value(in, "from_port"), ToPort: b.value(in, "to_port"),
			Peer: parsers.Peer{
				CIDR:          b.value(in, "cidr_ipv4"),
				CIDRv6:        b.value(in, "cidr_ipv6"),
				PrefixList:    b.value(in, "prefix_list_id"),
				SecurityGroup: b.value(in, "referenced_security_group_id"),
			},
		}
		if egress {
			sg.Egress = append(sg.Egress, r)
		} else {
			sg.Ingress = append(sg.Ingress, r)
		}
	}
}

// foldDefaultSecurityGroup: aws_default_security_group removes every rule of
// the VPC's default group, then adds the configured ones.
func foldDefaultSecurityGroup(b *builder, in *instance) {
	sg, ok := b.g.Node(b.alias[in.key]).(*parsers.SecurityGroup)
	if !ok {
		return
	}
	b.adoptHeader(&sg.Resource, in)
	sg.Ingress = b.inlineSGRules(in, "ingress", sg.Key)
	sg.Egress = b.inlineSGRules(in, "egress", sg.Key)
}

// foldACLSubnets associates the subnets listed on a network ACL.
func foldACLSubnets(b *builder, in *instance) {
	acl := parsers.RefTo(b.nodeKey(in), "", b.attrLoc(in, "subnet_ids"))
	if acl.Target == "" {
		return
	}
	for _, s := range b.list(in, "subnet_ids") {
		if sub, ok := parsers.LookupAs[*parsers.Subnet](b.g, s); ok {
			sub.NetworkACLs = append(sub.NetworkACLs, acl)
		}
	}
}

// foldDefaultNetworkACL: aws_default_network_acl removes every rule of the
// VPC's default ACL, then adds the configured ones.
func foldDefaultNetworkACL(b *builder, in *instance) {
	if acl, ok := b.g.Node(b.alias[in.key]).(*parsers.NetworkACL); ok {
		b.adoptHeader(&acl.Resource, in)
		acl.Entries = append(b.inlineACLEntries(in, "ingress", false), b.inlineACLEntries(in, "egress", true)...)
	}
	foldACLSubnets(b, in)
}

func foldACLRule(b *builder, in *instance) {
	acl, ok := parsers.LookupAs[*parsers.NetworkACL](b.g, b.value(in, "network_acl_id"))
	if !ok {
		return
	}
	acl.Entries = append(acl.Entries, parsers.ACLEntry{
		Key: in.key, Name: in.addr, Loc: b.resourceLoc(in),
		RuleNumber: b.value(in, "rule_number"),
		Protocol:   aclProtocol(b.value(in, "protocol")),
		Allow:      b.value(in, "rule_action"),
		Egress:     orDefault(b.value(in, "egress"), "false", b.resourceLoc(in)),
		CIDR:       b.value(in, "cidr_block"),
		IPv6CIDR:   b.value(in, "ipv6_cidr_block"),
		FromPort:   b.value(in, "from_port"),
		ToPort:     b.value(in, "to_port"),
	})
}

func foldACLAssociation(b *builder, in *instance) {
	if sub, ok := parsers.LookupAs[*parsers.Subnet](b.g, b.value(in, "subnet_id")); ok {
		sub.NetworkACLs = append(sub.NetworkACLs, b.value(in, "network_acl_id"))
	}
}

// finish completes nodes once every resource is folded in: local routes,
// endpoint security group associations, and the associations of subnets
// read by data sources.
func (b *builder) finish() {
	for _, rt := range b.tables {
		vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, rt.VPC)
		if !ok || hasLocal(rt.Routes) {
			continue
		}
		var local []parsers.Route
		for _, c := range vpc.CIDRs {
			local = append(local, parsers.Route{DestinationCIDR: c, TargetKind: parsers.TargetLocal, Target: parsers.DefaultValue("local", rt.Loc), Loc: rt.Loc})
		}
		rt.Routes = append(local, rt.Routes...)
	}
	for _, key := range sortedKeys(b.endpointGroups) {
		ga := b.endpointGroups[key]
		ep := b.g.Node(key).(*parsers.VPCEndpoint)
		if len(ep.SecurityGroups) == 0 && !ga.replaceDefault {
			def := parsers.UnknownValue("the default security group of the VPC of "+ep.Name+", which stays associated, is not in the plan", ep.Loc)
			if vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, ep.VPC); ok {
				def = vpc.DefaultSecurityGroup
			}
			ep.SecurityGroups = append(ep.SecurityGroups, def)
		}
		ep.SecurityGroups = append(ep.SecurityGroups, ga.groups...)
	}
	// A VPC read by a data source gets the default security group read
	// by another one.
	for _, sg := range b.g.SecurityGroups {
		if !sg.IsDefault || sg.VPC.Kind != parsers.Known || !strings.HasPrefix(sg.Key, b.p.Path+"#data.") {
			continue
		}
		if vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, sg.VPC); ok && vpc.DefaultSecurityGroup.Kind == parsers.Unknown {
			vpc.DefaultSecurityGroup = parsers.RefTo(sg.Key, "", sg.Loc)
		}
	}
	for _, sub := range b.dataSubnets {
		if len(sub.RouteTables) == 0 {
			sub.RouteTables = []parsers.Value{parsers.UnknownValue("the route table of "+sub.Name+" (a subnet that exists outside the plan) is not in the plan", sub.Loc)}
		}
		if len(sub.NetworkACLs) == 0 {
			sub.NetworkACLs = []parsers.Value{parsers.UnknownValue("the network ACL of "+sub.Name+" (a subnet that exists outside the plan) is not in the plan", sub.Loc)}
		}
	}
}

// hasLocal reports whether routes hold a local route already (route table
// data sources list it).
func hasLocal(routes []parsers.Route) bool {
	for _, r := range routes {
		if r.TargetKind == parsers.TargetLocal {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
