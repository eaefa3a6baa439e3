package parsers

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Resource is the header every graph node shares.
type Resource struct {
	// Key identifies the node in the graph: "<file>#<LogicalID>" for
	// CloudFormation, "<plan file>#<address>" for Terraform. Synthetic nodes
	// (a VPC's main route table, default security group, default network
	// ACL) use the owner's key plus "#main", "#default-sg", "#default-acl".
	Key string
	// Name is what users call the resource: the logical ID or the
	// Terraform address. Suppressions and messages use it.
	Name string
	// Type is the source type, e.g. "AWS::EC2::VPC" or "aws_vpc".
	Type string
	// Loc is the resource's definition (the logical ID key line).
	Loc Location
	// PhysicalID is the resource's AWS ID when the input knows it
	// (Terraform state); Absent otherwise.
	PhysicalID Value
	// Condition names an undecided CloudFormation condition under which
	// alone the resource exists; "" when it always exists. Resources whose
	// condition is decided false are not in the graph.
	Condition string
	// Synthetic is true for nodes AWS creates implicitly (main route table,
	// default security group, default network ACL).
	Synthetic bool
	// Generated is true for a CloudFormation resource that a transform
	// makes (an Fn::ForEach copy): no text of the template declares it.
	Generated bool
	// Ignore lists rule suppressions declared in the input for this
	// resource.
	Ignore []Suppression
	// ReadOnly is true when the input reads the resource (a Terraform
	// data source) rather than manages it: its PhysicalID links values of
	// other inputs to the input that manages it, never the other way.
	ReadOnly bool
	// ModuleCalls is the Terraform module call chain of a resource inside a
	// module, outermost first: the location of each `module "…"` block
	// (with its address as Name) that leads to the resource. Empty for root
	// resources and for CloudFormation.
	ModuleCalls []ModuleCall
	// ModuleSource is the block of a resource inside a module whose code
	// is not in the repository (a registry or Git module that terraform
	// init installed under .terraform/modules): Loc is then the module
	// call in the repository's own .tf, and this the path into the module.
	ModuleSource Location
	// ModuleSourceProps locates, for such a resource, its arguments inside
	// the module by name (the expression of an attribute, the first block
	// of a nested block type): the line a finding about one points into.
	ModuleSourceProps map[string]Location
	// ModuleSourceInputs locates, by argument name, the argument of a
	// module call inside that installed code that sets the argument
	// through a variable: the line that decides its value there.
	ModuleSourceInputs map[string]Location
	// ModuleInputs names, by argument name, the argument of a module call
	// in the repository's own configuration whose value the argument of a
	// resource inside a module is, passed on by module variables (the
	// enable_dns_hostnames = false a configuration passes to a registry
	// VPC module): the input a fix changes, never the module's code.
	ModuleInputs map[string]ModuleInput
	// ForEachInput is, for an instance of a resource inside a module whose
	// for_each iterates over a map that a module call of the repository's
	// own configuration passes written out, that argument and the
	// instance's entry in it (a vpc-endpoints module's endpoints map); nil
	// otherwise.
	ForEachInput *ModuleInput
}

// ModuleInput is an argument of a module call in the repository's own
// configuration that decides something inside the module.
type ModuleInput struct {
	Call     string // the call's address: "module.vpc"
	Argument string // the argument's name: "enable_dns_hostnames"
	// Key and Entry are, for a ForEachInput, the instance's key in the
	// map and its entry's expression as written.
	Key, Entry string
	// Loc is the argument, or a ForEachInput's entry.
	Loc Location
}

// ModuleCall is one `module "name"` block on the way to a resource.
type ModuleCall struct {
	Address string // "module.vpc", "module.vpc.module.subnets"
	Loc     Location
}

// Base returns the shared header; it makes every node a Node.
func (r *Resource) Base() *Resource { return r }

// Node is any graph node.
type Node interface{ Base() *Resource }

// Suppression is an in-source instruction to ignore a rule.
type Suppression struct {
	RuleID string
	Reason string
	Loc    Location
}

