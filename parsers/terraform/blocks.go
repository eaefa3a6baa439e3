package terraform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
)

// blockAttr is a list-of-objects argument (ingress, egress, route): its
// entries in the plan, and the references of its configuration expression,
// which resolve the entries' unknown leaves. Terraform's configuration
// gives such an argument one expression with the references of every entry,
// so a leaf is resolved from them by what the reference designates (a
// security group for security_groups, a NAT gateway for nat_gateway_id).
type blockAttr struct {
	b       *builder
	in      *instance
	name    string
	loc     parsers.Location
	entries []tree
	// unknownIn counts the entries in which each leaf is (partly) unknown.
	unknownIn map[string]int
	cands     []parsers.Value
	resolved  bool
}

// blocks reads a list-of-objects argument. When the whole argument is
// unknown, whole is an Unknown value and there are no entries; when the
// configuration does not set it, there are none either.
func (b *builder) blocks(in *instance, name string) (ba *blockAttr, whole parsers.Value) {
	ba = &blockAttr{b: b, in: in, name: name, loc: b.attrLoc(in, name), unknownIn: map[string]int{}}
	t, why := b.nestedBlocks(in, name)
	if why != "" {
		return ba, parsers.UnknownValue(why, ba.loc)
	}
	if t.unknown() {
		if in.cfg != nil && expr(in, name) == nil && in.mode != tfjson.DataResourceMode {
			return ba, parsers.Value{} // not set: none
		}
		return ba, parsers.UnknownValue(b.afterApply(in.addr+"."+name), ba.loc)
	}
	ba.entries = t.items()
	for _, e := range ba.entries {
		if m, ok := e.unk.(map[string]any); ok {
			for k, u := range m {
				if anyTrue(u, 0) {
					ba.unknownIn[k]++
				}
			}
		}
	}
	return ba, parsers.Value{}
}

// what names a leaf for messages.
func (ba *blockAttr) what(leaf string) string { return ba.in.addr + "." + ba.name + "[]." + leaf }

// candidates resolves the argument's references once.
func (ba *blockAttr) candidates(leaf string) []parsers.Value {
	if !ba.resolved {
		ba.resolved = true
		ba.cands = ba.b.unknownArg(ba.in, ba.name, nil, ba.loc, ba.in.addr+"."+ba.name)
	}
	return ba.cands
}

// accept says whether a resolved reference can be the value of a leaf.
type accept func(b *builder, v parsers.Value) bool

// resolveLeaf returns what an unknown leaf may be.
func (ba *blockAttr) resolveLeaf(leaf string, ok accept) []parsers.Value {
	var cands []parsers.Value
	for _, c := range ba.candidates(leaf) {
		for _, v := range flatten(c) {
			if v.Kind == parsers.Unknown || ok == nil || ok(ba.b, v) {
				cands = append(cands, v)
			}
		}
	}
	switch {
	case len(cands) == 0:
		return []parsers.Value{parsers.UnknownValue(ba.b.afterApply(ba.what(leaf)), ba.loc)}
	case ba.unknownIn[leaf] <= 1 || len(cands) == 1:
		return cands
	}
	return []parsers.Value{oneOf(cands, ba.what(leaf), ba.loc)}
}

// leaf reads a scalar leaf of entry e. Empty strings (how the provider
// writes unset route targets) are absent.
func (ba *blockAttr) leaf(e tree, name string, ok accept) parsers.Value {
	lt := e.field(name)
	if lt.unknown() {
		vals := ba.resolveLeaf(name, ok)
		if len(vals) == 1 {
			return vals[0]
		}
		return oneOf(vals, ba.what(name), ba.loc)
	}
	v := toValue(lt, ba.loc, ba.what(name))
	if v.Kind == parsers.Known && v.Str == "" {
		return parsers.Value{}
	}
	return v
}

