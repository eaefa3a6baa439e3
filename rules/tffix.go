package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
	"github.com/beanlint/beanlint/rules/edit/hcl"
	"github.com/beanlint/beanlint/rules/query"
)

// This file builds the Terraform fixes as edits (rules/edit) of the
// repository's own .tf files, which rules/edit/hcl renders and applies.
// An edit goes where the resource it changes is written: its block, or,
// for a resource inside a module whose argument a module call passes in,
// that call's argument in the calling configuration. Nothing is ever
// written into a module's installed code (.terraform/modules): where the
// repository's own configuration cannot decide it, the fix is advice.

// tfOwnFile returns the repository's own .tf file (native syntax) that
// declares n's block, or "" when there is none to edit: a resource read
// only from a plan, inside a module terraform init installed, or written
// in JSON syntax.
func tfOwnFile(n parsers.Node) string {
	if n == nil {
		return ""
	}
	r := n.Base()
	if r.Synthetic || !r.ModuleSource.IsZero() || filepath.Ext(r.Loc.File) != ".tf" || inDataDir(r.Loc.File) {
		return ""
	}
	if _, _, ok := tfLabels(r.Name); !ok {
		return ""
	}
	for _, mc := range r.ModuleCalls {
		if mc.Loc == r.Loc {
			return "" // located at the module call: its block is not in the source
		}
	}
	return r.Loc.File
}

// inDataDir reports whether path is inside a Terraform data directory,
// where terraform init installs modules.
func inDataDir(path string) bool {
	return slices.Contains(strings.Split(filepath.ToSlash(path), "/"), ".terraform")
}

// tfBlock is the address of the block declaring a Terraform instance
// address (instance keys dropped), which rules/edit/hcl finds in the file
// of the block's module.
func tfBlock(addr string) string { return parsers.StripInstanceKeys(addr) }

// forEachInstance reports whether addr is an instance of a for_each block
// (a string key): an argument of the block is every instance's, so
// setting it for one instance is not an edit of the block.
func forEachInstance(addr string) bool { return strings.Contains(addr, `["`) }

// tfArg is where an edit of an argument of a resource is written: the
// file, the block (a resource or a module call) and the path in it, and
// the module whose references the value may hold.
type tfArg struct {
	file, target string
	path         []string
	sc           *tfScope
	at           parsers.Location
}

// tfArgument returns where argument attr of resource n is written: the
// module call argument that passes it in unchanged (ModuleInputs), else
// attr in n's block in the repository's own .tf; false when neither is the
// repository's to edit.
func tfArgument(n parsers.Node, attr string) (tfArg, bool) {
	if n == nil {
		return tfArg{}, false
	}
	r := n.Base()
	if in, ok := r.ModuleInputs[attr]; ok && filepath.Ext(in.Loc.File) == ".tf" && !inDataDir(in.Loc.File) {
		caller := ""
		if i := strings.LastIndex(in.Call, ".module."); i >= 0 {
			caller = in.Call[:i]
		}
		return tfArg{file: in.Loc.File, target: in.Call, path: []string{in.Argument}, sc: &tfScope{module: caller}, at: in.Loc}, true
	}
	file := tfOwnFile(n)
	if file == "" || forEachInstance(r.Name) {
		return tfArg{}, false
	}
	return tfArg{file: file, target: tfBlock(r.Name), path: []string{attr}, sc: &tfScope{module: tfModule(r.Name)}, at: r.Loc}, true
}

// tfSet returns the edit setting argument attr of resource n (see
// tfArgument) to the value value writes in the scope of the edit.
func tfSet(n parsers.Node, attr string, value func(*tfScope) edit.Value) (edit.Edit, bool) {
	w, ok := tfArgument(n, attr)
	if !ok {
		return edit.Edit{}, false
	}
	return edit.Edit{File: w.file, Op: edit.SetProperty, Target: w.target, Path: w.path, Value: value(w.sc), At: w.at}, true
}

// tfAppend returns the edit appending the items of list argument attr of
// resource n (see tfArgument; a list passed in unchanged is extended where
// it is written) that items writes in the scope of the edit.
func tfAppend(n parsers.Node, attr string, items func(*tfScope) edit.Value) (edit.Edit, bool) {
	w, ok := tfArgument(n, attr)
	if !ok {
		return edit.Edit{}, false
	}
	return edit.Edit{File: w.file, Op: edit.AppendItems, Target: w.target, Path: w.path, Value: items(w.sc), At: w.at}, true
}

// tfAppendBlocks returns the edit appending nested blocks of type typ
// (Maps) to resource n's block; false when the block is not the
// repository's to edit.
func tfAppendBlocks(n parsers.Node, typ string, blocks ...edit.Value) (edit.Edit, bool) {
	file := tfOwnFile(n)
	if file == "" || forEachInstance(n.Base().Name) {
		return edit.Edit{}, false
	}
	return edit.Edit{File: file, Op: edit.AppendItems, Target: tfBlock(n.Base().Name), Path: []string{typ},
		Value: edit.Value{Kind: edit.List, Block: true, Items: blocks}, At: n.Base().Loc}, true
}

// constant is a value builder for a value without references.
func constant(v edit.Value) func(*tfScope) edit.Value {
	return func(*tfScope) edit.Value { return v }
}

// tfAdd returns the edit adding a resource of type typ named name in the
// file that declares anchor (in anchor's module, where references are
// written in scope sc): next to what it is about, where the resources it
// refers to can be referenced. false when anchor's block is not the
// repository's to edit.
func tfAdd(anchor parsers.Node, sc *tfScope, typ, name string, v edit.Value) (edit.Edit, bool) {
	file := tfOwnFile(anchor)
	if file == "" || tfModule(anchor.Base().Name) != sc.module {
		return edit.Edit{}, false
	}
	return edit.Edit{File: file, Op: edit.AddResource, Target: tfAddress(sc.module, typ, name), Type: typ, Value: v}, true
}

