package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/query"
)

// This file builds the remedies (Finding.Fix) in both input languages.
// Names of existing resources are used where the graph knows them.

// cfnFix is the fix made of edits on existing resources; advice only
// (the description) when one of them is not in a CloudFormation input.
func cfnFix(description string, edits ...edit.Edit) edit.Fix {
	for _, e := range edits {
		if e.File == "" {
			return edit.Fix{Description: description}
		}
	}
	return edit.Fix{Description: description, Edits: edits}
}

// onResource is the fix whose edits build places in the template that
// declares n; advice only (the description) when n is not in one.
func (a *analysis) onResource(n parsers.Node, description string, build func(*cfnPlace) []edit.Edit) edit.Fix {
	p := a.cfnAt(n, nil)
	if p == nil {
		return edit.Fix{Description: description}
	}
	return p.fix(description, build(p)...)
}

// tfVPC renders the environment's VPC ID for a Terraform fix written in
// scope sc: a literal ID as written, unless it is a secret.
func tfVPC(e *Env, sc *tfScope) string {
	if e.VPC == nil && e.VPCValue.Kind == parsers.Known && !e.VPCValue.Secret {
		return `"` + strings.TrimSpace(e.VPCValue.Str) + `"`
	}
	return sc.ref(e.VPCNode(), "id", "aws_vpc.main.id", "vpc_id")
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

// subnetRefs renders the subnets as a Terraform list; subnets of another
// module than sc's become one variable.
func subnetRefs(subnets []*Subnet, sc *tfScope) (cfn, tf string) {
	var c, t, abs []string
	outside := false
	for _, s := range subnets {
		if s.Node == nil {
			continue
		}
		c = append(c, s.Node.Name)
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

// interfaceEndpointFix adds an interface endpoint for svc. It reuses a
// security group already attached to the VPC's interface endpoints that
// admits TCP 443 from the instances, and in Terraform goes in the module of
// those endpoints (else of the instance subnets); without such a group it
// declares one. New names never clash with a resource of the inputs.
func (a *analysis) interfaceEndpointFix(e *Env, svc string, subnets []*Subnet) Fix {
	sg, peer := a.endpointGroup(e, subnets, nil)
	nodes := append(subnetNodes(subnets), e.VPCNode())
	if peer != nil {
		nodes = append([]parsers.Node{peer.Node}, nodes...)
	}
	sc := scopeOf(nodes...)
	vpc := tfVPC(e, sc)
	_, ts := subnetRefs(subnets, sc)
	anchor := e.VPCNode()
	if peer != nil {
		anchor = peer.Node
	}
	ns := a.namesIn(anchor)
	tfEp := ns.tf(sc.module, "aws_vpc_endpoint", tfName(svc))
	var tfGroup, tfSG, why string
	place := a.cfnAt(anchor, e.Node)
	var cfnEdits []edit.Edit
	var cfnSG edit.Value
	if sg != nil {
		tfSG = sc.ref(sg, "id", "aws_security_group.endpoints.id", "endpoint_security_group_id")
		why = " # admits TCP 443 from the instances, as on " + peer.Name()
	} else {
		tfGroup = newEndpointGroupTF(e, sc, ns)
	}
	switch {
	case place == nil:
	case sg != nil:
		cfnSG = place.ref(sg, "", "EndpointSecurityGroup", "").WithComment("admits TCP 443 from the instances, as on " + peer.Name())
	default:
		group := place.endpointGroup(e)
		cfnEdits = append(cfnEdits, group)
		cfnSG = edit.RefTo(group.Target)
	}
	tfNote := ""
	if tfEp == tfName(svc) {
		tfNote = fmt.Sprintf("# (if a count or for_each leaves this module's endpoint block for %s without instances, enable that one instead)\n", svc)
	}
	var cfn edit.Fix
	if place != nil {
		cfnEdits = append(cfnEdits, place.interfaceEndpoint(place.name(logicalName(svc)+"Endpoint"), place.vpc(e), svc, place.subnets(subnets), edit.ListOf(cfnSG)))
		cfn = place.fix("Add an interface endpoint for "+svc+" in "+place.file+".", cfnEdits...)
	}
	return Fix{
		CloudFormation: cfn,
		Terraform: sc.header() + tfNote + tfGroup + fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  vpc_id              = %s
  service_name        = %s
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = %s
  security_group_ids  = [%s]%s
}
`, tfEp, vpc, tfServiceName(e, svc), ts, tfSG, why),
	}
}

// endpointGroup is the edit declaring a security group admitting TCP
// 443 from the VPC CIDR, for interface endpoints in the place's template.
func (p *cfnPlace) endpointGroup(e *Env) edit.Edit {
	return p.httpsGroup(p.name("EndpointSecurityGroup"), p.vpc(e), p.vpcCIDR(e))
}

// newEndpointGroupTF declares a security group admitting TCP 443 from the
// VPC CIDR in Terraform, for a fix written in scope sc of a file with
// resource names ns.
func newEndpointGroupTF(e *Env, sc *tfScope, ns names) string {
	vpc := e.VPCNode()
	return fmt.Sprintf(`resource "aws_security_group" "%s" {
  vpc_id = %s
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [%s]
  }
}
`, ns.tf(sc.module, "aws_security_group", "endpoints"), tfVPC(e, sc), sc.ref(vpc, "cidr_block", "aws_vpc.main.cidr_block", "vpc_cidr_block"))
}

// endpointGroup returns a security group attached to an interface
// endpoint of e's VPC (other than except) that by itself admits TCP 443
// from the instances in subnets, and that endpoint; nil when there is none.
func (a *analysis) endpointGroup(e *Env, subnets []*Subnet, except *Endpoint) (*parsers.SecurityGroup, *Endpoint) {
	vpc := e.VPCNode()
	if vpc == nil || len(subnets) == 0 {
		return nil, nil
	}
	for _, ep := range a.q.EndpointsPlacedIn(vpc) {
		if ep == except || !ep.IsInterface() || ep.Condition() != "" {
			continue
		}
		for _, v := range ep.SecurityGroups.Values {
			sg, ok := parsers.LookupAs[*parsers.SecurityGroup](a.g, v)
			if !ok || sg.Synthetic || sg.Condition != "" {
				continue
			}
			probe := *ep
			probe.SecurityGroups.Values = []parsers.Value{v}
			if a.admits(&probe, e, subnets).Allowed == yes {
				return sg, ep
			}
		}
	}
	return nil, nil
}

// names are the resource names of one input file (CloudFormation logical
// IDs, Terraform addresses without instance keys): what a fix adds there
// must not reuse one.
type names map[string]bool

// namesIn returns the resource names of the file that declares n, or of
// every input when n is nil.
func (a *analysis) namesIn(n parsers.Node) names {
	file := ""
	if n != nil {
		file = a.fileOf(n)
	}
	if ns, ok := a.names[file]; ok {
		return ns
	}
	ns := names{}
	for _, m := range graphNodes(a.g) {
		if r := m.Base(); !r.Synthetic && (file == "" || a.fileOf(m) == file) {
			ns[parsers.StripInstanceKeys(r.Name)] = true
		}
	}
	for _, f := range a.g.Files {
		if file == "" || f.Path == file {
			for _, id := range f.LogicalIDs {
				ns[id] = true
			}
		}
	}
	if a.names == nil {
		a.names = map[string]names{}
	}
	a.names[file] = ns
	return ns
}

// fileOf returns the path of the input file that declares n, or "".
func (a *analysis) fileOf(n parsers.Node) string {
	if f := a.q.SourceFile(n); f != nil {
		return f.Path
	}
	return ""
}

// tf returns a name label for a new resource of type typ in module that
// no resource has: name, else name_2, name_3...
func (ns names) tf(module, typ, name string) string {
	prefix := typ + "."
	if module != "" {
		prefix = module + "." + prefix
	}
	out := name
	for i := 2; ns[prefix+out]; i++ {
		out = fmt.Sprintf("%s_%d", name, i)
	}
	return out
}

// s3GatewayFix adds an S3 gateway endpoint on the given route tables. In
// Terraform it goes in the module of the first table.
func (a *analysis) s3GatewayFix(e *Env, tables []*parsers.RouteTable) Fix {
	var nodes []parsers.Node
	for _, rt := range tables {
		nodes = append(nodes, rt)
	}
	sc := scopeOf(append(nodes, e.VPCNode())...)
	vpc := tfVPC(e, sc)
	anchor := e.VPCNode()
	if len(tables) > 0 && !tables[0].Synthetic {
		anchor = tables[0]
	}
	ns := a.namesIn(anchor)
	var t []string
	place := a.cfnAt(anchor, e.Node)
	var tables2 []edit.Value
	for _, rt := range tables {
		if place != nil {
			tables2 = append(tables2, place.ref(rt, "", "PrivateRouteTable", "a route table of the instance subnets"))
		}
		t = append(t, tfTable(sc, e, rt))
	}
	if len(t) == 0 {
		t = []string{"aws_route_table.private.id"}
		tables2 = []edit.Value{edit.PlaceholderFor("PrivateRouteTable", "the route table of the instance subnets")}
	}
	var cfn edit.Fix
	if place != nil {
		cfn = place.fix("Add an S3 gateway endpoint on the instance subnets' route tables in "+place.file+".",
			place.gatewayEndpoint(place.name("S3Endpoint"), place.vpc(e), edit.ListOf(uniqValues(tables2)...)))
	}
	return Fix{
		CloudFormation: cfn,
		Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  vpc_id            = %s
  service_name      = %s
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [%s]
}
`, ns.tf(sc.module, "aws_vpc_endpoint", "s3"), vpc, tfServiceName(e, "s3"), strings.Join(query.Uniq(t), ", ")),
	}
}