// VPC is an AWS::EC2::VPC / aws_vpc.
type VPC struct {
	Resource
	CIDRs              []Value // primary and associated IPv4 CIDR blocks
	EnableDNSSupport   Value   // default true
	EnableDNSHostnames Value   // default false
	// MainRouteTable refers to the VPC's main route table: a synthetic
	// table holding only the local route for a VPC the inputs create.
	MainRouteTable Value
	// DefaultSecurityGroup and DefaultNetworkACL refer to the VPC's
	// default security group and network ACL (synthetic unless an input
	// adopts them).
	DefaultSecurityGroup Value
	DefaultNetworkACL    Value
}

// Subnet is an AWS::EC2::Subnet / aws_subnet.
type Subnet struct {
	Resource
	VPC  Value
	CIDR Value
	// AvailabilityZone is the zone name ("us-east-1a"); it may be Unknown
	// with "Fn::GetAZs index i" in Reason (see AZIndex).
	AvailabilityZone Value
	// AvailabilityZoneID is the zone ID ("use1-az1"): the same physical
	// zone in every account, unlike names, so the two are kept apart.
	AvailabilityZoneID  Value
	AZIndex             int // >= 0 when the AZ is Fn::Select [i, Fn::GetAZs]; -1 otherwise
	MapPublicIPOnLaunch Value
	// RouteTables lists explicit route table associations (normally one;
	// more when associations are conditional).
	RouteTables []Value
	// NetworkACLs lists explicit network ACL associations.
	NetworkACLs []Value
	// RouteTablesProp names the association property that gives a subnet
	// its route table as the input does ("RouteTableId", "route_table_id"),
	// for messages: RouteTables holds values, which carry no name.
	RouteTablesProp string
}

// RouteTarget classifies a route's target.
type RouteTarget string

// Route targets.
const (
	TargetLocal           RouteTarget = "local"
	TargetGateway         RouteTarget = "gateway" // GatewayId: internet or virtual private gateway; resolve to tell
	TargetInternetGateway RouteTarget = "internet-gateway"
	TargetVPNGateway      RouteTarget = "vpn-gateway"
	TargetNATGateway      RouteTarget = "nat-gateway"
	TargetInstance        RouteTarget = "instance"
	TargetNetworkIface    RouteTarget = "network-interface"
	TargetTransitGateway  RouteTarget = "transit-gateway"
	TargetPeering         RouteTarget = "vpc-peering"
	TargetEgressOnly      RouteTarget = "egress-only-internet-gateway"
	TargetVPCEndpoint     RouteTarget = "vpc-endpoint"
	TargetCarrierGateway  RouteTarget = "carrier-gateway"
	TargetLocalGateway    RouteTarget = "local-gateway"
	TargetCoreNetwork     RouteTarget = "core-network"
)

// GatewayIDTarget classifies the literal value of a GatewayId route target
// by its ID: "local", an internet gateway ("igw-…") or a virtual private
// gateway ("vgw-…"). ok is false when the value says neither (DOMAIN.md
// §1.2: GatewayId holds either kind of gateway).
func GatewayIDTarget(v Value) (RouteTarget, bool) {
	if v.Kind != Known {
		return "", false
	}
	switch id := strings.TrimSpace(v.Str); {
	case id == "local":
		return TargetLocal, true
	case strings.HasPrefix(id, "igw-"):
		return TargetInternetGateway, true
	case strings.HasPrefix(id, "vgw-"):
		return TargetVPNGateway, true
	}
	return "", false
}

// Route is one route of a route table, inline or declared separately.
type Route struct {
	Key             string // the declaring resource's key ("" for inline routes)
	Name            string // the declaring resource's name ("" for inline routes)
	Condition       string // as Resource.Condition
	DestinationCIDR Value  // IPv4
	DestinationIPv6 Value
	DestinationPL   Value // prefix list
	TargetKind      RouteTarget
	Target          Value
	Loc             Location
}

// RouteTable is an AWS::EC2::RouteTable / aws_route_table, or a VPC's
// synthetic main route table.
type RouteTable struct {
	Resource
	VPC    Value
	Routes []Route
	// PropagatingVGWs lists virtual private gateways whose routes propagate
	// into the table.
	PropagatingVGWs []Value
}

// GatewayKind says what a Gateway is.
type GatewayKind string

// Gateway kinds.
const (
	InternetGateway       GatewayKind = "internet"
	EgressOnlyGateway     GatewayKind = "egress-only-internet"
	VPNGateway            GatewayKind = "vpn"
	TransitGateway        GatewayKind = "transit"
	CarrierGateway        GatewayKind = "carrier"
	NATGatewayKind        GatewayKind = "nat"
	NATInstance           GatewayKind = "nat-instance"
	OtherGatewayLikeThing GatewayKind = "other"
)

