package cloudformation

import (
	"slices"

	"github.com/beanlint/beanlint/parsers"
)

// folder merges a resource into the node it modifies (a route into its
// table, a rule into its security group, ...).
type folder func(b *builder, p pending)

var folders = map[string]folder{
	"AWS::EC2::VPCCidrBlock":                foldCIDRBlock,
	"AWS::EC2::Route":                       foldRoute,
	"AWS::EC2::SubnetRouteTableAssociation": foldSubnetRouteTable,
	"AWS::EC2::SubnetNetworkAclAssociation": foldSubnetACL,
	"AWS::EC2::VPNGatewayRoutePropagation":  foldPropagation,
	"AWS::EC2::VPCGatewayAttachment":        foldGatewayAttachment,
	"AWS::EC2::TransitGatewayAttachment":    foldTransitAttachment,
	"AWS::EC2::TransitGatewayVpcAttachment": foldTransitAttachment,
	"AWS::EC2::SecurityGroupIngress":        foldSGRule(false),
	"AWS::EC2::SecurityGroupEgress":         foldSGRule(true),
	"AWS::EC2::NetworkAclEntry":             foldACLEntry,
}

func foldCIDRBlock(b *builder, p pending) {
	vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, p.s.prop(p.r, "VpcId"))
	if !ok {
		return
	}
	if c := p.s.cidrProp(p.r, p.hdr.Loc); c.Kind != parsers.Absent {
		vpc.CIDRs = append(vpc.CIDRs, c)
	}
}

// routeTargets lists AWS::EC2::Route target properties in the order
// CloudFormation documents them.
var routeTargets = []struct {
	prop string
	kind parsers.RouteTarget
}{
	{"GatewayId", parsers.TargetGateway},
	{"NatGatewayId", parsers.TargetNATGateway},
	{"InstanceId", parsers.TargetInstance},
	{"NetworkInterfaceId", parsers.TargetNetworkIface},
	{"TransitGatewayId", parsers.TargetTransitGateway},
	{"VpcPeeringConnectionId", parsers.TargetPeering},
	{"EgressOnlyInternetGatewayId", parsers.TargetEgressOnly},
	{"VpcEndpointId", parsers.TargetVPCEndpoint},
	{"CarrierGatewayId", parsers.TargetCarrierGateway},
	{"LocalGatewayId", parsers.TargetLocalGateway},
	{"CoreNetworkArn", parsers.TargetCoreNetwork},
}

// maxRouteConds bounds the conditions enumerated for one route.
const maxRouteConds = 3

func foldRoute(b *builder, p pending) {
	rt, ok := parsers.LookupAs[*parsers.RouteTable](b.g, p.s.prop(p.r, "RouteTableId"))
	if !ok {
		return
	}
	targets := make([]parsers.Value, len(routeTargets))
	var conds []string
	for i, t := range routeTargets {
		targets[i] = p.s.prop(p.r, t.prop)
		if c := targets[i]; c.Kind == parsers.Choice && !slices.Contains(conds, c.Cond()) {
			conds = append(conds, c.Cond())
		}
	}
	if len(conds) > maxRouteConds {
		conds = nil
	}
	// One route per assignment of the conditions that choose the target
	// (Fn::If [HasNat, !Ref Nat, !Ref AWS::NoValue] and the like).
	for mask := 0; mask < 1<<len(conds); mask++ {
		cond := p.hdr.Condition
		chosen := make([]parsers.Value, len(targets))
		for i, c := range conds {
			name := c
			if mask&(1<<i) != 0 {
				name = "!" + c
			}
			cond = andCond(cond, name)
		}
		for i, v := range targets {
			chosen[i] = pick(v, conds, mask)
		}
		route := parsers.Route{
			Key: p.hdr.Key, Name: p.hdr.Name, Condition: cond, Loc: p.hdr.Loc,
			DestinationCIDR: p.s.prop(p.r, "DestinationCidrBlock"),
			DestinationIPv6: p.s.prop(p.r, "DestinationIpv6CidrBlock"),
			DestinationPL:   p.s.prop(p.r, "DestinationPrefixListId"),
		}
		for i, t := range routeTargets {
			if chosen[i].Kind == parsers.Absent {
				continue
			}
			route.TargetKind, route.Target = t.kind, chosen[i]
			if t.kind == parsers.TargetGateway {
				route.TargetKind = b.gatewayKind(chosen[i])
			}
			break
		}
		if route.Target.Kind == parsers.Absent {
			continue // this branch declares no target (Fn::If with NoValue on every target)
		}
		rt.Routes = append(rt.Routes, route)
	}
}

// pick follows the Fn::If branches of v chosen by mask (bit i set: condition
// conds[i] is false).
func pick(v parsers.Value, conds []string, mask int) parsers.Value {
	for v.Kind == parsers.Choice && len(v.Items()) == 2 {
		i := slices.Index(conds, v.Cond())
		if i < 0 {
			return v
		}
		if mask&(1<<i) != 0 {
			v = v.Items()[1]
		} else {
			v = v.Items()[0]
		}
	}
	return v
}