// uniqValues returns vs without repeats.
func uniqValues(vs []edit.Value) []edit.Value {
	var out []edit.Value
	for _, v := range vs {
		if !slices.ContainsFunc(out, func(w edit.Value) bool { return edit.Equal(v, w) }) {
			out = append(out, v)
		}
	}
	return out
}

// serviceNameFix names the deployment region in the service name of an
// endpoint named for another region.
func (a *analysis) serviceNameFix(e *Env, ep *Endpoint, svc string) Fix {
	return Fix{
		CloudFormation: cfnFix("Name the stack's region in the service name of "+ep.Name()+".", a.set(ep.Node, serviceName(svc), "ServiceName")),
		Terraform: scopeOf(ep.Node).header() + fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  # ...
  service_name = %s # or "com.amazonaws.${data.aws_region.current.name}.%s"
}
`, tfBlockName(ep.Name(), "endpoint"), tfServiceName(e, svc), svc),
	}
}

// tfTable renders a route table's ID in scope sc: a VPC's main route table
// through the VPC's main_route_table_id.
func tfTable(sc *tfScope, e *Env, rt *parsers.RouteTable) string {
	if rt.Synthetic {
		return sc.ref(e.VPCNode(), "main_route_table_id", "aws_vpc.main.main_route_table_id", "main_route_table_id")
	}
	return sc.ref(rt, "id", "aws_route_table.private.id", "route_table_id")
}

// ownRouteTableFix gives a subnet on the VPC main table its own table and
// lists it on the S3 gateway endpoint. Terraform can reference the main
// route table instead (aws_vpc's main_route_table_id): the fix lists it on
// the endpoint, in the endpoint's module.
func (a *analysis) ownRouteTableFix(e *Env, s *Subnet, ep *Endpoint) Fix {
	name := s.Name
	sc := scopeOf(ep.Node, e.VPCNode())
	epRef := sc.ref(ep.Node, "id", "aws_vpc_endpoint.s3.id", "s3_endpoint_id")
	main := sc.ref(e.VPCNode(), "main_route_table_id", "aws_vpc.main.main_route_table_id", "main_route_table_id")
	var cfn edit.Fix
	if place := a.cfnAt(s.Node, e.Node); place != nil {
		table := place.name(logicalName(name) + "RouteTable")
		assoc := place.name(logicalName(name) + "RouteTableAssociation")
		edits := []edit.Edit{
			place.routeTable(table, place.vpc(e)),
			place.tableAssociation(assoc, place.ref(s.Node, "", logicalName(name), "the subnet"), edit.RefTo(table)),
		}
		// The endpoint lists the new table, from its own template.
		onEP := a.cfnAt(ep.Node, nil)
		if onEP != nil {
			edits = append(edits, a.appendTo(ep.Node, []edit.Value{onEP.refIn(place.file, table, "")}, "RouteTableIds"))
			edits = append(edits, onEP.outputs...)
		}
		cfn = place.fix("Give "+name+" its own route table and list it on "+ep.Name()+".", edits...)
	}
	return Fix{
		CloudFormation: cfn,
		Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint_route_table_association" "s3_main" {
  vpc_endpoint_id = %s
  route_table_id  = %s # the main route table %s uses
}
`, epRef, main, tfName(tfBlockName(name, "subnet"))),
	}
}