// tfAddress is the address of resource typ.name in module (a data source
// when typ starts with "data.").
func tfAddress(module, typ, name string) string {
	if module == "" {
		return typ + "." + name
	}
	return module + "." + typ + "." + name
}

// val returns attribute attr of node n as a value written in scope s: a
// reference in s's module, else a placeholder variable named variable
// (what passing it in would take: the edit is then advice).
func (s *tfScope) val(n parsers.Node, attr, variable, what string) edit.Value {
	if isNil(n) || n.Base().Synthetic { // a typed nil: no such group or VPC (firstGroup)
		return edit.PlaceholderFor(variable, what)
	}
	name := n.Base().Name
	if _, _, ok := tfLabels(name); !ok {
		return edit.PlaceholderFor(variable, what)
	}
	if tfModule(name) != s.module {
		return edit.PlaceholderFor(variable, name+"."+attr+", from another module: declare the variable and pass it in")
	}
	_, local := tfSplit(name)
	return edit.AttrOf(local, attr)
}

// tfFix is a fix of edits, or advice (the description only) when some
// edit could not be made (ok false).
func tfFix(desc string, ok bool, edits ...edit.Edit) edit.Fix {
	if !ok {
		return edit.Fix{Description: desc}
	}
	return edit.Fix{Description: desc, Edits: edits}
}

// advice is a fix without edits, saying what to change and why it is not
// an edit: the resource is in a module's installed code, or the inputs
// hold only the plan.
func advice(n parsers.Node, what string) edit.Fix {
	where := ""
	if n != nil {
		r := n.Base()
		switch {
		case !r.ModuleSource.IsZero():
			where = " (" + r.Name + " is in a module terraform init installed, not in the repository: change the module call's inputs, or the module)"
		case filepath.Ext(r.Loc.File) == ".json":
			where = " (" + r.Name + " is not in .tf source the linted inputs hold)"
		}
	}
	return edit.Fix{Description: what + where}
}

// tfServiceValue is an endpoint service name written in file (of
// module): with the deployment region as a literal when the input spells
// it so (tfRegionLiteral), else as an expression (tfRegion).
func (a *analysis) tfServiceValue(e *Env, file, module, svc string) edit.Value {
	if r := tfRegionLiteral(e); r != "" {
		return edit.Str("com.amazonaws." + r + "." + svc)
	}
	return edit.ConcatOf(edit.Str("com.amazonaws."), a.tfRegion(e, file, module), edit.Str("."+svc))
}

// tfRegionLiteral is the deployment region a fix may write as it is: the
// one the input decides by a literal, or the one the VPC's endpoint names
// spell. "" when the region is not known, or is a root variable's value
// (RegionVariable), which another tfvars file or workspace changes.
func tfRegionLiteral(e *Env) string {
	if e.Region == "" || strings.Contains(e.Region, "<") || e.RegionVariable != "" {
		return ""
	}
	return e.Region
}

// tfRegion is the expression a fix in file (of module) names the
// deployment region by when it writes no literal: the module's
// data.aws_region.current when the files of file's directory declare it,
// else in the root module the root variable the region is the value of,
// else data.aws_region.current, which regionSource adds. The "name"
// attribute exists in every provider version.
func (a *analysis) tfRegion(e *Env, file, module string) edit.Value {
	if e.RegionVariable != "" && module == "" && !a.declares(file, "data.aws_region.current") {
		return edit.RefTo("var." + e.RegionVariable)
	}
	return edit.AttrOf("data.aws_region.current", "name")
}

// regionSource is the aws_region data source a region expression of a fix
// in file (of module) reads (tfRegion), added to file unless the files of
// its directory declare it, or nothing (a literal region, the root
// variable).
func (a *analysis) regionSource(e *Env, file, module string) []edit.Edit {
	if tfRegionLiteral(e) != "" || file == "" || a.declares(file, "data.aws_region.current") ||
		e.RegionVariable != "" && module == "" {
		return nil
	}
	return []edit.Edit{{File: file, Op: edit.AddResource, Target: tfAddress(module, "data.aws_region", "current"), Type: "aws_region", Value: edit.MapOf()}}
}

// tfEditModule is the module an edit is written in: that of its target
// (a module call is written in its caller).
func tfEditModule(ed edit.Edit) string {
	parts := strings.Split(ed.Target, ".")
	i := 0
	for i+2 < len(parts) && parts[i] == "module" {
		i += 2
	}
	return strings.Join(parts[:i], ".")
}

// declares reports whether a .tf file of the directory of file (the
// files of its module) declares the data source addr.
func (a *analysis) declares(file, addr string) bool {
	for _, f := range a.g.Files {
		if filepath.Dir(f.Path) == filepath.Dir(file) && slices.Contains(f.DataSources, addr) {
			return true
		}
	}
	return false
}

// entryFor returns a map input entry for service svc made from an
// endpoint's entry: the entry's expression with the endpoint's service
// suffix, written once as a quoted string, replaced by svc's; false when
// the entry does not name the service so.
func entryFor(in *parsers.ModuleInput, had, svc string) (edit.Value, bool) {
	if in == nil || had == "" {
		return edit.Value{}, false
	}
	q := `"` + had + `"`
	if strings.Count(in.Entry, q) != 1 || strings.Contains(in.Entry, "\n") {
		return edit.Value{}, false
	}
	return edit.Value{Kind: edit.Expr, Str: strings.Replace(in.Entry, q, `"`+svc+`"`, 1)}, true
}