// leafList reads a list leaf (cidr_blocks, security_groups) of entry e.
func (ba *blockAttr) leafList(e tree, name string, ok accept) []parsers.Value {
	lt := e.field(name)
	if lt.unknown() {
		return ba.resolveLeaf(name, ok)
	}
	if v, isValue := lt.v.(parsers.Value); isValue {
		return flatten(v) // evaluated from the configuration
	}
	var out []parsers.Value
	resolved := false
	for _, it := range lt.items() {
		switch {
		case it.unknown():
			if !resolved {
				resolved = true
				out = append(out, ba.resolveLeaf(name, ok)...)
			}
		default:
			if v := toValue(it, ba.loc, ba.what(name)); v.Kind != parsers.Absent && !(v.Kind == parsers.Known && v.Str == "") {
				out = append(out, v)
			}
		}
	}
	return out
}

// refType returns the type of the instance a reference designates
// ("data." prefixed for data sources; a VPC's synthetic objects by their
// type), or "".
func (b *builder) refType(v parsers.Value) string {
	if v.Kind != parsers.Ref {
		return ""
	}
	key := v.Target
	switch {
	case strings.HasSuffix(key, sgSuffix):
		return "aws_security_group"
	case strings.HasSuffix(key, mainSuffix):
		return "aws_route_table"
	case strings.HasSuffix(key, aclSuffix):
		return "aws_network_acl"
	}
	in := b.p.byAddr[strings.TrimPrefix(key, b.p.Path+"#")]
	if in == nil {
		if n := b.g.Node(key); n != nil {
			return n.Base().Type
		}
		return ""
	}
	t := b.kind(in)
	if v.Attr() != "" && nodeAttrs[v.Attr()] {
		switch {
		case strings.Contains(v.Attr(), "security_group"):
			return "aws_security_group"
		case strings.Contains(v.Attr(), "network_acl"):
			return "aws_network_acl"
		default:
			return "aws_route_table"
		}
	}
	return t
}

// ofType accepts references to instances of the given types and literal IDs
// with one of the given prefixes.
func ofType(types []string, prefixes ...string) accept {
	return func(b *builder, v parsers.Value) bool {
		switch v.Kind {
		case parsers.Known:
			for _, p := range prefixes {
				if strings.HasPrefix(v.Str, p) {
					return true
				}
			}
		case parsers.Ref:
			t := b.refType(v)
			for _, want := range types {
				if t == want {
					return true
				}
			}
		}
		return false
	}
}

// cidrLike accepts IPv4 CIDR literals and references to CIDR attributes.
func cidrLike(v6 bool) accept {
	return func(_ *builder, v parsers.Value) bool {
		switch v.Kind {
		case parsers.Known:
			return strings.Contains(v.Str, "/") && strings.Contains(v.Str, ":") == v6
		case parsers.Ref:
			return strings.Contains(v.Attr(), "cidr") && strings.Contains(v.Attr(), "ipv6") == v6
		}
		return false
	}
}

// scalarLike accepts literals only (protocols, ports, rule numbers).
func scalarLike(_ *builder, v parsers.Value) bool { return v.Kind == parsers.Known }

var (
	sgTypes         = ofType([]string{"aws_security_group", "aws_default_security_group", "data.aws_security_group"}, "sg-")
	prefixListTypes = ofType([]string{"aws_ec2_managed_prefix_list", "data.aws_ec2_managed_prefix_list", "data.aws_prefix_list"}, "pl-")
)

// routeTarget is one target argument of a route.
type routeTarget struct {
	attr string
	kind parsers.RouteTarget
	ok   accept
}