// routeTableAssociationFix lists a route table on the S3 gateway endpoint.
func (a *analysis) routeTableAssociationFix(rt *parsers.RouteTable, ep *Endpoint) Fix {
	sc := scopeOf(ep.Node, rt)
	epRef := sc.ref(ep.Node, "id", "aws_vpc_endpoint.s3.id", "s3_endpoint_id")
	rtRef := sc.ref(rt, "id", "aws_route_table.private.id", "route_table_id")
	return Fix{
		CloudFormation: a.onResource(ep.Node, "List the instance subnet's route table on "+ep.Name()+".", func(p *cfnPlace) []edit.Edit {
			return []edit.Edit{a.appendTo(ep.Node, []edit.Value{p.ref(rt, "", "PrivateRouteTable", "the instance subnet's route table")}, "RouteTableIds")}
		}),
		Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint_route_table_association" "s3_%s" {
  vpc_endpoint_id = %s
  route_table_id  = %s
}
`, tfName(tfBlockName(rt.Name, "private")), epRef, rtRef),
	}
}

// privateDNSFix turns on an endpoint's private DNS.
func (a *analysis) privateDNSFix(ep *Endpoint) Fix {
	return Fix{
		CloudFormation: cfnFix("Turn on private DNS of "+ep.Name()+".", a.set(ep.Node, edit.True, "PrivateDnsEnabled")),
		Terraform: scopeOf(ep.Node).header() + fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  # ...
  private_dns_enabled = true
}
`, tfBlockName(ep.Name(), "endpoint")),
	}
}