// Gateway is an internet gateway, egress-only internet gateway, virtual
// private gateway, transit gateway, carrier gateway or NAT gateway.
type Gateway struct {
	Resource
	Kind GatewayKind
	VPCs []Value // attachments (VPCGatewayAttachment, vpc_id)
	// Subnet and Private apply to NAT gateways: the subnet it sits in and
	// whether its connectivity type is "private" (no internet egress).
	Subnet  Value
	Private Value
}

// EndpointType values.
const (
	EndpointGateway   = "Gateway"
	EndpointInterface = "Interface"
)

// VPCEndpoint is an AWS::EC2::VPCEndpoint / aws_vpc_endpoint, with its
// split resources folded in.
type VPCEndpoint struct {
	Resource
	VPC            Value
	ServiceName    Value
	Type           Value // default "Gateway"
	PrivateDNS     Value // default false
	Subnets        []Value
	SecurityGroups []Value // empty: the VPC default security group applies
	RouteTables    []Value
	Policy         Value // Absent: full access
	// PolicyFrom is, in Terraform, the aws_iam_policy_document whose JSON
	// the policy is ("data.aws_iam_policy_document.s3", in its module),
	// "" otherwise: a fix adds statements there.
	PolicyFrom string
	// PolicyFromLoc is the block of PolicyFrom in the repository's own .tf
	// files; zero when the block is in a module terraform init installed
	// or not in the source the inputs hold.
	PolicyFromLoc Location
	// PolicyIn is, in Terraform, the address of the block (the endpoint's,
	// or an aws_vpc_endpoint_policy's) whose policy argument is jsonencode
	// of a document written out with a Statement list, in the repository's
	// own .tf files; PolicyInLoc that block. "" otherwise: a fix appends
	// statements to that list.
	PolicyIn    string
	PolicyInLoc Location
	// PolicyResource is, in Terraform, the address of the
	// aws_vpc_endpoint_policy that sets the policy, "" when the endpoint's
	// own policy argument does: a fix changes the policy there, never on
	// the endpoint (two resources would then set one policy).
	// PolicyResourceLoc locates its block.
	PolicyResource    string
	PolicyResourceLoc Location
	// SubnetsProp, SecurityGroupsProp and RouteTablesProp name the list
	// properties above as the input does ("SubnetIds", "subnet_ids"), for
	// messages: the lists hold their elements, which carry no name.
	SubnetsProp, SecurityGroupsProp, RouteTablesProp string
	// EachInput locates, for a Terraform endpoint that a module makes for
	// each entry of one input of the module call (for_each over an
	// endpoints map), that input in the calling configuration: where an
	// endpoint for another service is added. Zero otherwise.
	EachInput Location
}

// Peer is the other side of a security group rule.
type Peer struct {
	CIDR          Value
	CIDRv6        Value
	SecurityGroup Value
	PrefixList    Value
}

// SGRule is one ingress or egress rule, inline or declared separately.
type SGRule struct {
	Key       string // declaring resource's key ("" for inline rules)
	Name      string
	Condition string
	Protocol  Value // "-1", "tcp", "6", ...
	FromPort  Value
	ToPort    Value
	Peer      Peer
	Loc       Location
}

// SecurityGroup is an AWS::EC2::SecurityGroup / aws_security_group, or a
// VPC's default security group.
type SecurityGroup struct {
	Resource
	VPC     Value
	Ingress []SGRule
	Egress  []SGRule
	// DefaultEgress is true when the group allows all egress because no
	// egress rule was declared (CloudFormation semantics).
	DefaultEgress bool
	// IsDefault marks a VPC's default security group: it admits inbound
	// traffic from its own members only (unless rules were adopted).
	IsDefault bool
	// IngressInput and EgressInput locate, for a group inside a Terraform
	// module whose inbound (outbound) rules are all made from one input of
	// the module call (rule resources with count or for_each over a
	// variable, dynamic ingress or egress blocks), that input in the
	// calling configuration: where a user adds or changes such a rule.
	// Zero otherwise.
	IngressInput, EgressInput Location
}

