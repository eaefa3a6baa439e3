package cloudformation

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
)

// Options are run inputs that decide parameter values.
type Options struct {
	// Parameters are --parameter values by parameter name. Pseudo
	// parameters (AWS::Region, ...) may be given too. They are the values
	// of the templates linted on their own: a nested stack's parameters
	// are what its parent passes.
	Parameters map[string]string
	// Nested reads the templates of nested stacks (nil: none is read).
	Nested NestedReader
}

// builder adds the nodes of several templates to one graph.
type builder struct {
	g       *parsers.Graph
	opts    Options
	scopes  []*scope
	errs    []*parsers.ParseError
	exports map[string][]*export
	// stackNamed are the exports whose name contains the stack name.
	stackNamed []*export
	// buildingExports guards against export names that import.
	buildingExports bool
	// egressDeclared records security groups with an egress rule declared
	// inline or by a separate resource.
	egressDeclared map[string]bool
	// prefixes are the key prefixes of the nested stacks made so far.
	prefixes map[string]bool
	// tables and groups are the nodes of this Build that finish completes.
	tables []*parsers.RouteTable
	groups []*parsers.SecurityGroup
}

// export is one Outputs entry with an Export.Name.
type export struct {
	scope   *scope
	value   *node
	busy    bool
	pattern *regexp.Regexp // for names that contain ${AWS::StackName}
}

// pending is a resource folded into another node once every node exists.
type pending struct {
	s   *scope
	r   *resource
	hdr parsers.Resource
}

// Build adds the nodes of every template to g and resolves Fn::ImportValue
// across ts. Resources whose condition is decided false are left out. The
// errors are problems that concern one template and did not stop the
// others, among them a template too complex to resolve, whose nodes are
// then left out.
func Build(g *parsers.Graph, ts []*Template, opts Options) []*parsers.ParseError {
	b := &builder{g: g, opts: opts, egressDeclared: map[string]bool{}, prefixes: map[string]bool{}}
	var inputs []*scope
	for _, t := range ts {
		if t != nil {
			s := newScope(b, t)
			s.expandTemplate()
			s.locateChildren()
			inputs = append(inputs, s)
		}
	}
	roots := rootsOf(inputs)
	// Stacks nested in several roots are numbered in path order.
	slices.SortStableFunc(roots, func(a, b *scope) int { return strings.Compare(a.t.Path, b.t.Path) })
	for _, s := range roots {
		b.prefixes[s.prefix] = true
		b.errs = append(b.errs, s.t.checkParameters(opts.Parameters)...)
	}
	for _, s := range roots {
		b.scopes = append(b.scopes, s)
		s.instantiate(nil)
	}
	var later []pending
	files := map[string]bool{}
	for _, s := range b.scopes {
		if !files[s.t.Path] {
			files[s.t.Path] = true
			g.Files = append(g.Files, &parsers.SourceFile{Path: s.t.Path, Format: s.t.Format, Ignore: ignores(s.t, s.t.root.get("Metadata")), Region: b.region(s.t.Path), Outputs: s.outputList(), LogicalIDs: s.logicalIDs()})
		}
		if s.stopped != nil {
			continue
		}
		for _, r := range s.resources {
			cond, keep := s.resourceCondition(r)
			if !keep {
				continue
			}
			if r.loop != "" {
				cond = andCond(cond, r.loop+" (its collection is not known)")
			}
			hdr := parsers.Resource{Key: s.key(r.id), Name: r.id, Type: r.typ, Loc: r.idLoc, Condition: cond, Ignore: ignores(s.t, r.metadata), Generated: r.generated}
			if _, ok := folders[r.typ]; ok {
				later = append(later, pending{s: s, r: r, hdr: hdr})
				continue
			}
			mk, ok := makers[r.typ]
			if !ok {
				continue // not a network or Elastic Beanstalk resource
			}
			for _, n := range mk(b, s, r, hdr) {
				if g.Node(n.Base().Key) != nil {
					b.errs = append(b.errs, &parsers.ParseError{Loc: r.idLoc, Msg: fmt.Sprintf("resource %s is read twice (is %s given twice?)", excerpt(r.id), s.t.Path)})
					break
				}
				if err := g.Add(n); err != nil {
					b.errs = append(b.errs, &parsers.ParseError{Loc: r.idLoc, Msg: err.Error(), Err: err})
					continue
				}
				switch n := n.(type) {
				case *parsers.RouteTable:
					b.tables = append(b.tables, n)
				case *parsers.SecurityGroup:
					b.groups = append(b.groups, n)
				}
			}
		}
	}
	for _, p := range later {
		folders[p.r.typ](b, p)
	}
	b.finish()
	for _, s := range roots {
		if s.stopped != nil {
			b.errs = append(b.errs, s.stopped)
			g.RemoveFile(s.t.Path)
			g.RemoveKeyPrefix(s.prefix)
		}
	}
	return uniqueErrors(b.errs)
}

