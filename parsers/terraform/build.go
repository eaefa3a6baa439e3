package terraform

import (
	"fmt"
	"slices"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// Source file formats of the graph's Files.
const (
	FormatPlan   = "terraform-plan"
	FormatSource = "terraform-source"
)

// builder adds the nodes of one plan to a graph.
type builder struct {
	g   *parsers.Graph
	p   *Plan
	src *tfsource.Index

	errs []*parsers.ParseError
	// alias maps an aws_default_* instance's key to the node it adopts
	// (a VPC's synthetic main route table, default group or ACL).
	alias map[string]string
	// nodes holds the key of every instance whose type makes a graph node
	// (aws_default_* instances are mapped through alias instead).
	nodes map[string]bool
	// tables are the route tables that get their local routes in finish.
	tables []*parsers.RouteTable
	// endpointGroups are security group associations by endpoint key.
	endpointGroups map[string]*groupAssociations
	// dataSubnets are subnets read by data sources: their associations are
	// not in the plan unless a resource of the plan declares one.
	dataSubnets []*parsers.Subnet
	// ev evaluates the .tf source's expressions; nil without source.
	ev *evaluator
	// traversals holds the steps of each reference followed (see
	// traversal): the instances of a resource repeat its references.
	traversals map[string][]step
}

// groupAssociations are aws_vpc_endpoint_security_group_association
// resources of one endpoint.
type groupAssociations struct {
	groups         []parsers.Value
	replaceDefault bool
}

// Build adds the nodes of plan p to g. src locates resources in the .tf
// source; nil means plan JSON positions. The errors concern this plan only.
func Build(g *parsers.Graph, p *Plan, src *tfsource.Index) []*parsers.ParseError {
	if p == nil {
		return nil
	}
	b := &builder{g: g, p: p, src: src, alias: map[string]string{}, nodes: make(map[string]bool, len(p.instances)), endpointGroups: map[string]*groupAssociations{}}
	b.addFiles()
	b.flagSecrets()
	if src != nil {
		b.ev = newEvaluator(b)
	}
	for _, in := range p.instances {
		in.key = p.Path + "#" + in.addr
		if _, ok := makers[b.kind(in)]; ok {
			b.nodes[in.key] = true
		}
	}
	b.adopt()
	b.readBack()
	g.Undecided = append(g.Undecided, p.undecided...)
	var later []*instance
	for _, in := range p.instances {
		kind := b.kind(in)
		if _, ok := folders[kind]; ok {
			later = append(later, in)
		}
		mk, ok := makers[kind]
		if !ok || b.alias[in.key] != "" {
			continue
		}
		for _, n := range mk(b, in, b.header(in)) {
			if err := g.Add(n); err != nil {
				b.errs = append(b.errs, &parsers.ParseError{Loc: b.resourceLoc(in), Msg: fmt.Sprintf("resource %s is read twice (is %s given twice?)", in.addr, p.Path), Err: err})
				break
			}
			if rt, ok := n.(*parsers.RouteTable); ok {
				b.tables = append(b.tables, rt)
			}
		}
	}
	for _, in := range later {
		folders[b.kind(in)](b, in)
	}
	b.finish()
	return b.errs
}

// kind is the instance's type, prefixed "data." for data sources.
func (b *builder) kind(in *instance) string {
	if in.mode == tfjson.DataResourceMode {
		return "data." + in.typ
	}
	return in.typ
}

// nodeKey is the key of the graph node an instance is, or "" when it is
// not a node.
func (b *builder) nodeKey(in *instance) string {
	if a := b.alias[in.key]; a != "" {
		return a
	}
	if b.nodes[in.key] {
		return in.key
	}
	return ""
}

// addFiles records the plan and the .tf files in g.Files.
func (b *builder) addFiles() {
	have := map[string]bool{}
	for _, f := range b.g.Files {
		have[f.Path] = true
	}
	add := func(path, format string) {
		if !have[path] {
			have[path] = true
			b.g.Files = append(b.g.Files, &parsers.SourceFile{Path: path, Format: format})
		}
	}
	if b.p.fromConfig() {
		add(b.p.Path, FormatSource) // the directory: the region its configuration decides
	} else {
		add(b.p.Path, FormatPlan)
	}
	b.g.AddInputFile(b.p.Path, b.p.Path)
	for _, f := range b.g.Files {
		if f.Path == b.p.Path {
			f.Region = b.region()
			f.RegionVariable = b.regionVariable()
		}
	}
	for _, f := range b.src.Files() {
		add(f, FormatSource)
		b.g.AddInputFile(f, b.p.Path)
	}
	for _, f := range b.g.Files {
		if f.Format == FormatSource && f.DataSources == nil {
			f.DataSources = b.src.DataSources(f.Path)
		}
	}
}

// header fills the shared node header of an instance.
func (b *builder) header(in *instance) parsers.Resource {
	hdr := parsers.Resource{Key: in.key, Name: in.addr, Type: in.typ, Loc: b.resourceLoc(in), ReadOnly: in.mode == tfjson.DataResourceMode, Condition: in.condition}
	if id, ok := in.vals.field("id").text(); ok && id != "" {
		hdr.PhysicalID = parsers.Lit(id, hdr.Loc)
	}
	hdr.Ignore = b.src.Ignores(in.modPath, in.cfgAddr)
	for i := range in.modPath {
		hdr.Ignore = append(hdr.Ignore, b.src.CallIgnores(in.modPath[:i+1])...)
	}
	for i := range in.modPath {
		loc, ok := b.src.ModuleCall(in.modPath[:i+1])
		if !ok {
			continue
		}
		addr := "module." + strings.Join(in.modPath[:i+1], ".module.")
		hdr.ModuleCalls = append(hdr.ModuleCalls, parsers.ModuleCall{Address: addr, Loc: loc})
	}
	hdr.ModuleSource, _ = b.src.FetchedResource(in.modPath, in.cfgAddr)
	hdr.ModuleSourceProps = b.src.FetchedAttributes(in.modPath, in.cfgAddr)
	hdr.ModuleSourceInputs = b.fetchedInputs(in, hdr.ModuleSourceProps)
	hdr.ModuleInputs = b.moduleInputs(in)
	hdr.ForEachInput = b.forEachInput(in)
	return hdr
}

// resourceLoc locates an instance: its block in the .tf source, else the
// innermost module call of the source that leads to it (a registry or Git
// module, whose code is not in the repository: findings land on a line
// the repository holds), else its object in the plan JSON, else the plan
// file.
func (b *builder) resourceLoc(in *instance) parsers.Location {
	if loc, ok := b.src.Resource(in.modPath, in.cfgAddr); ok {
		return loc
	}
	for i := len(in.modPath); i > 0; i-- {
		if loc, ok := b.src.ModuleCall(in.modPath[:i]); ok && !b.src.Fetched(in.modPath[:i-1]) {
			return loc
		}
	}
	if rl, ok := b.p.locs[in.addr]; ok {
		return rl.loc
	}
	return parsers.Location{File: b.p.Path}
}

// attrLoc locates an attribute: in the .tf source, else at the resource.
// An attribute that a module variable sets is located at the module call's
// argument for that variable in the calling configuration (through every
// module that passes it on): that input is what a user changes.
func (b *builder) attrLoc(in *instance, name string) parsers.Location {
	if loc, ok := b.src.Attribute(in.modPath, in.cfgAddr, name); ok {
		if input, ok := b.inputLoc(in, name); ok {
			return input
		}
		return loc
	}
	return b.resourceLoc(in)
}

// expr returns the configuration expression of an argument, or nil.
func expr(in *instance, name string) *tfjson.Expression {
	if in.cfg == nil {
		return nil
	}
	return in.cfg.Expressions[name]
}

// value reads a single-valued argument of an instance. A known value is a
// literal; an unknown one is resolved through the configuration; an argument
// the configuration does not set is Absent, so that the caller applies the
// AWS default (DOMAIN.md §11.1).
func (b *builder) value(in *instance, name string) parsers.Value {
	if v, ok := knownScalar(in.vals.field(name), b.attrLoc(in, name)); ok {
		return v.Named(name) // what single(values) gives, without a list
	}
	return b.single(b.values(in, name), in, name).Named(name)
}

// single turns resolved values into one value.
func (b *builder) single(vals []parsers.Value, in *instance, name string) parsers.Value {
	loc := b.attrLoc(in, name)
	switch len(vals) {
	case 0:
		return parsers.Value{}
	case 1:
		return vals[0]
	}
	return oneOf(vals, in.addr+"."+name, loc)
}

// oneOf is the value of a single-valued attribute whose expression names
// several candidates.
func oneOf(vals []parsers.Value, what string, loc parsers.Location) parsers.Value {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = v.Describe()
	}
	return parsers.UnknownValue(fmt.Sprintf("%s is known only after apply: it is one of %s, chosen by an expression the plan JSON does not show", what, strings.Join(parts, ", ")), loc)
}