// tfVPCValue is the environment's VPC ID written in scope sc: a literal
// ID as the setting gives it, unless it is a secret.
func tfVPCValue(e *Env, sc *tfScope) edit.Value {
	if e.VPC == nil && e.VPCValue.Kind == parsers.Known && !e.VPCValue.Secret {
		return edit.Str(strings.TrimSpace(e.VPCValue.Str))
	}
	return sc.val(e.VPCNode(), "id", "vpc_id", "the ID of the environment's VPC")
}

// tfSubnetList is the list of subnets' IDs written in scope sc; one
// placeholder when a subnet is not in sc's module or none is known.
func tfSubnetList(subnets []*Subnet, sc *tfScope, what string) edit.Value {
	var items []edit.Value
	for _, s := range subnets {
		if s.Node == nil {
			continue
		}
		v := sc.val(s.Node, "id", "subnet_ids", "")
		if v.Kind == edit.Placeholder {
			return edit.PlaceholderFor("subnet_ids", "the IDs of "+what+", from another module: declare the variable and pass it in")
		}
		items = append(items, v)
	}
	if len(items) == 0 {
		return edit.PlaceholderFor("subnet_ids", "the IDs of "+what)
	}
	return edit.ListOf(items...)
}

// tfInterfaceEndpointFix adds an interface endpoint for svc: an entry of
// the map a module call passes for the VPC's other endpoints when a
// module makes them from one (an entry like a sibling's), else an
// aws_vpc_endpoint in the file of the endpoint whose group it reuses (sg
// of peer) or of the VPC, with a new group when there is none to reuse.
func (a *analysis) tfInterfaceEndpointFix(e *Env, svc string, subnets []*Subnet, sg *parsers.SecurityGroup, peer *Endpoint) edit.Fix {
	add := "Add an interface endpoint for " + svc
	if ed, ok := a.tfEndpointEntry(e, svc, peer); ok {
		return edit.Fix{Description: add + " in " + ed.File + ": a new " + ed.Path[1] + " entry in the " + ed.Path[0] + " argument of " + ed.Target + ", copied from another endpoint's entry", Edits: []edit.Edit{ed}}
	}
	nodes := append(subnetNodes(subnets), e.VPCNode())
	anchor := e.VPCNode()
	if peer != nil {
		nodes = append([]parsers.Node{peer.Node}, nodes...)
		anchor = peer.Node
	}
	file := tfOwnFile(anchor)
	if file == "" {
		return advice(anchor, add+", with private DNS, in the instance subnets, with a security group that admits HTTPS (TCP 443) from the instances")
	}
	desc := add + " in " + file
	sc := scopeOf(nodes...)
	ns := a.namesIn(anchor)
	edits := a.regionSource(e, tfOwnFile(anchor), sc.module)
	var groups edit.Value
	if sg != nil {
		groups = edit.ListOf(sc.val(sg, "id", "endpoint_security_group_id", "the endpoint security group "+sg.Name)).WithComment("admits TCP 443 from the instances, as on " + peer.Name())
	} else {
		ed, ref, ok := a.tfNewEndpointGroup(e, anchor, sc, ns)
		if !ok {
			return advice(anchor, desc)
		}
		edits, groups = append(edits, ed), edit.ListOf(ref)
		desc += newEndpointGroupNote
	}
	ep, ok := tfAdd(anchor, sc, "aws_vpc_endpoint", ns.tf(sc.module, "aws_vpc_endpoint", tfName(svc)), edit.MapOf(
		edit.F("vpc_id", tfVPCValue(e, sc)),
		edit.F("service_name", a.tfServiceValue(e, file, sc.module, svc)),
		edit.F("vpc_endpoint_type", edit.Str("Interface")),
		edit.F("private_dns_enabled", edit.True),
		edit.F("subnet_ids", tfSubnetList(subnets, sc, "the instance subnets")),
		edit.F("security_group_ids", groups),
	))
	return tfFix(desc, ok, append(edits, ep)...)
}

// tfNewEndpointGroup declares a security group admitting TCP 443 from the
// VPC CIDR next to anchor, and returns the reference to its ID.
func (a *analysis) tfNewEndpointGroup(e *Env, anchor parsers.Node, sc *tfScope, ns names) (edit.Edit, edit.Value, bool) {
	name := ns.tf(sc.module, "aws_security_group", "endpoints")
	ed, ok := tfAdd(anchor, sc, "aws_security_group", name, edit.MapOf(
		edit.F("vpc_id", tfVPCValue(e, sc)),
		edit.F("ingress", edit.Value{Kind: edit.Map, Block: true, Fields: []edit.Field{
			edit.F("protocol", edit.Str("tcp")),
			edit.F("from_port", edit.Num(443)),
			edit.F("to_port", edit.Num(443)),
			edit.F("cidr_blocks", edit.ListOf(sc.val(e.VPCNode(), "cidr_block", "vpc_cidr_block", "the CIDR of the environment's VPC"))),
		}}),
	))
	return ed, edit.AttrOf("aws_security_group."+name, "id"), ok
}

// tfEndpointEntry is, when a module makes the VPC's interface endpoints
// from a map a module call of the repository passes written out, the
// entry for svc to set there, made from a sibling's entry (peer's first).
func (a *analysis) tfEndpointEntry(e *Env, svc string, peer *Endpoint) (edit.Edit, bool) {
	vpc := e.VPCNode()
	if vpc == nil {
		return edit.Edit{}, false
	}
	siblings := a.q.EndpointsPlacedIn(vpc)
	if peer != nil {
		siblings = append([]*Endpoint{peer}, siblings...)
	}
	for _, ep := range siblings {
		in := ep.Node.ForEachInput
		if in == nil || !ep.Classified || !ep.IsInterface() || ep.Condition() != "" {
			continue
		}
		if v, ok := entryFor(in, ep.Service, svc); ok {
			return edit.Edit{File: in.Loc.File, Op: edit.SetProperty, Target: in.Call, Path: []string{in.Argument, tfName(svc)}, Value: v, At: in.Loc}, true
		}
	}
	return edit.Edit{}, false
}