// rootsOf returns the inputs that are stacks of their own: those that no
// other input nests. Of inputs that nest each other in a cycle, the first
// by path is a root, so that each is read.
func rootsOf(inputs []*scope) []*scope {
	byTemplate := map[*Template]*scope{}
	nestedIn := map[*Template]bool{}
	for _, s := range inputs {
		byTemplate[s.t] = s
	}
	for _, s := range inputs {
		for _, n := range s.children {
			if n.t != nil && n.t != s.t {
				nestedIn[n.t] = true
			}
		}
	}
	var roots []*scope
	reached := map[*Template]bool{}
	var reach func(t *Template)
	reach = func(t *Template) {
		if reached[t] {
			return
		}
		reached[t] = true
		if s := byTemplate[t]; s != nil {
			for _, n := range s.children {
				if n.t != nil {
					reach(n.t)
				}
			}
		}
	}
	for _, s := range inputs {
		if !nestedIn[s.t] {
			roots = append(roots, s)
			reach(s.t)
		}
	}
	for {
		var first *scope
		for _, s := range inputs {
			if !reached[s.t] && (first == nil || s.t.Path < first.t.Path) {
				first = s
			}
		}
		if first == nil {
			return roots
		}
		roots = append(roots, first)
		reach(first.t)
	}
}

