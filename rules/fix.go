package rules

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
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
	anchor := e.VPCNode()
	if peer != nil {
		anchor = peer.Node
	}
	place := a.cfnAt(anchor, e.Node)
	var cfnEdits []edit.Edit
	var cfnSG edit.Value
	note := ""
	switch {
	case place == nil:
	case sg != nil:
		cfnSG = place.ref(sg, "", "EndpointSecurityGroup", "").WithComment("admits TCP 443 from the instances, as on " + peer.Name())
	default:
		group := place.endpointGroup(e)
		cfnEdits = append(cfnEdits, group)
		cfnSG = edit.RefTo(group.Target)
		note = newEndpointGroupNote
	}
	var cfn edit.Fix
	if place != nil {
		cfnEdits = append(cfnEdits, place.interfaceEndpoint(place.name(logicalName(svc)+"Endpoint"), place.vpc(e), svc, place.subnets(subnets), edit.ListOf(cfnSG)))
		cfn = place.fix("Add an interface endpoint for "+svc+" in "+place.file+note+".", cfnEdits...)
	}
	return Fix{CloudFormation: cfn, Terraform: a.tfInterfaceEndpointFix(e, svc, subnets, sg, peer)}
}

// newEndpointGroupNote ends the description of an interface endpoint fix
// that declares the endpoint's security group too.
const newEndpointGroupNote = ", with a new security group that admits HTTPS (TCP 443) from the VPC"

// endpointGroup is the edit declaring a security group admitting TCP
// 443 from the VPC CIDR, for interface endpoints in the place's template.
func (p *cfnPlace) endpointGroup(e *Env) edit.Edit {
	return p.httpsGroup(p.name("EndpointSecurityGroup"), p.vpc(e), p.vpcCIDR(e))
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
	anchor := e.VPCNode()
	if len(tables) > 0 && !tables[0].Synthetic {
		anchor = tables[0]
	}
	place := a.cfnAt(anchor, e.Node)
	var tables2 []edit.Value
	for _, rt := range tables {
		if place != nil {
			tables2 = append(tables2, place.ref(rt, "", "PrivateRouteTable", "a route table of the instance subnets"))
		}
	}
	if len(tables) == 0 {
		tables2 = []edit.Value{edit.PlaceholderFor("PrivateRouteTable", "the route table of the instance subnets")}
	}
	var cfn edit.Fix
	if place != nil {
		cfn = place.fix("Add an S3 gateway endpoint on the instance subnets' route tables in "+place.file+".",
			place.gatewayEndpoint(place.name("S3Endpoint"), place.vpc(e), edit.ListOf(uniqValues(tables2)...)))
	}
	return Fix{CloudFormation: cfn, Terraform: a.tfS3GatewayFix(e, tables)}
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
	desc := "Use the stack's region in the service name of " + ep.Name()
	if file := a.fileOf(ep.Node); file != "" {
		desc += " in " + file
	}
	return Fix{
		CloudFormation: cfnFix(desc+".", a.set(ep.Node, serviceName(svc), "ServiceName")),
		Terraform:      a.tfServiceNameFix(e, ep, svc),
	}
}

// ownRouteTableFix gives a subnet on the VPC main table its own table and
// lists it on the S3 gateway endpoint. Terraform can reference the main
// route table instead (aws_vpc's main_route_table_id): the fix lists it on
// the endpoint, in the endpoint's module.
func (a *analysis) ownRouteTableFix(e *Env, s *Subnet, ep *Endpoint) Fix {
	name := s.Name
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
	return Fix{CloudFormation: cfn, Terraform: a.tfOwnRouteTableFix(e, s, ep)}
}

// routeTableAssociationFix lists a route table on the S3 gateway endpoint.
func (a *analysis) routeTableAssociationFix(rt *parsers.RouteTable, ep *Endpoint) Fix {
	return Fix{
		CloudFormation: a.onResource(ep.Node, "List the instance subnet's route table on "+ep.Name()+".", func(p *cfnPlace) []edit.Edit {
			return []edit.Edit{a.appendTo(ep.Node, []edit.Value{p.ref(rt, "", "PrivateRouteTable", "the instance subnet's route table")}, "RouteTableIds")}
		}),
		Terraform: a.tfRouteTableAssociationFix(rt, ep),
	}
}

// privateDNSFix turns on an endpoint's private DNS.
func (a *analysis) privateDNSFix(ep *Endpoint) Fix {
	return Fix{
		CloudFormation: cfnFix("Turn on private DNS of "+ep.Name()+".", a.set(ep.Node, edit.True, "PrivateDnsEnabled")),
		Terraform:      tfPrivateDNSFix(ep),
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
		Terraform:      tfVPCDNSFix(vpc),
	}
}

// endpointIngressFix makes an endpoint's groups admit TCP 443 from the
// instances: a group-less endpoint gets a group of the VPC's other
// interface endpoints that admits it (or a new group); an endpoint with
// groups gets a rule allowing TCP 443 from the VPC CIDR on its first group.
func (a *analysis) endpointIngressFix(e *Env, ep *Endpoint, ad Admission) Fix {
	vpc := e.VPCNode()
	if ad.Default || len(ad.Groups) == 0 {
		if sg, peer := a.endpointGroup(e, e.InScope(), ep); sg != nil {
			why := "admits TCP 443 from the instances, as on " + peer.Name()
			return Fix{
				CloudFormation: a.onResource(ep.Node, "Attach to "+ep.Name()+" the security group of "+peer.Name()+".", func(p *cfnPlace) []edit.Edit {
					return []edit.Edit{a.set(ep.Node, edit.ListOf(p.ref(sg, "", "EndpointSecurityGroup", "")).WithComment(why), "SecurityGroupIds")}
				}),
				Terraform: tfEndpointGroupFix(ep, sg, peer),
			}
		}
		return Fix{
			CloudFormation: a.onResource(ep.Node, "Add a security group admitting TCP 443 from the VPC and attach it to "+ep.Name()+".", func(p *cfnPlace) []edit.Edit {
				group := p.endpointGroup(e)
				return []edit.Edit{group, a.set(ep.Node, edit.ListOf(edit.RefTo(group.Target)), "SecurityGroupIds")}
			}),
			Terraform: a.tfNewGroupFix(e, ep),
		}
	}
	sg := ad.Groups[0]
	if group, ok := parsers.EBGroupOf(sg.Key); ok {
		return ebGroupIngressFix(group)
	}
	return Fix{
		CloudFormation: a.onResource(sg, "Admit TCP 443 from the VPC on "+sg.Name+".", func(p *cfnPlace) []edit.Edit {
			cidr := p.vpcCIDR(e)
			return []edit.Edit{p.groupRule(p.name(logicalName(sg.Name)+"HttpsIngress"), false, p.ref(sg, "", "EndpointSecurityGroup", ""), 443, &cidr, nil)}
		}),
		Terraform: a.tfIngressFix(sg, false, 443, tfPeer{what: "the VPC", node: vpc, attr: "cidr_block"}, tfName(tfBlockName(sg.Name, "endpoints"))+"_https"),
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
	return Fix{CloudFormation: edit.Fix{Description: fix}, Terraform: edit.Fix{Description: fix}}
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