// ACLEntry is one network ACL rule.
type ACLEntry struct {
	Key        string
	Name       string
	Condition  string
	RuleNumber Value
	Protocol   Value
	Allow      Value // "allow" / "deny"
	Egress     Value // Known "true" (outbound) / "false" (inbound); Unknown when undecided
	CIDR       Value
	IPv6CIDR   Value
	FromPort   Value
	ToPort     Value
	Loc        Location
}

// NetworkACL is an AWS::EC2::NetworkAcl / aws_network_acl, or a VPC's
// default ACL (IsDefault; allows all unless rules were adopted).
type NetworkACL struct {
	Resource
	VPC       Value
	Entries   []ACLEntry
	IsDefault bool
}

// OptionSetting is one Elastic Beanstalk option setting.
type OptionSetting struct {
	Namespace string
	Name      string
	Value     Value
	Condition string
	Loc       Location // the whole setting entry
	// Owner is the key of the environment or configuration template that
	// declares the setting.
	Owner string
	// Section is, for a setting read from an Elastic Beanstalk
	// configuration file or saved configuration, the top-level key that
	// holds it ("option_settings", "OptionSettings"); "" for templates and
	// plans. ListItem is true when the file writes it as an item
	// {namespace, option_name, value} of a list, false for the namespace:
	// {option: value} form. A fix changes the setting there.
	Section  string
	ListItem bool
}

// Environment is an AWS::ElasticBeanstalk::Environment /
// aws_elastic_beanstalk_environment.
type Environment struct {
	Resource
	Application       Value
	EnvironmentName   Value
	SolutionStackName Value
	PlatformArn       Value
	TemplateName      Value // Ref to a ConfigurationTemplate, or a literal name
	Tier              Value
	Settings          []OptionSetting
	// SettingsUndecided is an Unknown value when the input does not decide
	// which option settings the environment has (a Terraform dynamic
	// "setting" block whose collection is known only after apply): Reason
	// says why, Loc where. Settings then holds only those it decides, and
	// no rule can trust their absence. Absent otherwise.
	SettingsUndecided Value
	// Source is the application source paired with the environment, whose
	// configuration files' settings apply below every other layer; nil
	// when none is.
	Source *AppSource
}

// ConfigurationTemplate is an AWS::ElasticBeanstalk::ConfigurationTemplate
// / aws_elastic_beanstalk_configuration_template.
type ConfigurationTemplate struct {
	Resource
	Application       Value
	SolutionStackName Value
	PlatformArn       Value
	// SourceTemplate is SourceConfiguration.TemplateName (a Ref or a name).
	SourceTemplate Value
	EnvironmentID  Value
	Settings       []OptionSetting
	// SettingsUndecided is as Environment's: the environments the template
	// applies to have undecided settings too.
	SettingsUndecided Value
}

// HostedZone is a Route 53 hosted zone (AWS::Route53::HostedZone,
// aws_route53_zone) with the VPCs it is associated with (VPCs, vpc blocks,
// aws_route53_zone_association): a private hosted zone answers its name for
// those VPCs.
type HostedZone struct {
	Resource
	// ZoneName is the zone's domain name ("logs.us-east-1.amazonaws.com").
	ZoneName Value
	VPCs     []Value
}

// SourceFile is one input file that produced nodes.
type SourceFile struct {
	Path   string
	Format string // "cloudformation-yaml", "cloudformation-json", "terraform-plan"
	// Ignore lists template-level suppressions.
	Ignore []Suppression
	// Region is the deployment region when the input decides it (the
	// Terraform provider's region, data.aws_region, or a --parameter
	// AWS::Region value); Absent otherwise.
	Region Value
	// RegionVariable is, for a Terraform input whose Region is the value of
	// a root variable (the default aws provider's region argument is
	// var.NAME, or a local that is exactly it) rather than a literal, the
	// variable's name: another value of it (tfvars, a workspace) deploys
	// in another region, so a fix writes an expression, not Region.
	RegionVariable string
	// DataSources are, for a Terraform .tf file, the addresses of the data
	// blocks it declares ("data.aws_region.current"): what a fix may read
	// without adding it.
	DataSources []string
	// Outputs are a CloudFormation template's outputs, in order.
	Outputs []Output
	// LogicalIDs are every logical ID of a CloudFormation template's
	// Resources, also of resources that are not nodes (not network
	// resources, or left out by a condition decided false): a resource a
	// fix adds must not take one.
	LogicalIDs []string
}