// tfS3GatewayFix adds an S3 gateway endpoint on tables, in the file of
// the first table (else of the VPC).
func (a *analysis) tfS3GatewayFix(e *Env, tables []*parsers.RouteTable) edit.Fix {
	desc := "Add an S3 gateway endpoint on the instance subnets' route tables"
	var nodes []parsers.Node
	for _, rt := range tables {
		nodes = append(nodes, rt)
	}
	sc := scopeOf(append(nodes, e.VPCNode())...)
	anchor := e.VPCNode()
	if len(tables) > 0 && !tables[0].Synthetic {
		anchor = tables[0]
	}
	if tfOwnFile(anchor) == "" {
		return advice(anchor, desc)
	}
	var ids []edit.Value
	for _, rt := range tables {
		v := tfTableValue(sc, e, rt)
		if !slices.ContainsFunc(ids, func(w edit.Value) bool { return edit.Equal(v, w) }) {
			ids = append(ids, v)
		}
	}
	if len(ids) == 0 {
		ids = append(ids, edit.PlaceholderFor("route_table_id", "the route table of the instance subnets"))
	}
	edits := a.regionSource(e, tfOwnFile(anchor), sc.module)
	ep, ok := tfAdd(anchor, sc, "aws_vpc_endpoint", a.namesIn(anchor).tf(sc.module, "aws_vpc_endpoint", "s3"), edit.MapOf(
		edit.F("vpc_id", tfVPCValue(e, sc)),
		edit.F("service_name", a.tfServiceValue(e, tfOwnFile(anchor), sc.module, "s3")),
		edit.F("vpc_endpoint_type", edit.Str("Gateway")),
		edit.F("route_table_ids", edit.ListOf(ids...)),
	))
	return tfFix(desc, ok, append(edits, ep)...)
}

// tfTableValue is a route table's ID in scope sc: a VPC's main route
// table through the VPC's main_route_table_id.
func tfTableValue(sc *tfScope, e *Env, rt *parsers.RouteTable) edit.Value {
	if rt.Synthetic {
		return sc.val(e.VPCNode(), "main_route_table_id", "main_route_table_id", "the main route table of the environment's VPC")
	}
	return sc.val(rt, "id", "route_table_id", "the route table "+rt.Name)
}

// tfServiceNameFix names the deployment region in an endpoint's service
// name.
func (a *analysis) tfServiceNameFix(e *Env, ep *Endpoint, svc string) edit.Fix {
	region := "the environment's region"
	if e.Region != "" && !strings.Contains(e.Region, "<") {
		region += " (" + e.Region + ")"
	}
	desc := "Use " + region + " in the service name of " + ep.Name()
	ed, ok := tfSet(ep.Node, "service_name", constant(edit.Value{}))
	if !ok {
		return advice(ep.Node, desc)
	}
	ed.Value = a.tfServiceValue(e, ed.File, tfEditModule(ed), svc)
	return tfFix(desc+" in "+ed.File, true, append(a.regionSource(e, ed.File, tfEditModule(ed)), ed)...)
}

// tfOwnRouteTableFix lists the VPC's main route table, which a subnet
// uses, on the S3 gateway endpoint: in its route_table_ids when it lists
// its tables so, else by an association in the endpoint's file.
func (a *analysis) tfOwnRouteTableFix(e *Env, s *Subnet, ep *Endpoint) edit.Fix {
	desc := "Associate the main route table, which " + s.Name + " uses, with the S3 gateway endpoint " + ep.Name()
	sc := scopeOf(ep.Node, e.VPCNode())
	if listsTables(ep) {
		return tfListTable(ep, desc, func(sc *tfScope) edit.Value {
			return sc.val(e.VPCNode(), "main_route_table_id", "main_route_table_id", "the main route table of the environment's VPC")
		})
	}
	ed, ok := tfAdd(ep.Node, sc, "aws_vpc_endpoint_route_table_association", a.namesIn(ep.Node).tf(sc.module, "aws_vpc_endpoint_route_table_association", "s3_main"), edit.MapOf(
		edit.F("vpc_endpoint_id", sc.val(ep.Node, "id", "s3_endpoint_id", "the ID of "+ep.Name())),
		edit.F("route_table_id", sc.val(e.VPCNode(), "main_route_table_id", "main_route_table_id", "the main route table of the environment's VPC")),
	))
	if !ok {
		return advice(ep.Node, desc)
	}
	return tfFix(desc, true, ed)
}

// tfRouteTableAssociationFix associates a route table with the S3 gateway
// endpoint: in its route_table_ids when it lists its tables so, else by
// an association in the endpoint's file.
func (a *analysis) tfRouteTableAssociationFix(rt *parsers.RouteTable, ep *Endpoint) edit.Fix {
	desc := "Associate route table " + rt.Name + " with the S3 gateway endpoint " + ep.Name()
	sc := scopeOf(ep.Node, rt)
	if listsTables(ep) {
		return tfListTable(ep, desc, func(sc *tfScope) edit.Value { return sc.val(rt, "id", "route_table_id", "the ID of "+rt.Name) })
	}
	ed, ok := tfAdd(ep.Node, sc, "aws_vpc_endpoint_route_table_association",
		a.namesIn(ep.Node).tf(sc.module, "aws_vpc_endpoint_route_table_association", "s3_"+tfName(tfBlockName(rt.Name, "private"))), edit.MapOf(
			edit.F("vpc_endpoint_id", sc.val(ep.Node, "id", "s3_endpoint_id", "the ID of "+ep.Name())),
			edit.F("route_table_id", sc.val(rt, "id", "route_table_id", "the ID of "+rt.Name)),
		))
	if !ok {
		return advice(ep.Node, desc)
	}
	return tfFix(desc, true, ed)
}