// vpcDNSFix enables a VPC DNS attribute.
func (a *analysis) vpcDNSFix(vpc *parsers.VPC, cfnProp, tfAttr string) Fix {
	support, hostnames := a.set(vpc, edit.True, "EnableDnsSupport"), a.set(vpc, edit.True, "EnableDnsHostnames")
	if cfnProp == "EnableDnsSupport" {
		support.Comment = cfnProp + " must be true"
	} else {
		hostnames.Comment = cfnProp + " must be true"
	}
	return Fix{
		CloudFormation: cfnFix("Turn on both DNS attributes of "+vpc.Name+".", support, hostnames),
		Terraform: scopeOf(vpc).header() + fmt.Sprintf(`resource "aws_vpc" "%s" {
  # ...
  enable_dns_support   = true
  enable_dns_hostnames = true # %s must be true
}
`, tfBlockName(vpc.Name, "main"), tfAttr),
	}
}

// endpointIngressFix makes an endpoint's groups admit TCP 443 from the
// instances: a group-less endpoint gets a group of the VPC's other
// interface endpoints that admits it (or a new group); an endpoint with
// groups gets a rule allowing TCP 443 from the VPC CIDR on its first group.
func (a *analysis) endpointIngressFix(e *Env, ep *Endpoint, ad Admission) Fix {
	vpc := e.VPCNode()
	if ad.Default || len(ad.Groups) == 0 {
		sc := scopeOf(ep.Node, vpc)
		if sg, peer := a.endpointGroup(e, e.InScope(), ep); sg != nil {
			why := "admits TCP 443 from the instances, as on " + peer.Name()
			return Fix{
				CloudFormation: a.onResource(ep.Node, "Attach to "+ep.Name()+" the security group of "+peer.Name()+".", func(p *cfnPlace) []edit.Edit {
					return []edit.Edit{a.set(ep.Node, edit.ListOf(p.ref(sg, "", "EndpointSecurityGroup", "")).WithComment(why), "SecurityGroupIds")}
				}),
				Terraform: sc.header() + fmt.Sprintf(`resource "aws_vpc_endpoint" "%s" {
  # ...
  security_group_ids = [%s] # %s
}
`, tfBlockName(ep.Name(), "endpoint"), sc.ref(sg, "id", "aws_security_group.endpoints.id", "endpoint_security_group_id"), why),
			}
		}
		ns := a.namesIn(ep.Node)
		tf := newEndpointGroupTF(e, sc, ns)
		return Fix{
			CloudFormation: a.onResource(ep.Node, "Add a security group admitting TCP 443 from the VPC and attach it to "+ep.Name()+".", func(p *cfnPlace) []edit.Edit {
				group := p.endpointGroup(e)
				return []edit.Edit{group, a.set(ep.Node, edit.ListOf(edit.RefTo(group.Target)), "SecurityGroupIds")}
			}),
			Terraform: sc.header() + tf + fmt.Sprintf(`# and on %s:
#   security_group_ids = [aws_security_group.%s.id]
`, ep.Name(), ns.tf(sc.module, "aws_security_group", "endpoints")),
		}
	}
	sg := ad.Groups[0]
	if group, ok := parsers.EBGroupOf(sg.Key); ok {
		return ebGroupIngressFix(group)
	}
	sc := scopeOf(sg, vpc)
	ns := a.namesIn(sg)
	sgRef, cidrTF := sc.ref(sg, "id", "aws_security_group.endpoints.id", "endpoint_security_group_id"), sc.ref(vpc, "cidr_block", "aws_vpc.main.cidr_block", "vpc_cidr_block")
	tf := sc.header() + fmt.Sprintf(`resource "aws_vpc_security_group_ingress_rule" "%s" {
  security_group_id = %s
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = %s
}
`, ns.tf(sc.module, "aws_vpc_security_group_ingress_rule", tfName(tfBlockName(sg.Name, "endpoints"))+"_https"), sgRef, cidrTF)
	if typ, name, ok := tfLabels(sg.Name); ok && (typ == "aws_default_security_group" || typ == "aws_security_group" && hasInlineRules(sg)) {
		// The provider cannot combine a group's inline rules with
		// separate rule resources (they overwrite each other), and an
		// adopted default group removes every rule it does not declare:
		// add an inline rule instead.
		tf = sc.header() + fmt.Sprintf(`resource "%s" "%s" {
  # ...
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [%s]
  }
}
`, typ, name, cidrTF)
	}
	return Fix{
		CloudFormation: a.onResource(sg, "Admit TCP 443 from the VPC on "+sg.Name+".", func(p *cfnPlace) []edit.Edit {
			cidr := p.vpcCIDR(e)
			return []edit.Edit{p.groupRule(p.name(logicalName(sg.Name)+"HttpsIngress"), false, p.ref(sg, "", "EndpointSecurityGroup", ""), 443, &cidr, nil)}
		}),
		Terraform: tf,
	}
}

// ebGroupIngressFix makes a security group Elastic Beanstalk creates (an
// endpoint's group given as AWSEBSecurityGroup in a configuration file)
// admit TCP 443 from the instances: a rule only a configuration file can
// add, since the group exists only in the environment's own stack
// (docs/app-source.md §3).
func ebGroupIngressFix(group string) Fix {
	fix := fmt.Sprintf(`# in a configuration file of the application source (.ebextensions/*.config):
Resources:
  %sHttpsFromInstances:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: {"Fn::GetAtt": ["%s", "GroupId"]}
      IpProtocol: tcp
      FromPort: 443
      ToPort: 443
      SourceSecurityGroupId: {"Fn::GetAtt": ["%s", "GroupId"]}
`, group, group, parsers.EBInstanceGroup)
	return Fix{CloudFormation: edit.Fix{Description: fix}, Terraform: fix}
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