// Output is one Outputs entry of a CloudFormation template.
type Output struct {
	// ID is the output's logical ID.
	ID string
	// Export is the export name ("" when not exported), as Value.Text
	// renders it: with ${AWS::StackName} where the name holds the stack's.
	Export string
	// Resource and Attr say what the output's value is when it is a Ref
	// (Attr "") or Fn::GetAtt of a resource of the template; "" otherwise.
	Resource, Attr string
}

// Graph is the network resource graph of one run: every input's nodes.
type Graph struct {
	Files           []*SourceFile
	VPCs            []*VPC
	Subnets         []*Subnet
	RouteTables     []*RouteTable
	Gateways        []*Gateway
	Endpoints       []*VPCEndpoint
	SecurityGroups  []*SecurityGroup
	NetworkACLs     []*NetworkACL
	Environments    []*Environment
	ConfigTemplates []*ConfigurationTemplate
	HostedZones     []*HostedZone
	// Undecided are the resources whose instances the inputs do not
	// decide; they are not among the nodes.
	Undecided []UndecidedResource
	// JSONDocuments are the application source's files (configuration
	// files, saved configurations, environment manifests) written in
	// JSON, which are not among Files: a fix of one is shown in JSON, as
	// it is written.
	JSONDocuments []string

	byKey      map[string]Node
	byPhysical map[string][]Node // by physical ID, in the order added
	// inputOf maps a file to the input it was read for (a Terraform .tf
	// file to its plan); "" when several inputs share the file.
	inputOf map[string]string
	// inputs are the inputs registered with AddInputFile.
	inputs map[string]bool
}

// UndecidedResource is a resource or module call whose instances the input
// does not decide: a Terraform count or for_each known only after apply
// (linting .tf without a plan). At most one node stands for its instances
// (Key), existing only under that condition.
type UndecidedResource struct {
	// Name is its address ("aws_vpc_endpoint.logs", "module.net").
	Name string
	// Key is the key of the node that stands for its instances, under
	// the condition that they exist; "" when there is none (a module
	// call).
	Key string
	// Loc is the count or for_each expression.
	Loc Location
	// Reason says which expression is not known, and why.
	Reason string
}

// NewGraph returns an empty graph.
func NewGraph() *Graph {
	return &Graph{byKey: map[string]Node{}, byPhysical: map[string][]Node{}, inputOf: map[string]string{}, inputs: map[string]bool{}}
}

// AddInputFile records that file was read for input (a plan file, whose
// node keys are "<input>#..."): values located in file come from input,
// which decides what their physical IDs link to (see Lookup). A file read
// for two inputs belongs to neither.
func (g *Graph) AddInputFile(file, input string) {
	if g.inputOf == nil {
		g.inputOf, g.inputs = map[string]string{}, map[string]bool{}
	}
	g.inputs[input] = true
	if prev, seen := g.inputOf[file]; seen && prev != input {
		g.inputOf[file] = ""
		return
	}
	g.inputOf[file] = input
}

// NodeInput returns the input a node was read from (a template, a plan
// file, a Terraform configuration's directory), or "" when that is not
// known.
func (g *Graph) NodeInput(n Node) string { return g.nodeInput(n) }

// nodeInput is the registered input whose key prefix a node has, or "".
func (g *Graph) nodeInput(n Node) string {
	key, best := n.Base().Key, ""
	for in := range g.inputs {
		if len(in) > len(best) && strings.HasPrefix(key, in+"#") {
			best = in
		}
	}
	return best
}