// list reads a list argument (IDs) of an instance.
func (b *builder) list(in *instance, name string) []parsers.Value {
	return flattenAll(b.values(in, name))
}

// flattenAll is the elements of list values and the other values, in
// order (see appendFlat); nil when there are none. vals must be the
// caller's own: when it is flat already, it is the result.
func flattenAll(vals []parsers.Value) []parsers.Value {
	if !slices.ContainsFunc(vals, func(v parsers.Value) bool { return v.Kind == parsers.List || v.Kind == parsers.Absent }) {
		if len(vals) == 0 {
			return nil
		}
		// Flat already (an endpoint's subnets, each a reference): the
		// callers' slices are their own, and kept as they are.
		return slices.Clip(vals)
	}
	n := 0
	for _, v := range vals {
		n += flatLen(v)
	}
	if n == 0 {
		return nil
	}
	// Sized once: the graph keeps these lists (a VPC's subnets, an
	// endpoint's), and a grown one holds unused room.
	out := make([]parsers.Value, 0, n)
	for _, v := range vals {
		out = appendFlat(out, v)
	}
	return out
}

// flatLen is the number of values appendFlat appends for v.
func flatLen(v parsers.Value) int {
	switch v.Kind {
	case parsers.List:
		n := 0
		for _, it := range v.Items() {
			n += flatLen(it)
		}
		return n
	case parsers.Absent:
		return 0
	}
	return 1
}