// uniqueErrors drops repeated errors: a nested template that cannot be read
// is looked for once per stack that nests it.
func uniqueErrors(errs []*parsers.ParseError) []*parsers.ParseError {
	type key struct {
		loc parsers.Location
		msg string
	}
	seen := map[key]bool{}
	var out []*parsers.ParseError
	for _, e := range errs {
		k := key{e.Loc, e.Msg}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// region is the deployment region when the run decides it: a --parameter
// AWS::Region value. Absent otherwise (a template is deployable to any
// region).
func (b *builder) region(path string) parsers.Value {
	if r := strings.TrimSpace(b.opts.Parameters["AWS::Region"]); r != "" {
		return parsers.Lit(r, parsers.Location{File: path})
	}
	return parsers.Value{}
}

// resourceCondition returns the resource's undecided condition and whether
// it exists at all.
func (s *scope) resourceCondition(r *resource) (string, bool) {
	if r.condition == "" {
		return "", true
	}
	switch s.cond(r.condition) {
	case isTrue:
		return "", true
	case isFalse:
		return "", false
	}
	return r.condition, true
}

// prop resolves property name of r.
func (s *scope) prop(r *resource, name string) parsers.Value {
	return s.resolve(r.props.get(name)).Named(name)
}

// orDefault returns v, or the AWS default when v is absent.
func orDefault(v parsers.Value, def string, loc parsers.Location) parsers.Value {
	if v.Kind == parsers.Absent {
		return parsers.DefaultValue(def, loc).Named(v.Prop)
	}
	return v
}

// elems returns a list property's elements.
func elems(v parsers.Value) []parsers.Value {
	if v.Kind == parsers.Absent {
		return nil
	}
	return v.Elems()
}

// ignores reads Metadata.beanlint.ignore (meta, of t): rule IDs or {id, reason} maps.
func ignores(t *Template, meta *node) []parsers.Suppression {
	list := meta.get("beanlint").get("ignore")
	if list == nil {
		return nil
	}
	items := list.items()
	if list.kind != seqNode {
		items = []*node{list}
	}
	var out []parsers.Suppression
	for _, it := range items {
		if id, ok := it.text(); ok {
			out = append(out, parsers.Suppression{RuleID: strings.TrimSpace(id), Loc: t.loc(it)})
			continue
		}
		id, _ := it.get("id").text()
		if id == "" {
			id, _ = it.get("rule").text()
		}
		reason, _ := it.get("reason").text()
		if id != "" {
			out = append(out, parsers.Suppression{RuleID: strings.TrimSpace(id), Reason: reason, Loc: t.loc(it)})
		}
	}
	return out
}

// maker builds the nodes of one resource.
type maker func(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node

var makers = map[string]maker{
	"AWS::EC2::VPC":                                makeVPC,
	"AWS::EC2::Subnet":                             makeSubnet,
	"AWS::EC2::RouteTable":                         makeRouteTable,
	"AWS::EC2::InternetGateway":                    gatewayMaker(parsers.InternetGateway),
	"AWS::EC2::EgressOnlyInternetGateway":          gatewayMaker(parsers.EgressOnlyGateway),
	"AWS::EC2::VPNGateway":                         gatewayMaker(parsers.VPNGateway),
	"AWS::EC2::TransitGateway":                     gatewayMaker(parsers.TransitGateway),
	"AWS::EC2::CarrierGateway":                     gatewayMaker(parsers.CarrierGateway),
	"AWS::EC2::NatGateway":                         gatewayMaker(parsers.NATGatewayKind),
	"AWS::EC2::VPCEndpoint":                        makeEndpoint,
	"AWS::EC2::SecurityGroup":                      makeSecurityGroup,
	"AWS::EC2::NetworkAcl":                         makeNetworkACL,
	"AWS::ElasticBeanstalk::Environment":           makeEnvironment,
	"AWS::ElasticBeanstalk::ConfigurationTemplate": makeConfigTemplate,
	"AWS::Route53::HostedZone":                     makeHostedZone,
}

// cidrProp reads a CIDR property, or says it comes from an IPAM pool.
func (s *scope) cidrProp(r *resource, loc parsers.Location) parsers.Value {
	v := s.prop(r, "CidrBlock")
	if v.Kind == parsers.Absent && r.props.get("Ipv4IpamPoolId") != nil {
		return parsers.UnknownValue("the CIDR block is allocated from an IPAM pool at deploy time", loc)
	}
	return v
}

func makeVPC(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	loc := hdr.Loc
	vpc := &parsers.VPC{Resource: hdr}
	if c := s.cidrProp(r, loc); c.Kind != parsers.Absent {
		vpc.CIDRs = []parsers.Value{c}
	}
	vpc.EnableDNSSupport = orDefault(s.prop(r, "EnableDnsSupport"), "true", loc)
	vpc.EnableDNSHostnames = orDefault(s.prop(r, "EnableDnsHostnames"), "false", loc)
	self := parsers.RefTo(hdr.Key, "", loc)
	synthetic := func(suffix, typ, attr string) parsers.Resource {
		return parsers.Resource{Key: hdr.Key + "#" + suffix, Name: hdr.Name + "." + attr, Type: typ, Loc: loc, Condition: hdr.Condition, Synthetic: true}
	}
	main := &parsers.RouteTable{Resource: synthetic("main", "AWS::EC2::RouteTable", "MainRouteTable"), VPC: self}
	sg := &parsers.SecurityGroup{Resource: synthetic("default-sg", "AWS::EC2::SecurityGroup", "DefaultSecurityGroup"), VPC: self, IsDefault: true}
	sg.Ingress, sg.Egress = parsers.DefaultSecurityGroupRules(sg.Key, loc)
	acl := &parsers.NetworkACL{Resource: synthetic("default-acl", "AWS::EC2::NetworkAcl", "DefaultNetworkAcl"), VPC: self, IsDefault: true}
	acl.Entries = parsers.DefaultACLEntries(loc)
	vpc.MainRouteTable = parsers.RefTo(main.Key, "", loc)
	vpc.DefaultSecurityGroup = parsers.RefTo(sg.Key, "", loc)
	vpc.DefaultNetworkACL = parsers.RefTo(acl.Key, "", loc)
	return []parsers.Node{vpc, main, sg, acl}
}

func makeSubnet(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	sub := &parsers.Subnet{Resource: hdr, AZIndex: -1, RouteTablesProp: "RouteTableId"}
	sub.VPC = s.prop(r, "VpcId")
	sub.CIDR = s.cidrProp(r, hdr.Loc)
	sub.AvailabilityZone = s.prop(r, "AvailabilityZone")
	sub.AvailabilityZoneID = s.prop(r, "AvailabilityZoneId")
	sub.AZIndex = s.azIndex(r.props.get("AvailabilityZone"))
	sub.MapPublicIPOnLaunch = orDefault(s.prop(r, "MapPublicIpOnLaunch"), "false", hdr.Loc)
	return []parsers.Node{sub}
}

// azIndex returns i when n is Fn::Select [i, Fn::GetAZs ...], else -1.
func (s *scope) azIndex(n *node) int {
	name, arg, ok := n.intrinsic()
	if !ok || name != "Fn::Select" {
		return -1
	}
	a, ok := args(arg, 2)
	if !ok {
		return -1
	}
	if fn, _, ok := a[1].intrinsic(); !ok || fn != "Fn::GetAZs" {
		return -1
	}
	iv := s.resolve(a[0])
	i, err := strconv.Atoi(strings.TrimSpace(iv.Str))
	if iv.Kind != parsers.Known || err != nil || i < 0 {
		return -1
	}
	return i
}

func makeRouteTable(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	return []parsers.Node{&parsers.RouteTable{Resource: hdr, VPC: s.prop(r, "VpcId")}}
}

func gatewayMaker(kind parsers.GatewayKind) maker {
	return func(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
		gw := &parsers.Gateway{Resource: hdr, Kind: kind}
		if v := s.prop(r, "VpcId"); v.Kind != parsers.Absent {
			gw.VPCs = append(gw.VPCs, v)
		}
		if kind == parsers.NATGatewayKind {
			gw.Subnet = s.prop(r, "SubnetId")
			ct := s.prop(r, "ConnectivityType")
			if ct.Kind == parsers.Absent {
				gw.Private = parsers.DefaultValue("false", hdr.Loc)
			} else {
				gw.Private = mapChoice(ct, func(v parsers.Value) parsers.Value {
					if v.Kind != parsers.Known {
						v.SetOrigin(parsers.Origin{}) // Private is computed from the connectivity type
						return v
					}
					return parsers.Derived(strconv.FormatBool(strings.EqualFold(v.Str, "private")), v.Loc, v)
				})
			}
		}
		return []parsers.Node{gw}
	}
}

func makeEndpoint(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	ep := &parsers.VPCEndpoint{Resource: hdr, SubnetsProp: "SubnetIds", SecurityGroupsProp: "SecurityGroupIds", RouteTablesProp: "RouteTableIds"}
	ep.VPC = s.prop(r, "VpcId")
	ep.ServiceName = s.prop(r, "ServiceName")
	ep.Type = orDefault(s.prop(r, "VpcEndpointType"), parsers.EndpointGateway, hdr.Loc)
	ep.PrivateDNS = orDefault(s.prop(r, "PrivateDnsEnabled"), "false", hdr.Loc)
	ep.Subnets = elems(s.prop(r, "SubnetIds"))
	ep.SecurityGroups = elems(s.prop(r, "SecurityGroupIds"))
	ep.RouteTables = elems(s.prop(r, "RouteTableIds"))
	ep.Policy = policyValue(s.jsonProp(r, "PolicyDocument"))
	return []parsers.Node{ep}
}

// jsonProp resolves property name of r, a JSON document given as a string
// or as YAML/JSON data. Under the AWS::LanguageExtensions transform
// Fn::ToJsonString's argument is the document, read where it is written.
func (s *scope) jsonProp(r *resource, name string) parsers.Value {
	if fn, arg, ok := r.props.get(name).intrinsic(); ok && fn == "Fn::ToJsonString" && s.t.langExt {
		return s.resolve(arg).Named(name)
	}
	return s.prop(r, name)
}

// policyValue turns a policy given as a JSON string into a Map value; the
// elements point at the string. The string is the document itself: what
// looks like an intrinsic function ({"Ref": …}) or a dynamic reference
// ({{resolve:…}}) inside it is literal text, which CloudFormation does not
// evaluate.
func policyValue(v parsers.Value) parsers.Value {
	if v.Kind != parsers.Known {
		return v
	}
	if len(v.Str) > MaxSize {
		// Parsed, a string built by intrinsic functions up to
		// maxExpansion could take many times that in memory.
		return parsers.UnknownValue(fmt.Sprintf("PolicyDocument is a string of %d bytes, over the %d-byte limit of a template", len(v.Str), MaxSize), v.Loc)
	}
	tree, err := parseJSON(v.Loc.File, []byte(v.Str))
	if err != nil {
		return parsers.UnknownValue("PolicyDocument is not valid JSON", v.Loc)
	}
	if v.Secret {
		return literal(tree, v.Loc, 0).AsSecret()
	}
	return literal(tree, v.Loc, 0)
}

// literal converts a parsed JSON document to a Value as plain data, every
// part located at loc. null members are absent, as in resolve.
func literal(n *node, loc parsers.Location, depth int) parsers.Value {
	return plain(n, func(*node) parsers.Location { return loc }, depth)
}

// plain converts a parsed document to a Value as plain data, each part
// located where at says. null members are absent.
func plain(n *node, at func(*node) parsers.Location, depth int) parsers.Value {
	if n == nil || depth > maxDepth {
		return parsers.Value{}
	}
	switch n.kind {
	case scalarNode:
		if n.null {
			return parsers.Value{}
		}
		return parsers.Lit(n.str, at(n))
	case seqNode:
		items := []parsers.Value{}
		for _, it := range n.items() {
			if v := plain(it, at, depth+1); v.Kind != parsers.Absent {
				items = append(items, v)
			}
		}
		return parsers.Value{Kind: parsers.List, Loc: at(n)}.WithItems(items)
	}
	var fields []parsers.Field
	for i, k := range n.keys() {
		if v := plain(n.vals()[i], at, depth+1); v.Kind != parsers.Absent {
			fields = append(fields, parsers.Field{Key: k.str, Value: v})
		}
	}
	return parsers.Value{Kind: parsers.Map, Loc: at(n)}.WithFields(fields)
}

// condMap is a map value found under a condition.
type condMap struct {
	v    parsers.Value
	cond string
}

// andCond joins conditions: "A && !B".
func andCond(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " && " + b
}

// mapsOf flattens a list of maps, following Fn::If branches (the false
// branch's condition is written "!Name"). Values that are neither maps nor
// lists are returned as they are (unknown entries).
func mapsOf(v parsers.Value, cond string, out *[]condMap) {
	switch v.Kind {
	case parsers.Absent:
	case parsers.List:
		for _, it := range v.Items() {
			mapsOf(it, cond, out)
		}
	case parsers.Choice:
		if len(v.Items()) == 2 {
			mapsOf(v.Items()[0], andCond(cond, v.Cond()), out)
			mapsOf(v.Items()[1], andCond(cond, "!"+v.Cond()), out)
		}
	default:
		*out = append(*out, condMap{v: v, cond: cond})
	}
}

func makeSecurityGroup(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	sg := &parsers.SecurityGroup{Resource: hdr, VPC: s.prop(r, "VpcId")}
	sg.Ingress = sgRules(s.prop(r, "SecurityGroupIngress"), false, hdr.Condition)
	sg.Egress = sgRules(s.prop(r, "SecurityGroupEgress"), true, hdr.Condition)
	if len(sg.Egress) > 0 {
		b.egressDeclared[hdr.Key] = true
	}
	return []parsers.Node{sg}
}

// sgRules reads inline security group rules.
func sgRules(v parsers.Value, egress bool, cond string) []parsers.SGRule {
	var ms []condMap
	mapsOf(v, cond, &ms)
	out := make([]parsers.SGRule, 0, len(ms))
	for _, m := range ms {
		rule := sgRule(m.v, egress)
		rule.Condition = m.cond
		out = append(out, rule)
	}
	return out
}

// sgRule reads one rule from its properties. A value that is not a map
// (unknown) makes every field of the rule unknown.
func sgRule(m parsers.Value, egress bool) parsers.SGRule {
	if m.Kind != parsers.Map {
		u := m
		if u.Kind != parsers.Unknown {
			u = parsers.UnknownValue("security group rule is not a mapping: "+describe(m), m.Loc)
		}
		u.SetOrigin(parsers.Origin{}) // each field is a part of the rule, not the rule itself
		return parsers.SGRule{Protocol: u, FromPort: u, ToPort: u, Peer: parsers.Peer{CIDR: u}, Loc: m.Loc}
	}
	rule := parsers.SGRule{
		Protocol: m.Get("IpProtocol"), FromPort: m.Get("FromPort"), ToPort: m.Get("ToPort"),
		Peer: parsers.Peer{CIDR: m.Get("CidrIp"), CIDRv6: m.Get("CidrIpv6")},
		Loc:  m.Loc,
	}
	if egress {
		rule.Peer.SecurityGroup = m.Get("DestinationSecurityGroupId")
		rule.Peer.PrefixList = m.Get("DestinationPrefixListId")
	} else {
		rule.Peer.SecurityGroup = m.Get("SourceSecurityGroupId")
		rule.Peer.PrefixList = m.Get("SourcePrefixListId")
	}
	return rule
}

func makeNetworkACL(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	return []parsers.Node{&parsers.NetworkACL{Resource: hdr, VPC: s.prop(r, "VpcId")}}
}

// makeHostedZone reads a hosted zone's name and the VPCs of its VPCs
// property (a private hosted zone's associations).
func makeHostedZone(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	hz := &parsers.HostedZone{Resource: hdr, ZoneName: s.prop(r, "Name")}
	var ms []condMap
	mapsOf(s.prop(r, "VPCs"), "", &ms)
	for _, m := range ms {
		hz.VPCs = append(hz.VPCs, m.v.Get("VPCId"))
	}
	return []parsers.Node{hz}
}

func makeEnvironment(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	env := &parsers.Environment{Resource: hdr}
	env.Application = s.prop(r, "ApplicationName")
	env.EnvironmentName = s.prop(r, "EnvironmentName")
	env.SolutionStackName = s.prop(r, "SolutionStackName")
	env.PlatformArn = s.prop(r, "PlatformArn")
	env.TemplateName = s.prop(r, "TemplateName")
	env.Tier = s.prop(r, "Tier")
	env.Settings = optionSettings(s.prop(r, "OptionSettings"), hdr)
	return []parsers.Node{env}
}

func makeConfigTemplate(b *builder, s *scope, r *resource, hdr parsers.Resource) []parsers.Node {
	ct := &parsers.ConfigurationTemplate{Resource: hdr}
	ct.Application = s.prop(r, "ApplicationName")
	ct.SolutionStackName = s.prop(r, "SolutionStackName")
	ct.PlatformArn = s.prop(r, "PlatformArn")
	ct.SourceTemplate = s.prop(r, "SourceConfiguration").Get("TemplateName")
	ct.EnvironmentID = s.prop(r, "EnvironmentId")
	ct.Settings = optionSettings(s.prop(r, "OptionSettings"), hdr)
	return []parsers.Node{ct}
}

// optionSettings reads OptionSettings entries.
func optionSettings(v parsers.Value, hdr parsers.Resource) []parsers.OptionSetting {
	var ms []condMap
	mapsOf(v, hdr.Condition, &ms)
	out := make([]parsers.OptionSetting, 0, len(ms))
	for _, m := range ms {
		if m.v.Kind != parsers.Map {
			continue
		}
		ns, name := textOf(m.v.Get("Namespace")), textOf(m.v.Get("OptionName"))
		out = append(out, parsers.OptionSetting{
			Namespace: ns,
			Name:      name,
			Value:     m.v.Get("Value").Named("OptionSettings " + ns + "/" + name),
			Condition: m.cond,
			Loc:       m.v.Loc,
			Owner:     hdr.Key,
		})
	}
	return out
}

// textOf renders a name-like value.
func textOf(v parsers.Value) string {
	if s, ok := v.Text(); ok {
		return strings.TrimSpace(s)
	}
	return describe(v)
}

// finish completes nodes once every resource is folded in: local routes
// and the CloudFormation default egress rule.
func (b *builder) finish() {
	for _, rt := range b.tables {
		vpc, ok := parsers.LookupAs[*parsers.VPC](b.g, rt.VPC)
		if !ok {
			continue
		}
		var local []parsers.Route
		for _, c := range vpc.CIDRs {
			local = append(local, parsers.Route{DestinationCIDR: c, TargetKind: parsers.TargetLocal, Target: parsers.DefaultValue("local", rt.Loc), Loc: rt.Loc})
		}
		rt.Routes = append(local, rt.Routes...)
	}
	for _, sg := range b.groups {
		if !sg.IsDefault && !b.egressDeclared[sg.Key] && len(sg.Egress) == 0 {
			sg.DefaultEgress = true
		}
	}
}

// exportsNamed returns the exports of every template with the given name.
// An export named after its own stack ("${AWS::StackName}-VpcId") matches
// any name with a stack name in that place, when no export has exactly the
// name: the stack name is chosen at deploy time.
func (b *builder) exportsNamed(name string) []*export {
	if b.buildingExports {
		return nil
	}
	if b.exports == nil {
		b.indexExports()
	}
	if exact := b.exports[name]; len(exact) > 0 {
		return exact
	}
	var out []*export
	for _, e := range b.stackNamed {
		if e.pattern.MatchString(name) {
			out = append(out, e)
		}
	}
	return out
}

// stackNameText is how Value.Text renders the stack name pseudo parameter.
const stackNameText = "${AWS::StackName}"

func (b *builder) indexExports() {
	b.buildingExports = true
	defer func() { b.buildingExports = false }()
	b.exports = map[string][]*export{}
	for _, s := range b.scopes {
		for _, o := range s.outputs {
			out := o.body
			if c, ok := out.get("Condition").text(); ok && s.cond(c) == isFalse {
				continue
			}
			exp := out.get("Export")
			if exp == nil {
				continue
			}
			text, ok := s.resolve(exp.get("Name")).Text()
			if !ok {
				continue
			}
			e := &export{scope: s, value: out.get("Value")}
			b.exports[text] = append(b.exports[text], e)
			if strings.Contains(text, stackNameText) {
				pieces := strings.Split(text, stackNameText)
				for i, p := range pieces {
					pieces[i] = regexp.QuoteMeta(p)
				}
				// Stack names: a letter, then letters, digits and hyphens.
				e.pattern = regexp.MustCompile("^" + strings.Join(pieces, "[A-Za-z][-A-Za-z0-9]*") + "$")
				b.stackNamed = append(b.stackNamed, e)
			}
		}
	}
}

// outputList returns the template's outputs: logical ID, export name, and
// the resource and attribute a Ref or Fn::GetAtt value names.
func (s *scope) outputList() []parsers.Output {
	var out []parsers.Output
	for _, o := range s.outputs {
		po := parsers.Output{ID: o.name}
		if name := o.body.get("Export").get("Name"); name != nil {
			po.Export, _ = s.resolve(name).Text()
		}
		if fn, arg, ok := o.body.get("Value").intrinsic(); ok {
			switch fn {
			case "Ref":
				po.Resource, _ = arg.text()
			case "Fn::GetAtt":
				if t, ok := arg.text(); ok {
					po.Resource, po.Attr, _ = strings.Cut(t, ".")
				} else if arg != nil && len(arg.items()) == 2 {
					po.Resource, _ = arg.items()[0].text()
					po.Attr, _ = arg.items()[1].text()
				}
			}
			if s.byID[po.Resource] == nil {
				po.Resource, po.Attr = "", ""
			}
		}
		out = append(out, po)
	}
	return out
}

// logicalIDs returns the logical IDs of the template's resources.
func (s *scope) logicalIDs() []string {
	out := make([]string, 0, len(s.resources))
	for _, r := range s.resources {
		out = append(out, r.id)
	}
	return out
}