// listsTables reports whether an endpoint's block lists route tables
// (route_table_ids): the provider cannot combine that list with
// association resources, which overwrite each other.
func listsTables(ep *Endpoint) bool {
	for _, v := range ep.RouteTables.Values {
		if contains(ep.Node.Loc, v.Loc) {
			return true
		}
	}
	return false
}

// tfListTable appends a route table to an endpoint's route_table_ids.
func tfListTable(ep *Endpoint, desc string, table func(*tfScope) edit.Value) edit.Fix {
	ed, ok := tfAppend(ep.Node, "route_table_ids", func(sc *tfScope) edit.Value { return edit.ListOf(table(sc)) })
	if !ok {
		return advice(ep.Node, desc)
	}
	return tfFix(desc, true, ed)
}

// tfPrivateDNSFix turns on an endpoint's private DNS.
func tfPrivateDNSFix(ep *Endpoint) edit.Fix {
	desc := "Turn on private DNS of " + ep.Name()
	ed, ok := tfSet(ep.Node, "private_dns_enabled", constant(edit.True))
	if !ok {
		return advice(ep.Node, desc)
	}
	return tfFix(desc, true, ed)
}

// tfVPCDNSFix turns on the VPC's DNS support and hostnames (those not on
// already), where the repository sets them: the VPC's block, or the
// module call argument that passes them in.
func tfVPCDNSFix(vpc *parsers.VPC) edit.Fix {
	var edits []edit.Edit
	var off []string
	ok := true
	for _, attr := range []struct {
		name, what string
		v          parsers.Value
	}{{"enable_dns_support", "DNS support", vpc.EnableDNSSupport}, {"enable_dns_hostnames", "DNS hostnames", vpc.EnableDNSHostnames}} {
		if s, known := attr.v.Text(); known && strings.EqualFold(strings.TrimSpace(s), "true") {
			continue
		}
		off = append(off, attr.what)
		ed, set := tfSet(vpc, attr.name, constant(edit.True))
		ok = ok && set
		edits = append(edits, ed)
	}
	desc := "Turn on " + strings.Join(off, " and ") + " of " + vpc.Name
	if !ok {
		return advice(vpc, desc)
	}
	return tfFix(desc, true, edits...)
}

// tfEndpointGroupFix gives a group-less endpoint the group sg of peer,
// which admits TCP 443 from the instances.
func tfEndpointGroupFix(ep *Endpoint, sg *parsers.SecurityGroup, peer *Endpoint) edit.Fix {
	desc := "Attach to " + ep.Name() + " the security group " + sg.Name + ", which admits TCP 443 from the instances (as on " + peer.Name() + ")"
	ed, ok := tfSet(ep.Node, "security_group_ids", func(sc *tfScope) edit.Value {
		return edit.ListOf(sc.val(sg, "id", "endpoint_security_group_id", "the ID of "+sg.Name))
	})
	if !ok {
		return advice(ep.Node, desc)
	}
	return tfFix(desc, true, ed)
}

// tfNewGroupFix declares a group admitting TCP 443 from the VPC next to a
// group-less endpoint and attaches it.
func (a *analysis) tfNewGroupFix(e *Env, ep *Endpoint) edit.Fix {
	desc := "Attach to " + ep.Name() + " a new security group admitting TCP 443 from the VPC"
	sc := scopeOf(ep.Node, e.VPCNode())
	group, ref, ok := a.tfNewEndpointGroup(e, ep.Node, sc, a.namesIn(ep.Node))
	set, ok2 := tfSet(ep.Node, "security_group_ids", func(at *tfScope) edit.Value {
		if at.module != sc.module {
			return edit.PlaceholderFor("endpoint_security_group_ids", "the ID of "+tfAddress(sc.module, "aws_security_group", ref.Str[strings.IndexByte(ref.Str, '.')+1:])+", from another module: declare the variable and pass it in")
		}
		return edit.ListOf(ref)
	})
	if !ok || !ok2 {
		return advice(ep.Node, desc)
	}
	return tfFix(desc, true, group, set)
}

// tfIngressFix adds a rule admitting TCP port from peer to group sg: an
// inline block on a group that declares its rules inline or is an
// adopted default group (the provider cannot combine inline rules with
// rule resources, and an adopted default group removes every rule it does
// not declare), else an aws_vpc_security_group_ingress_rule (egress) next
// to the group.
func (a *analysis) tfIngressFix(sg *parsers.SecurityGroup, egress bool, port int, peer tfPeer, name string) edit.Fix {
	way, typ := "ingress", "aws_vpc_security_group_ingress_rule"
	desc := fmt.Sprintf("Allow TCP %d from %s on security group %s", port, peer.what, sg.Name)
	if egress {
		way, typ = "egress", "aws_vpc_security_group_egress_rule"
		desc = fmt.Sprintf("Allow TCP %d to %s on security group %s", port, peer.what, sg.Name)
	}
	sc := scopeOf(sg)
	if t, _, ok := tfLabels(sg.Name); ok && (t == "aws_default_security_group" || t == "aws_security_group" && hasInlineRules(sg)) {
		key, val := peer.inline(sc)
		ed, ok := tfAppendBlocks(sg, way, edit.MapOf(
			edit.F("protocol", edit.Str("tcp")),
			edit.F("from_port", edit.Num(port)),
			edit.F("to_port", edit.Num(port)),
			edit.F(key, val),
		))
		if !ok {
			return advice(sg, desc)
		}
		return tfFix(desc, true, ed)
	}
	key, val := peer.rule(sc)
	ed, ok := tfAdd(sg, sc, typ, a.namesIn(sg).tf(sc.module, typ, name), edit.MapOf(
		edit.F("security_group_id", sc.val(sg, "id", "security_group_id", "the ID of "+sg.Name)),
		edit.F("ip_protocol", edit.Str("tcp")),
		edit.F("from_port", edit.Num(port)),
		edit.F("to_port", edit.Num(port)),
		edit.F(key, val),
	))
	if !ok {
		return advice(sg, desc)
	}
	return tfFix(desc, true, ed)
}