var routeTargets = []routeTarget{
	{"gateway_id", parsers.TargetGateway, ofType([]string{"aws_internet_gateway", "data.aws_internet_gateway", "aws_vpn_gateway", "data.aws_vpn_gateway"}, "igw-", "vgw-", "local")},
	{"nat_gateway_id", parsers.TargetNATGateway, ofType([]string{"aws_nat_gateway", "data.aws_nat_gateway"}, "nat-")},
	{"transit_gateway_id", parsers.TargetTransitGateway, ofType([]string{"aws_ec2_transit_gateway", "data.aws_ec2_transit_gateway"}, "tgw-")},
	{"vpc_peering_connection_id", parsers.TargetPeering, ofType([]string{"aws_vpc_peering_connection", "data.aws_vpc_peering_connection"}, "pcx-")},
	{"egress_only_gateway_id", parsers.TargetEgressOnly, ofType([]string{"aws_egress_only_internet_gateway"}, "eigw-")},
	{"vpc_endpoint_id", parsers.TargetVPCEndpoint, ofType([]string{"aws_vpc_endpoint", "data.aws_vpc_endpoint"}, "vpce-")},
	{"network_interface_id", parsers.TargetNetworkIface, ofType([]string{"aws_network_interface", "data.aws_network_interface"}, "eni-")},
	{"instance_id", parsers.TargetInstance, ofType([]string{"aws_instance", "data.aws_instance"}, "i-")},
	{"carrier_gateway_id", parsers.TargetCarrierGateway, ofType([]string{"aws_ec2_carrier_gateway"}, "cagw-")},
	{"local_gateway_id", parsers.TargetLocalGateway, ofType([]string{"data.aws_ec2_local_gateway"}, "lgw-")},
	{"core_network_arn", parsers.TargetCoreNetwork, ofType([]string{"aws_networkmanager_core_network"}, "arn:")},
}

// classify refines a gateway_id target: an internet gateway or a virtual
// private gateway, told apart by the referenced resource or the ID prefix.
func (b *builder) classify(kind parsers.RouteTarget, v parsers.Value) parsers.RouteTarget {
	if kind != parsers.TargetGateway {
		return kind
	}
	switch b.refType(v) {
	case "aws_internet_gateway", "data.aws_internet_gateway":
		return parsers.TargetInternetGateway
	case "aws_vpn_gateway", "data.aws_vpn_gateway":
		return parsers.TargetVPNGateway
	}
	if t, ok := parsers.GatewayIDTarget(v); ok {
		return t
	}
	return parsers.TargetGateway
}

// inlineRoutes reads the route blocks of a route table (name "route", or
// "routes" for the data source).
func (b *builder) inlineRoutes(in *instance, name string) []parsers.Route {
	ba, whole := b.blocks(in, name)
	if whole.Kind != parsers.Absent {
		return []parsers.Route{{DestinationCIDR: whole, TargetKind: parsers.TargetGateway, Target: whole, Loc: ba.loc}}
	}
	var out []parsers.Route
	for _, e := range ba.entries {
		r := parsers.Route{
			DestinationCIDR: ba.leaf(e, "cidr_block", cidrLike(false)),
			DestinationIPv6: ba.leaf(e, "ipv6_cidr_block", cidrLike(true)),
			DestinationPL:   ba.leaf(e, "destination_prefix_list_id", prefixListTypes),
			Loc:             ba.loc,
		}
		for _, t := range routeTargets {
			if v := ba.leaf(e, t.attr, t.ok); v.Kind != parsers.Absent {
				r.TargetKind, r.Target = b.classify(t.kind, v), v
				break
			}
		}
		if r.Target.Kind == parsers.Absent {
			continue
		}
		out = append(out, r)
	}
	return out
}