// flatten returns a list value's elements; other values as they are.
func flatten(v parsers.Value) []parsers.Value { return appendFlat(nil, v) }

// appendFlat appends v to out: a list value's elements (nested lists
// flattened), no absent value, other values as they are.
func appendFlat(out []parsers.Value, v parsers.Value) []parsers.Value {
	switch v.Kind {
	case parsers.List:
		for _, it := range v.Items() {
			out = appendFlat(out, it)
		}
	case parsers.Absent:
	default:
		out = append(out, v)
	}
	return out
}

// values reads an argument: the known value, or for an unknown one every
// value its expression's references lead to.
func (b *builder) values(in *instance, name string) []parsers.Value {
	t := in.vals.field(name)
	loc := b.attrLoc(in, name)
	switch {
	case t.unknown():
		return b.unknownArg(in, name, nil, loc, in.addr+"."+name)
	case t.v == nil:
		return nil
	}
	if v, ok := knownScalar(t, loc); ok {
		return []parsers.Value{v}
	}
	what := in.addr + "." + name
	v := toValue(t, loc, what)
	if v.Kind != parsers.List || !t.partlyUnknown() {
		return []parsers.Value{v}
	}
	// Some elements are unknown: keep the known ones, and add what the
	// expression's references lead to.
	var out []parsers.Value
	for _, it := range v.Items() {
		if it.Kind != parsers.Unknown {
			out = append(out, it)
		}
	}
	for _, r := range b.unknownArg(in, name, nil, loc, what) {
		if r.Kind != parsers.Known || !containsValue(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// knownScalar is toValue(t, loc, what) for a known scalar t, which needs
// no what (it names the value only in the reasons for unknown parts): most
// arguments are, and their names are not built. ok is false for any other
// t.
func knownScalar(t tree, loc parsers.Location) (parsers.Value, bool) {
	if t.unknown() || t.v == nil {
		return parsers.Value{}, false
	}
	s, ok := scalar(t.v)
	if !ok {
		return parsers.Value{}, false
	}
	v := parsers.Lit(s, loc)
	v.Secret = t.sec.secret(t.v)
	return v, true
}

// unknownArg resolves an argument unknown until apply through its
// configuration expression e (the argument's own when nil).
func (b *builder) unknownArg(in *instance, name string, e *tfjson.Expression, loc parsers.Location, what string) []parsers.Value {
	if b.p.fromConfig() {
		return b.configArg(in, name, loc, what)
	}
	if e == nil {
		e = expr(in, name)
	}
	switch {
	case in.cfg == nil:
		return []parsers.Value{parsers.UnknownValue(b.afterApply(what)+", and the plan has no configuration for "+in.addr, loc)}
	case in.mode == tfjson.DataResourceMode && e == nil:
		return []parsers.Value{parsers.UnknownValue(what+" is read only at apply", loc)}
	case e == nil:
		return nil // not set: the AWS default applies
	}
	if v, ok := b.evalArg(in, name, loc, what); ok {
		if v.Kind == parsers.Absent {
			return nil // null: the AWS default applies
		}
		return []parsers.Value{v}
	}
	vals := b.exprValues(scopeOf(in), e, want{what: what, loc: loc}, 0)
	if len(vals) == 0 {
		return []parsers.Value{parsers.UnknownValue(b.afterApply(what)+", and its expression refers to nothing beanlint can follow", loc)}
	}
	return vals
}

// afterApply says that what is known only after apply. A plan without
// resource_changes cannot tell such a value from an absent one: the reason
// says so.
func (b *builder) afterApply(what string) string {
	if b.p.noChanges {
		return "the plan has no resource_changes (which mark values known only after apply); " +
			what + " is set in the configuration but missing from planned_values, so it is taken as known only after apply"
	}
	return what + " is known only after apply"
}

// known reads a computed attribute (IDs) when the plan knows it.
func (b *builder) known(in *instance, name string) (string, bool) {
	s, ok := in.vals.field(name).text()
	return s, ok && s != ""
}

// orDefault returns v, or the AWS default when v is absent.
func orDefault(v parsers.Value, def string, loc parsers.Location) parsers.Value {
	if v.Kind == parsers.Absent {
		return parsers.DefaultValue(def, loc).Named(v.Prop)
	}
	return v
}

// adopt maps aws_default_route_table, aws_default_security_group and
// aws_default_network_acl instances to the synthetic node of the VPC they
// manage, when that VPC is in the plan.
func (b *builder) adopt() {
	vpcByDefault := map[string]string{} // known default object ID → synthetic key
	vpcByID := map[string]string{}      // known VPC ID → VPC key
	for _, in := range b.p.instances {
		if b.kind(in) != "aws_vpc" {
			continue
		}
		if id, ok := b.known(in, "id"); ok {
			vpcByID[id] = in.key
		}
		for attr, suffix := range map[string]string{"default_route_table_id": "#main", "main_route_table_id": "#main", "default_security_group_id": "#default-sg", "default_network_acl_id": "#default-acl"} {
			if id, ok := b.known(in, attr); ok {
				vpcByDefault[id] = in.key + suffix
			}
		}
	}
	for _, in := range b.p.instances {
		var attr, suffix string
		switch b.kind(in) {
		case "aws_default_route_table":
			attr, suffix = "default_route_table_id", "#main"
		case "aws_default_security_group":
			attr, suffix = "vpc_id", "#default-sg"
		case "aws_default_network_acl":
			attr, suffix = "default_network_acl_id", "#default-acl"
		default:
			continue
		}
		if id, ok := b.known(in, attr); ok && attr != "vpc_id" {
			if key := vpcByDefault[id]; key != "" {
				b.alias[in.key] = key
			}
			continue
		}
		v := b.value(in, attr)
		switch {
		case v.Kind == parsers.Ref && b.isVPC(v.Target):
			b.alias[in.key] = v.Target + suffix
		case v.Kind == parsers.Known && attr == "vpc_id" && vpcByID[v.Str] != "":
			b.alias[in.key] = vpcByID[v.Str] + suffix
		}
	}
}

// isVPC reports whether key is a managed aws_vpc instance of this plan.
func (b *builder) isVPC(key string) bool {
	in := b.p.byAddr[strings.TrimPrefix(key, b.p.Path+"#")]
	return in != nil && b.kind(in) == "aws_vpc" && in.key == key
}

// readBackTypes are the data sources that can read back a resource of the
// same type by its ID.
var readBackTypes = map[string]bool{"aws_vpc_endpoint": true, "aws_subnet": true, "aws_security_group": true, "aws_vpc": true}

// readBack makes a data source that reads a resource of the plan by its ID
// (data "aws_vpc_endpoint" "x" { id = aws_vpc_endpoint.x.id }) that
// resource's node, not another one.
func (b *builder) readBack() {
	byID := map[string]string{} // known ID of a managed node → its key
	for _, in := range b.p.instances {
		if in.mode == tfjson.ManagedResourceMode && readBackTypes[in.typ] && b.nodes[in.key] {
			if id, ok := b.known(in, "id"); ok {
				byID[in.typ+"\x00"+id] = in.key
			}
		}
	}
	for _, in := range b.p.instances {
		if in.mode != tfjson.DataResourceMode || !readBackTypes[in.typ] || !b.nodes[in.key] || !b.hasArg(in, "id") {
			continue
		}
		if id, ok := b.known(in, "id"); ok {
			if key := byID[in.typ+"\x00"+id]; key != "" {
				b.alias[in.key] = key
			}
			continue
		}
		v := b.value(in, "id")
		if v.Kind == parsers.Ref && v.Attr() == "" && b.refType(v) == in.typ {
			b.alias[in.key] = v.Target
		}
	}
}