// tfPeer is the source or destination of a security group rule: a CIDR
// (a literal, or an attribute of a node such as the VPC's cidr_block), or
// a security group.
type tfPeer struct {
	what  string // for the description
	cidr  string // a literal CIDR, or "" for node's attribute
	node  parsers.Node
	attr  string
	group bool // node is a security group (its ID), not a CIDR
}

// rule is the argument of a rule resource naming the peer.
func (p tfPeer) rule(sc *tfScope) (string, edit.Value) {
	switch {
	case p.group:
		return "referenced_security_group_id", sc.val(p.node, "id", "peer_security_group_id", "the ID of "+p.what)
	case p.cidr != "":
		return "cidr_ipv4", edit.Str(p.cidr)
	}
	return "cidr_ipv4", sc.val(p.node, p.attr, "vpc_cidr_block", "the CIDR of the environment's VPC")
}

// inline is the argument of an inline ingress or egress block naming the
// peer.
func (p tfPeer) inline(sc *tfScope) (string, edit.Value) {
	key, v := p.rule(sc)
	if key == "referenced_security_group_id" {
		return "security_groups", edit.ListOf(v)
	}
	return "cidr_blocks", edit.ListOf(v)
}

// tfSettingsFix sets option settings on owner's block (an environment or
// configuration template). Values are written in owner's module.
func tfSettingsFix(owner parsers.Node, desc string, settings ...tfSetting) edit.Fix {
	file := tfOwnFile(owner)
	if file == "" || forEachInstance(owner.Base().Name) {
		return advice(owner, desc)
	}
	var edits []edit.Edit
	for _, s := range settings {
		edits = append(edits, edit.Edit{
			File: file, Op: edit.SetProperty, Target: tfBlock(owner.Base().Name),
			Path:  []string{"setting", edit.Select("namespace", s.namespace, "name", s.name), "value"},
			Value: s.value, At: owner.Base().Loc,
		})
	}
	return tfFix(desc, true, edits...)
}

// tfSetting is one option setting a Terraform fix sets.
type tfSetting struct {
	namespace, name string
	value           edit.Value
}

// tfSubnetSetting is subnets as the value of an aws:ec2:vpc option
// (comma-separated IDs) in scope sc, with a placeholder variable appended
// for a subnet the fix cannot name (described by placeholder).
func tfSubnetSetting(subnets []*Subnet, sc *tfScope, variable, placeholder string) edit.Value {
	var parts []edit.Value
	for _, s := range subnets {
		switch {
		case s.Node != nil:
			parts = append(parts, sc.val(s.Node, "id", "subnet_id", "the ID of "+s.Name))
		case s.Value.Kind == parsers.Known && !s.Value.HoldsSecret():
			parts = append(parts, edit.Str(strings.TrimSpace(s.Value.Str)))
		}
	}
	if placeholder != "" {
		parts = append(parts, edit.PlaceholderFor(variable, placeholder))
	}
	switch len(parts) {
	case 0:
		return edit.Str("")
	case 1:
		return parts[0]
	}
	var items []edit.Value
	for i, p := range parts {
		if i > 0 {
			items = append(items, edit.Str(","))
		}
		items = append(items, p)
	}
	return edit.ConcatOf(items...)
}

// tfPolicyFix adds statements to an endpoint's S3 policy (see
// tfPolicyStatements); the notes say what else to change.
func (a *analysis) tfPolicyFix(e *Env, ep *Endpoint, stmts []fixStatement, notes []string) edit.Fix {
	var what []string
	for _, st := range stmts {
		what = append(what, st.sid+" ("+strings.Join(st.actions, ", ")+")")
	}
	desc := "Add to " + tfPolicyOf(ep) + " the statements " + strings.Join(what, ", ")
	if len(stmts) == 0 {
		desc = "Narrow the Deny statements of " + tfPolicyOf(ep)
	}
	for _, n := range notes {
		if !strings.HasPrefix(n, "# ...") { // the rendering shows "# ..." itself
			desc += "; " + strings.TrimPrefix(n, "# ")
		}
	}
	sources := map[string]bool{}
	var blocks []edit.Value
	file := ep.Node.PolicyFromLoc.File
	if ep.Node.PolicyFrom == "" {
		file = ep.Node.PolicyInLoc.File
	}
	region := a.tfRegion(e, file, tfModule(policyHolder(ep)))
	for _, st := range stmts {
		var resources []edit.Value
		for _, r := range st.resources {
			resources = append(resources, tfARNValue(e, r, region, sources))
		}
		blocks = append(blocks, tfStatement(st.sid, st.actions, resources))
	}
	var reads []string
	for _, typ := range []string{"aws_caller_identity", "aws_region"} {
		if sources[typ] {
			reads = append(reads, typ)
		}
	}
	return a.tfPolicyStatements(ep, desc, reads, blocks...)
}