// inlineSGRules reads the ingress or egress blocks of a security group, one
// rule per peer.
func (b *builder) inlineSGRules(in *instance, name, self string) []parsers.SGRule {
	ba, whole := b.blocks(in, name)
	if whole.Kind != parsers.Absent {
		return []parsers.SGRule{{Protocol: whole, FromPort: whole, ToPort: whole, Peer: parsers.Peer{CIDR: whole}, Loc: ba.loc}}
	}
	var out []parsers.SGRule
	for _, e := range ba.entries {
		base := parsers.SGRule{
			Protocol: ba.leaf(e, "protocol", scalarLike),
			FromPort: ba.leaf(e, "from_port", scalarLike),
			ToPort:   ba.leaf(e, "to_port", scalarLike),
			Loc:      ba.loc,
		}
		peers := b.peers(
			ba.leafList(e, "cidr_blocks", cidrLike(false)),
			ba.leafList(e, "ipv6_cidr_blocks", cidrLike(true)),
			ba.leafList(e, "prefix_list_ids", prefixListTypes),
			ba.leafList(e, "security_groups", sgTypes),
		)
		if s, ok := e.field("self").text(); ok && s == "true" {
			peers = append(peers, parsers.Peer{SecurityGroup: parsers.RefTo(self, "", ba.loc)})
		}
		out = slices.Grow(out, len(peers))
		for _, p := range peers {
			r := base
			r.Peer = p
			out = append(out, r)
		}
	}
	return out
}

// peers makes one peer per source.
func (b *builder) peers(cidrs, v6, pls, groups []parsers.Value) []parsers.Peer {
	var out []parsers.Peer
	for _, v := range cidrs {
		out = append(out, parsers.Peer{CIDR: v})
	}
	for _, v := range v6 {
		out = append(out, parsers.Peer{CIDRv6: v})
	}
	for _, v := range pls {
		out = append(out, parsers.Peer{PrefixList: v})
	}
	for _, v := range groups {
		out = append(out, parsers.Peer{SecurityGroup: v})
	}
	return out
}

// inlineACLEntries reads the ingress or egress blocks of a network ACL.
func (b *builder) inlineACLEntries(in *instance, name string, egress bool) []parsers.ACLEntry {
	ba, whole := b.blocks(in, name)
	direction := parsers.Lit(strconv.FormatBool(egress), ba.loc)
	if whole.Kind != parsers.Absent {
		return []parsers.ACLEntry{{RuleNumber: whole, Protocol: whole, Allow: whole, Egress: direction, CIDR: whole, FromPort: whole, ToPort: whole, Loc: ba.loc}}
	}
	var out []parsers.ACLEntry
	for _, e := range ba.entries {
		out = append(out, parsers.ACLEntry{
			RuleNumber: ba.leaf(e, "rule_no", scalarLike),
			Protocol:   aclProtocol(ba.leaf(e, "protocol", scalarLike)),
			Allow:      ba.leaf(e, "action", scalarLike),
			Egress:     direction,
			CIDR:       ba.leaf(e, "cidr_block", cidrLike(false)),
			IPv6CIDR:   ba.leaf(e, "ipv6_cidr_block", cidrLike(true)),
			FromPort:   ba.leaf(e, "from_port", scalarLike),
			ToPort:     ba.leaf(e, "to_port", scalarLike),
			Loc:        ba.loc,
		})
	}
	return out
}

// aclProtocols are the protocol names Terraform accepts for network ACL
// rules, as the numbers CloudFormation uses.
var aclProtocols = map[string]string{"all": "-1", "tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58"}

// aclProtocol normalises a network ACL protocol name to its number.
func aclProtocol(v parsers.Value) parsers.Value {
	if v.Kind == parsers.Known {
		if n, ok := aclProtocols[strings.ToLower(strings.TrimSpace(v.Str))]; ok {
			v.Str = n
		}
	}
	return v
}