// gatewayKind classifies a GatewayId: an internet gateway or a virtual
// private gateway, told apart by the referenced node or the ID prefix.
func (b *builder) gatewayKind(v parsers.Value) parsers.RouteTarget {
	if gw, ok := parsers.LookupAs[*parsers.Gateway](b.g, v); ok {
		switch gw.Kind {
		case parsers.InternetGateway:
			return parsers.TargetInternetGateway
		case parsers.VPNGateway:
			return parsers.TargetVPNGateway
		}
	}
	if t, ok := parsers.GatewayIDTarget(v); ok {
		return t
	}
	return parsers.TargetGateway
}

// conditional returns v, or when the declaring resource exists only under
// an undecided condition, the choice between v and nothing.
func conditional(v parsers.Value, p pending) parsers.Value {
	if p.hdr.Condition == "" {
		return v
	}
	return parsers.Value{Kind: parsers.Choice, Loc: p.hdr.Loc}.WithItems([]parsers.Value{v, {}}).WithCond(p.hdr.Condition)
}

func foldSubnetRouteTable(b *builder, p pending) {
	if sub, ok := parsers.LookupAs[*parsers.Subnet](b.g, p.s.prop(p.r, "SubnetId")); ok {
		sub.RouteTables = append(sub.RouteTables, conditional(p.s.prop(p.r, "RouteTableId"), p))
	}
}

func foldSubnetACL(b *builder, p pending) {
	if sub, ok := parsers.LookupAs[*parsers.Subnet](b.g, p.s.prop(p.r, "SubnetId")); ok {
		sub.NetworkACLs = append(sub.NetworkACLs, conditional(p.s.prop(p.r, "NetworkAclId"), p))
	}
}

func foldPropagation(b *builder, p pending) {
	vgw := p.s.prop(p.r, "VpnGatewayId")
	for _, t := range elems(p.s.prop(p.r, "RouteTableIds")) {
		if rt, ok := parsers.LookupAs[*parsers.RouteTable](b.g, t); ok {
			rt.PropagatingVGWs = append(rt.PropagatingVGWs, conditional(vgw, p))
		}
	}
}

func foldGatewayAttachment(b *builder, p pending) {
	vpc := p.s.prop(p.r, "VpcId")
	for _, prop := range []string{"InternetGatewayId", "VpnGatewayId"} {
		if gw, ok := parsers.LookupAs[*parsers.Gateway](b.g, p.s.prop(p.r, prop)); ok {
			gw.VPCs = append(gw.VPCs, conditional(vpc, p))
		}
	}
}

func foldTransitAttachment(b *builder, p pending) {
	if gw, ok := parsers.LookupAs[*parsers.Gateway](b.g, p.s.prop(p.r, "TransitGatewayId")); ok {
		gw.VPCs = append(gw.VPCs, conditional(p.s.prop(p.r, "VpcId"), p))
	}
}

func foldSGRule(egress bool) folder {
	return func(b *builder, p pending) {
		sg, ok := parsers.LookupAs[*parsers.SecurityGroup](b.g, p.s.prop(p.r, "GroupId"))
		if !ok {
			return
		}
		rule := sgRule(p.s.resolve(p.r.props), egress)
		rule.Key, rule.Name, rule.Condition, rule.Loc = p.hdr.Key, p.hdr.Name, p.hdr.Condition, p.hdr.Loc
		if egress {
			sg.Egress = append(sg.Egress, rule)
			b.egressDeclared[sg.Key] = true
		} else {
			sg.Ingress = append(sg.Ingress, rule)
		}
	}
}

func foldACLEntry(b *builder, p pending) {
	acl, ok := parsers.LookupAs[*parsers.NetworkACL](b.g, p.s.prop(p.r, "NetworkAclId"))
	if !ok {
		return
	}
	ports := p.s.prop(p.r, "PortRange")
	acl.Entries = append(acl.Entries, parsers.ACLEntry{
		Key: p.hdr.Key, Name: p.hdr.Name, Condition: p.hdr.Condition, Loc: p.hdr.Loc,
		RuleNumber: p.s.prop(p.r, "RuleNumber"),
		Protocol:   p.s.prop(p.r, "Protocol"),
		Allow:      p.s.prop(p.r, "RuleAction"),
		Egress:     orDefault(p.s.prop(p.r, "Egress"), "false", p.hdr.Loc),
		CIDR:       p.s.prop(p.r, "CidrBlock"),
		IPv6CIDR:   p.s.prop(p.r, "Ipv6CidrBlock"),
		FromPort:   ports.Get("From"),
		ToPort:     ports.Get("To"),
	})
}