// Add inserts a node. Adding a second node with the same key is an error.
func (g *Graph) Add(n Node) error {
	r := n.Base()
	if _, dup := g.byKey[r.Key]; dup {
		return fmt.Errorf("duplicate graph node %q", r.Key)
	}
	g.byKey[r.Key] = n
	if id, ok := r.PhysicalID.Text(); ok && r.PhysicalID.Kind == Known && id != "" {
		if g.byPhysical == nil {
			g.byPhysical = map[string][]Node{}
		}
		g.byPhysical[id] = append(g.byPhysical[id], n)
	}
	switch n := n.(type) {
	case *VPC:
		g.VPCs = append(g.VPCs, n)
	case *Subnet:
		g.Subnets = append(g.Subnets, n)
	case *RouteTable:
		g.RouteTables = append(g.RouteTables, n)
	case *Gateway:
		g.Gateways = append(g.Gateways, n)
	case *VPCEndpoint:
		g.Endpoints = append(g.Endpoints, n)
	case *SecurityGroup:
		g.SecurityGroups = append(g.SecurityGroups, n)
	case *NetworkACL:
		g.NetworkACLs = append(g.NetworkACLs, n)
	case *Environment:
		g.Environments = append(g.Environments, n)
	case *ConfigurationTemplate:
		g.ConfigTemplates = append(g.ConfigTemplates, n)
	case *HostedZone:
		g.HostedZones = append(g.HostedZones, n)
	default:
		return fmt.Errorf("graph node %q: unsupported type %T", r.Key, n)
	}
	return nil
}

// Node returns the node with the given key, or nil.
func (g *Graph) Node(key string) Node { return g.byKey[key] }

// Lookup returns the node a value designates. A Known string resolves by
// physical ID. A Ref resolves by key when it names the node itself: no
// attribute, "Id"/"id", or the attribute that is the node's own ID
// ("GroupId" of a security group, "SubnetId" of a subnet, ...). "VpcId" /
// "vpc_id" of a node in a VPC resolves to that VPC, and a VPC's
// DefaultSecurityGroup, DefaultNetworkAcl and MainRouteTable attributes (and
// their Terraform names) to those (possibly synthetic) nodes. Any other
// attribute (an ARN, a CIDR, a DNS entry) designates no node: ok is false.
func (g *Graph) Lookup(v Value) (Node, bool) {
	switch v.Kind {
	case Ref:
		n, ok := g.byKey[v.Target]
		if !ok {
			return nil, false
		}
		if vpc, isVPC := n.(*VPC); isVPC {
			switch v.Attr() {
			case "DefaultSecurityGroup", "default_security_group_id":
				return g.Lookup(vpc.DefaultSecurityGroup)
			case "DefaultNetworkAcl", "default_network_acl_id":
				return g.Lookup(vpc.DefaultNetworkACL)
			case "MainRouteTable", "main_route_table_id", "default_route_table_id":
				return g.Lookup(vpc.MainRouteTable)
			}
		}
		switch {
		case v.Attr() == "" || v.Attr() == "Id" || v.Attr() == "id" || isSelfIDAttr(v.Attr()):
			return n, true
		case v.Attr() == "VpcId" || v.Attr() == "vpc_id":
			if _, isVPC := n.(*VPC); isVPC {
				return n, true
			}
			if vpc, ok := vpcOf(n); ok {
				return g.Lookup(vpc)
			}
		}
		return nil, false
	case Known:
		return g.byID(v)
	}
	return nil, false
}

// byID resolves a literal physical ID. Within one input the ID is the node
// that input manages (else reads); across inputs a literal links only to
// the one input that manages the ID, so that an input reading it (a data
// source, a literal) reaches the input that manages it, and two inputs that
// both manage it (two copies of one plan) never link to each other. An ID
// that several other inputs manage designates no node.
func (g *Graph) byID(v Value) (Node, bool) {
	cands := g.byPhysical[v.Str]
	if len(cands) <= 1 {
		if len(cands) == 1 {
			return cands[0], true
		}
		return nil, false
	}
	from := g.inputOf[v.Loc.File]
	var own, ownRead, managed []Node
	managers := map[string]bool{}
	for _, n := range cands {
		in := g.nodeInput(n)
		switch {
		case from != "" && in == from && !n.Base().ReadOnly:
			own = append(own, n)
		case from != "" && in == from:
			ownRead = append(ownRead, n)
		case !n.Base().ReadOnly:
			managed = append(managed, n)
			managers[in] = true
		}
	}
	switch {
	case len(own) > 0:
		return first(own), true
	case len(managers) == 1:
		return first(managed), true
	case len(ownRead) > 0:
		return first(ownRead), true
	case len(managed) == 0:
		return first(cands), true // only data sources of other inputs read the ID
	}
	return nil, false
}

// first is the node with the smallest key, so that the choice among nodes
// of one input never depends on the order inputs were read in.
func first(ns []Node) Node {
	best := ns[0]
	for _, n := range ns[1:] {
		if n.Base().Key < best.Base().Key {
			best = n
		}
	}
	return best
}