// settings reads the setting blocks of an Elastic Beanstalk environment or
// configuration template. Planned entries and configuration blocks are
// matched by (namespace, name), never by position: an entry whose value is
// unknown takes the value of the configuration block with its namespace and
// name.
//
// undecided is an Unknown value when a configuration linted without a plan
// does not decide which settings there are (a dynamic "setting" block
// whose collection, or a setting block whose name, is known only after
// apply); the settings returned are then only those it decides.
func (b *builder) settings(in *instance, owner string) (_ []parsers.OptionSetting, undecided parsers.Value) {
	cfg := map[string][]map[string]*tfjson.Expression{}
	var cfgOrder []map[string]*tfjson.Expression
	namedByExpr := false // a static block names its setting with an expression
	if e := expr(in, "setting"); e != nil {
		for _, blk := range e.NestedBlocks {
			ns, ok1 := constText(blk["namespace"])
			name, ok2 := constText(blk["name"])
			if !ok1 || !ok2 {
				namedByExpr = true
				continue
			}
			k := parsers.SettingKey(ns, name)
			cfg[k] = append(cfg[k], blk)
			cfgOrder = append(cfgOrder, blk)
		}
	}
	t := in.vals.field("setting")
	src, srcWhy, haveSrc := b.srcSettings(in)
	fromSrc := func(ns, name string) (srcSetting, bool) {
		m := matching(src, ns, name)
		if !haveSrc || len(m) != 1 {
			return srcSetting{}, false
		}
		blocks := cfg[parsers.SettingKey(ns, name)]
		if b.p.fromConfig() {
			return m[0], true // no plan: the source is the configuration
		}
		if m[0].expr != nil && (len(blocks) != 1 || !agrees(blocks[0]["value"], m[0].expr)) {
			return srcSetting{}, false // the .tf source is not what was planned
		}
		return m[0], true
	}
	var out []parsers.OptionSetting
	if t.unknown() || t.v == nil && len(cfgOrder) > 0 {
		// Nothing planned: the configuration's blocks are all there is,
		// with the dynamic ones when the .tf source has them.
		if haveSrc && (srcWhy == "" || b.p.fromConfig()) && !namedByExpr {
			for _, s := range src {
				if _, ok := fromSrc(s.ns, s.name); ok {
					out = append(out, b.setting(in, owner, s.ns, s.name, b.srcSettingValue(in, s)))
				}
			}
			if srcWhy != "" {
				undecided = parsers.UnknownValue(srcWhy, b.dynamicLoc(in, "", ""))
			}
			return out, undecided
		}
		for _, blk := range cfgOrder {
			ns, _ := constText(blk["namespace"])
			name, _ := constText(blk["name"])
			out = append(out, b.setting(in, owner, ns, name, b.blockValue(in, ns, name, blk["value"])))
		}
		return out, undecided
	}
	for _, e := range t.items() {
		ns, ok1 := scalar(e.field("namespace").v)
		name, ok2 := scalar(e.field("name").v)
		if !ok1 || !ok2 || e.field("namespace").unknown() || e.field("name").unknown() {
			continue // a setting whose name is decided at apply
		}
		vt := e.field("value")
		what := in.addr + " setting " + ns + " " + name
		var v parsers.Value
		blocks := cfg[parsers.SettingKey(ns, name)]
		switch {
		case !vt.unknown() && len(blocks) == 0 && !namedByExpr:
			// No static block sets it: a dynamic block does (located
			// there, as when its value is evaluated from the source).
			v = toValue(vt, b.dynamicLoc(in, ns, name), what)
		case !vt.unknown():
			v = toValue(vt, b.settingLoc(in, ns, name), what)
		case haveSrc && len(matching(src, ns, name)) == 1:
			if s, ok := fromSrc(ns, name); ok {
				v = b.srcSettingValue(in, s)
			} else {
				v = b.blockValue(in, ns, name, blocks[0]["value"])
			}
		case len(blocks) == 1:
			v = b.blockValue(in, ns, name, blocks[0]["value"])
		case len(blocks) > 1:
			v = parsers.UnknownValue(b.afterApply(what)+", and the configuration sets it more than once", b.settingLoc(in, ns, name))
		case !namedByExpr && in.cfg != nil:
			// No static block sets it: a dynamic block does, and the plan
			// leaves out the expressions of dynamic blocks.
			v = b.dynamicSetting(in, ns, name, what, srcWhy)
		default:
			v = parsers.UnknownValue(b.afterApply(what), b.settingLoc(in, ns, name))
		}
		out = append(out, b.setting(in, owner, ns, name, v))
	}
	return out, undecided
}