// tfStatement is a statement block of an aws_iam_policy_document allowing
// actions on resources to any principal.
func tfStatement(sid string, actions []string, resources []edit.Value) edit.Value {
	var acts []edit.Value
	for _, act := range actions {
		acts = append(acts, edit.Str(act))
	}
	return edit.MapOf(
		edit.F("sid", edit.Str(sid)),
		edit.F("actions", edit.ListOf(acts...)),
		edit.F("resources", edit.ListOf(resources...)),
		edit.F("principals", edit.Value{Kind: edit.Map, Block: true, Fields: []edit.Field{
			edit.F("type", edit.Str("*")),
			edit.F("identifiers", edit.ListOf(edit.Str("*"))),
		}}),
	)
}

// tfPolicyStatements appends statement blocks to the
// aws_iam_policy_document whose JSON an endpoint's policy is, when the
// repository's own .tf declares it, with the data sources (reads, their
// "current" instance) the statements refer to; else (a jsonencode policy,
// whose statements an edit cannot extend, or a document in installed
// code) advice.
func (a *analysis) tfPolicyStatements(ep *Endpoint, desc string, reads []string, blocks ...edit.Value) edit.Fix {
	loc := ep.Node.PolicyFromLoc
	if len(blocks) == 0 {
		return edit.Fix{Description: desc}
	}
	if ep.Node.PolicyFrom == "" || loc.IsZero() || filepath.Ext(loc.File) != ".tf" || inDataDir(loc.File) {
		return a.jsonPolicyFix(ep, desc, reads, blocks)
	}
	module := tfModule(policyHolder(ep))
	var edits []edit.Edit
	for _, typ := range reads {
		if !a.declares(loc.File, "data."+typ+".current") {
			edits = append(edits, edit.Edit{File: loc.File, Op: edit.AddResource, Target: tfAddress(module, "data."+typ, "current"), Type: typ, Value: edit.MapOf()})
		}
	}
	return tfFix(desc, true, append(edits, edit.Edit{
		File: loc.File, Op: edit.AppendItems, Target: tfAddress(module, "data."+policyDocType, ep.Node.PolicyFrom[strings.LastIndexByte(ep.Node.PolicyFrom, '.')+1:]),
		Path: []string{"statement"}, Value: edit.Value{Kind: edit.List, Block: true, Items: blocks}, At: loc,
	})...)
}

const policyDocType = "aws_iam_policy_document"

// tfARNValue is a policy resource ARN: the deployment region as a literal
// when the input spells it so (tfRegionLiteral), else region, the
// expression of it (tfRegion); the account the aws_caller_identity data
// source's (a plan holds no account ID). sources collects the data sources
// it reads.
func tfARNValue(e *Env, r fixARN, region edit.Value, sources map[string]bool) edit.Value {
	bucket := fixBucket(e, r.bucket)
	suffix := ""
	if r.object {
		suffix = "/*"
	}
	var parts []edit.Value
	lit := "arn:" + partition(e) + ":s3:::"
	for bucket != "" {
		i := strings.IndexByte(bucket, '{')
		if i < 0 {
			lit += bucket
			break
		}
		j := strings.IndexByte(bucket[i:], '}')
		lit += bucket[:i]
		name := bucket[i+1 : i+j]
		bucket = bucket[i+j+1:]
		switch {
		case name == "region" && tfRegionLiteral(e) != "":
			lit += e.Region
		case name == "regionnodash" && tfRegionLiteral(e) != "":
			lit += strings.ReplaceAll(e.Region, "-", "")
		case name == "regionnodash":
			lit += "*"
		case name == "region":
			if region.Str == "data.aws_region.current" {
				sources["aws_region"] = true
			}
			parts = append(parts, edit.Str(lit), region)
			lit = ""
		case name == "account":
			sources["aws_caller_identity"] = true
			parts = append(parts, edit.Str(lit), edit.AttrOf("data.aws_caller_identity.current", "account_id"))
			lit = ""
		}
	}
	lit += suffix
	if len(parts) == 0 {
		return edit.Str(lit)
	}
	if lit != "" {
		parts = append(parts, edit.Str(lit))
	}
	return edit.ConcatOf(parts...)
}

// tfACLEntryFix allows denied flows on a network ACL, each numbered below
// any deny rule that matches (freeRule of used): inline blocks on an ACL
// that declares its rules inline or is an adopted default ACL (the
// provider cannot combine inline rules with rule resources, and an
// adopted default ACL removes every rule it does not declare), else
// aws_network_acl_rule resources next to the ACL.
func (a *analysis) tfACLEntryFix(acl *parsers.NetworkACL, flows []query.ACLFlow, used map[bool]map[string]bool) edit.Fix {
	desc := "Allow the denied flows on " + acl.Name + ", numbered below any deny rule that matches"
	inline := false
	for _, en := range acl.Entries {
		inline = inline || en.Key == ""
	}
	t, _, _ := tfLabels(acl.Name)
	inline = inline || t == "aws_default_network_acl"
	sc := scopeOf(acl)
	var edits []edit.Edit
	for _, f := range flows {
		egress := f.Direction == query.Egress
		n := freeRule(used, egress)
		var ed edit.Edit
		ok := false
		if inline {
			way := map[bool]string{false: "ingress", true: "egress"}[egress]
			ed, ok = tfAppendBlocks(acl, way, edit.MapOf(
				edit.F("rule_no", edit.Num(n)),
				edit.F("action", edit.Str("allow")),
				edit.F("protocol", edit.Str("tcp")),
				edit.F("cidr_block", edit.Str(f.Peer.String())),
				edit.F("from_port", edit.Num(f.Ports.From)),
				edit.F("to_port", edit.Num(f.Ports.To)),
			))
		} else {
			ed, ok = tfAdd(acl, sc, "aws_network_acl_rule", a.namesIn(acl).tf(sc.module, "aws_network_acl_rule", fmt.Sprintf("%s_%s_allow_%d", tfName(tfBlockName(acl.Name, "acl")), strings.ToLower(direction(f)), n)), edit.MapOf(
				edit.F("network_acl_id", sc.val(acl, "id", "network_acl_id", "the ID of "+acl.Name)),
				edit.F("rule_number", edit.Num(n)),
				edit.F("egress", edit.Value{Kind: edit.Bool, Bool: egress}),
				edit.F("protocol", edit.Str("tcp")),
				edit.F("rule_action", edit.Str("allow")),
				edit.F("cidr_block", edit.Str(f.Peer.String())),
				edit.F("from_port", edit.Num(f.Ports.From)),
				edit.F("to_port", edit.Num(f.Ports.To)),
			))
		}
		if !ok {
			return advice(acl, desc)
		}
		edits = append(edits, ed)
	}
	return tfFix(desc, true, edits...)
}