// LookupAs returns the node v designates (see Graph.Lookup) when it is a T;
// ok is false when v designates no node or a node of another type.
func LookupAs[T Node](g *Graph, v Value) (T, bool) {
	n, ok := g.Lookup(v)
	if !ok {
		var zero T
		return zero, false
	}
	t, ok := n.(T)
	return t, ok
}

// isSelfIDAttr reports whether a Fn::GetAtt attribute returns the
// resource's own ID, like Ref does.
func isSelfIDAttr(attr string) bool {
	switch attr {
	case "GroupId", "SubnetId", "RouteTableId", "NetworkAclId", "InternetGatewayId", "NatGatewayId",
		"TransitGatewayId", "VpnGatewayId", "EgressOnlyInternetGatewayId", "CarrierGatewayId", "VpcEndpointId":
		return true
	}
	return false
}

// vpcOf returns the VPC value of a node that sits in one.
func vpcOf(n Node) (Value, bool) {
	switch n := n.(type) {
	case *Subnet:
		return n.VPC, true
	case *SecurityGroup:
		return n.VPC, true
	case *RouteTable:
		return n.VPC, true
	case *VPCEndpoint:
		return n.VPC, true
	case *NetworkACL:
		return n.VPC, true
	}
	return Value{}, false
}

// Sort orders every node list by key, so output never depends on input order.
func (g *Graph) Sort() {
	sort.Slice(g.Files, func(i, j int) bool { return g.Files[i].Path < g.Files[j].Path })
	sortNodes(g.VPCs)
	sortNodes(g.Subnets)
	sortNodes(g.RouteTables)
	sortNodes(g.Gateways)
	sortNodes(g.Endpoints)
	sortNodes(g.SecurityGroups)
	sortNodes(g.NetworkACLs)
	sortNodes(g.Environments)
	sortNodes(g.ConfigTemplates)
	sortNodes(g.HostedZones)
}

func sortNodes[T Node](s []T) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].Base().Key < s[j].Base().Key })
}

// RemoveFile removes file and every node read from it, for an input found
// unusable after its nodes were added (a template too complex to resolve).
func (g *Graph) RemoveFile(file string) {
	g.Files = slices.DeleteFunc(g.Files, func(f *SourceFile) bool { return f.Path == file })
	g.remove(func(n Node) bool { return n.Base().Loc.File == file })
}

// RemoveKeyPrefix removes every node whose key starts with prefix: the
// stacks nested in a template found unusable.
func (g *Graph) RemoveKeyPrefix(prefix string) {
	g.remove(func(n Node) bool { return strings.HasPrefix(n.Base().Key, prefix) })
}

// remove removes the nodes from reports true for.
func (g *Graph) remove(from func(Node) bool) {
	g.VPCs = slices.DeleteFunc(g.VPCs, func(n *VPC) bool { return from(n) })
	g.Subnets = slices.DeleteFunc(g.Subnets, func(n *Subnet) bool { return from(n) })
	g.RouteTables = slices.DeleteFunc(g.RouteTables, func(n *RouteTable) bool { return from(n) })
	g.Gateways = slices.DeleteFunc(g.Gateways, func(n *Gateway) bool { return from(n) })
	g.Endpoints = slices.DeleteFunc(g.Endpoints, func(n *VPCEndpoint) bool { return from(n) })
	g.SecurityGroups = slices.DeleteFunc(g.SecurityGroups, func(n *SecurityGroup) bool { return from(n) })
	g.NetworkACLs = slices.DeleteFunc(g.NetworkACLs, func(n *NetworkACL) bool { return from(n) })
	g.Environments = slices.DeleteFunc(g.Environments, func(n *Environment) bool { return from(n) })
	g.ConfigTemplates = slices.DeleteFunc(g.ConfigTemplates, func(n *ConfigurationTemplate) bool { return from(n) })
	g.HostedZones = slices.DeleteFunc(g.HostedZones, func(n *HostedZone) bool { return from(n) })
	maps.DeleteFunc(g.byKey, func(_ string, n Node) bool { return from(n) })
	for id, ns := range g.byPhysical {
		if ns = slices.DeleteFunc(ns, from); len(ns) == 0 {
			delete(g.byPhysical, id)
		} else {
			g.byPhysical[id] = ns
		}
	}
}