// dynamicSetting is the value of a setting whose value is unknown and that
// a `dynamic "setting"` block generates: Terraform does not write the
// expressions of dynamic blocks in the plan's configuration, so the value
// cannot be traced. It is located on the dynamic block when the .tf source
// has it.
func (b *builder) dynamicSetting(in *instance, ns, name, what, why string) parsers.Value {
	loc := b.dynamicLoc(in, ns, name)
	if why != "" {
		return parsers.UnknownValue(fmt.Sprintf("%s is known only after apply, and it comes from a dynamic \"setting\" block that cannot be evaluated from the .tf source: %s. "+
			"Write this setting as a static setting block (namespace = %q, name = %q), or make the block's collection known at plan time", what, why, ns, name), loc)
	}
	return parsers.UnknownValue(fmt.Sprintf("%s is known only after apply, and it comes from a dynamic \"setting\" block: "+
		"Terraform does not include the expressions of dynamic blocks in the plan, so the value cannot be traced to what it refers to. "+
		"Lint with the configuration's .tf files (--tf-source), or write this setting as a static setting block (namespace = %q, name = %q) so the plan shows its expression",
		what, ns, name), loc)
}

// dynamicLoc locates a setting a dynamic block may generate: the dynamic
// block when the .tf source has one, else the setting.
func (b *builder) dynamicLoc(in *instance, ns, name string) parsers.Location {
	if loc, ok := b.src.Dynamic(in.modPath, in.cfgAddr, "setting"); ok {
		return loc
	}
	return b.settingLoc(in, ns, name)
}

// srcSettingValue is the graph value of a setting evaluated from the .tf
// source, located on its block (a generated one on its dynamic block).
func (b *builder) srcSettingValue(in *instance, s srcSetting) parsers.Value {
	loc := b.settingLoc(in, s.ns, s.name)
	if s.expr == nil {
		loc = b.dynamicLoc(in, s.ns, s.name)
	}
	return b.ev.value(s.value, loc, in.addr+" setting "+s.ns+" "+s.name)
}

// setting makes one option setting.
func (b *builder) setting(in *instance, owner, ns, name string, v parsers.Value) parsers.OptionSetting {
	loc := b.settingLoc(in, ns, name)
	if input, ok := b.settingInput(in, ns, name); ok {
		loc = input // a module variable sets it: the module call's input
		if v.Loc.IsZero() || v.Loc == b.settingLoc(in, ns, name) {
			v.Loc = input
		}
	}
	if v.Loc.IsZero() {
		v.Loc = loc
	}
	return parsers.OptionSetting{Namespace: ns, Name: name, Value: v.Named("setting " + ns + "/" + name), Loc: loc, Owner: owner}
}

// settingLoc locates a setting block in the .tf source, else the resource.
func (b *builder) settingLoc(in *instance, ns, name string) parsers.Location {
	if loc, ok := b.src.Setting(in.modPath, in.cfgAddr, ns, name); ok {
		return loc
	}
	return b.resourceLoc(in)
}

// blockValue resolves a setting block's value expression.
func (b *builder) blockValue(in *instance, ns, name string, e *tfjson.Expression) parsers.Value {
	loc := b.settingLoc(in, ns, name)
	what := in.addr + " setting " + ns + " " + name
	if e == nil || e.ExpressionData == nil {
		return parsers.Value{}
	}
	flat := flattenAll(b.exprValues(scopeOf(in), e, want{what: what, loc: loc}, 0))
	switch len(flat) {
	case 0:
		if len(e.References) > 0 {
			return parsers.UnknownValue(b.afterApply(what)+", and its expression refers to nothing beanlint can follow", loc)
		}
		return parsers.Value{}
	case 1:
		return flat[0]
	}
	return parsers.Value{Kind: parsers.List, Loc: loc}.WithItems(flat)
}

// constText returns an expression's constant string.
func constText(e *tfjson.Expression) (string, bool) {
	if e == nil || e.ExpressionData == nil || len(e.References) > 0 {
		return "", false
	}
	return scalar(e.ConstantValue)
}