// tfEndpointSubnetsFix lists on an endpoint subnets of the zones it
// misses.
func tfEndpointSubnetsFix(ep *Endpoint, add []*Subnet, note string) edit.Fix {
	desc := "List on " + ep.Name() + " " + note
	ed, ok := tfAppend(ep.Node, "subnet_ids", func(sc *tfScope) edit.Value {
		list := tfSubnetList(add, sc, "subnets of the zones "+ep.Name()+" misses")
		if list.Kind != edit.List {
			list = edit.ListOf(list)
		}
		return list
	})
	if !ok {
		return advice(ep.Node, desc)
	}
	return tfFix(desc, true, ed)
}

// jsonPolicyFix appends statements to a policy written as jsonencode of
// a document with a Statement list in the repository's own .tf (PolicyIn);
// for another policy (a JSON string, a document in a module's installed
// code) it shows them as a snippet to paste by hand.
func (a *analysis) jsonPolicyFix(ep *Endpoint, desc string, reads []string, blocks []edit.Value) edit.Fix {
	stmts := jsonStatements(blocks)
	in, loc := ep.Node.PolicyIn, ep.Node.PolicyInLoc
	if in == "" || filepath.Ext(loc.File) != ".tf" || inDataDir(loc.File) || forEachInstance(in) {
		return a.jsonPolicyAdvice(ep, desc, reads, stmts)
	}
	var edits []edit.Edit
	for _, typ := range reads {
		if !a.declares(loc.File, "data."+typ+".current") {
			edits = append(edits, edit.Edit{File: loc.File, Op: edit.AddResource, Target: tfAddress(tfModule(in), "data."+typ, "current"), Type: typ, Value: edit.MapOf()})
		}
	}
	return tfFix(desc, true, append(edits, edit.Edit{
		File: loc.File, Op: edit.AppendItems, Target: tfBlock(in), Path: []string{"policy", hcl.JSONEncode, "Statement"},
		Value: edit.ListOf(stmts...), At: loc,
	})...)
}

// policyHolder is the address of the resource whose policy argument is
// an endpoint's policy: the aws_vpc_endpoint_policy that sets it, else the
// endpoint.
func policyHolder(ep *Endpoint) string {
	if ep.Node.PolicyResource != "" {
		return ep.Node.PolicyResource
	}
	return ep.Name()
}

// tfPolicyOf names an endpoint's policy for a fix's description, with the
// aws_vpc_endpoint_policy that sets it when one does.
func tfPolicyOf(ep *Endpoint) string {
	if ep.Node.PolicyResource != "" {
		return "the policy of " + ep.Name() + " (set by " + ep.Node.PolicyResource + ")"
	}
	return "the policy of " + ep.Name()
}

// jsonStatements are statement blocks of an aws_iam_policy_document as the
// statements of a policy document (jsonencode).
func jsonStatements(blocks []edit.Value) []edit.Value {
	var stmts []edit.Value
	for _, b := range blocks {
		sid, _ := b.Get("sid")
		actions, _ := b.Get("actions")
		resources, _ := b.Get("resources")
		if len(actions.Items) == 1 {
			actions = actions.Items[0]
		}
		if len(resources.Items) == 1 {
			resources = resources.Items[0]
		}
		stmts = append(stmts, edit.MapOf(
			edit.F("Sid", sid),
			edit.F("Effect", edit.Str("Allow")),
			edit.F("Principal", edit.Str("*")),
			edit.F("Action", actions),
			edit.F("Resource", resources),
		))
	}
	return stmts
}

// jsonPolicyAdvice shows statements to add to a policy as a jsonencode
// snippet to paste by hand.
func (a *analysis) jsonPolicyAdvice(ep *Endpoint, desc string, reads []string, stmts []edit.Value) edit.Fix {
	doc, err := hcl.Expression(edit.MapOf(edit.F("Version", edit.Str("2012-10-17")), edit.F("Statement", edit.ListOf(stmts...))))
	if err != nil {
		return edit.Fix{Description: desc}
	}
	holder := policyHolder(ep)
	file := ep.Loc().File
	if ep.Node.PolicyResource != "" {
		file = ep.Node.PolicyResourceLoc.File
	}
	module := tfModule(holder)
	var sketch []edit.Edit
	for _, typ := range reads {
		if !a.declares(file, "data."+typ+".current") {
			sketch = append(sketch, edit.Edit{File: file, Op: edit.AddResource, Target: tfAddress(module, "data."+typ, "current"), Type: typ, Value: edit.MapOf()})
		}
	}
	sketch = append(sketch, edit.Edit{File: file, Op: edit.SetProperty, Target: tfBlock(holder), Path: []string{"policy"},
		Value: edit.Value{Kind: edit.Expr, Str: "jsonencode(" + strings.TrimSpace(doc) + ")"}})
	return edit.Fix{Description: "# " + desc + ": the existing statements, and these\n" + string(hcl.RenderAt(sketch, file))}
}
