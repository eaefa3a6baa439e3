package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
	ctyconvert "github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
	"github.com/beanlint/beanlint/parsers/textfile"
)

// ConfigFormat is the FormatVersion of a Plan built from a configuration's
// .tf files (FromConfig) rather than read from a plan file.
const ConfigFormat = "configuration"

// maxInstances bounds the instances one count or for_each expands to.
const maxInstances = 1024

// Vars are the root module's variable values given outside the
// configuration: TF_VAR_NAME environment variables, --var-file files, then
// --var NAME=VALUE assignments. Terraform's precedence, later overriding
// earlier: defaults, Env, terraform.tfvars, *.auto.tfvars, Files, Values.
type Vars struct {
	// Env are environment entries (KEY=VALUE, as os.Environ gives them);
	// those named TF_VAR_ and a declared root variable are used.
	Env    []string
	Files  []string
	Values []string
}

// envPrefix starts the name of an environment variable that gives a root
// variable's value (TF_VAR_region).
const envPrefix = "TF_VAR_"

// fromConfig reports whether p was built from a configuration.
func (p *Plan) fromConfig() bool { return p.FormatVersion == ConfigFormat }

// remoteHint completes the reason the source of a module call (nil when
// the configuration has none) was not read: for a registry or Git module,
// how beanlint can read it.
func (b *builder) remoteHint(call *hclsyntax.Block) string {
	if call == nil {
		return ""
	}
	if a, ok := call.Body.Attributes["source"]; ok {
		if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.IsKnown() && v.Type() == cty.String && !v.IsNull() && tfsource.IsLocalSource(v.AsString()) {
			return "" // a local module whose directory could not be read: a notice says why
		}
	}
	if !b.p.fromConfig() {
		return " (" + notInitialised(b.src) + ")"
	}
	return " (" + notInitialised(b.src) + ", so its outputs are unknown without a plan)"
}

// notInitialised says why the source of a registry or Git module was not
// read, and how it can be.
func notInitialised(src *tfsource.Index) string {
	if src.Initialised() {
		return "a registry or Git module that " + src.Manifest() + " does not list: run `terraform init` again so beanlint reads its source"
	}
	return "a registry or Git module, and the configuration is not initialised: `terraform init` would let beanlint read its source from " + filepath.Dir(src.Manifest())
}

// dataWhy completes the reason a data source's attribute is unknown.
func (b *builder) dataWhy(in *instance) string {
	switch {
	case in.mode != tfjson.DataResourceMode:
		return ""
	case b.p.fromConfig() && b.readsProviderRegion(in):
		return ", the default aws provider's region, " + b.configRegionWhy()
	case b.p.fromConfig():
		return ", a data source that terraform plan reads from AWS (linting the configuration without a plan, beanlint does not call AWS)"
	case in.deferred:
		return ", a data source read only at apply"
	}
	return ""
}

// readsProviderRegion reports whether in, an instance of a configuration
// linted without a plan, is a data "aws_region" that reads the default aws
// provider's region: one without arguments (currentRegion), in a module
// that no module call gives another aws provider configuration.
func (b *builder) readsProviderRegion(in *instance) bool {
	if b.kind(in) != "data.aws_region" || b.ev == nil {
		return false
	}
	blk := b.ev.block(in)
	for _, a := range []string{"name", "region", "provider"} {
		if _, set := attr(blk, a); set {
			return false
		}
	}
	return blk != nil && b.inheritsDefaultProvider(in.modPath)
}

// hasArg reports whether the configuration sets argument name of in.
func (b *builder) hasArg(in *instance, name string) bool {
	if expr(in, name) != nil {
		return true
	}
	if !b.p.fromConfig() || b.ev == nil {
		return false
	}
	_, ok := attr(b.ev.block(in), name)
	return ok
}

// configArg is an argument of an instance of a configuration linted
// without a plan: its expression evaluated, nothing when the block does
// not set it (the AWS default applies), unknown for what a data source
// reads.
func (b *builder) configArg(in *instance, name string, loc parsers.Location, what string) []parsers.Value {
	if v, ok := b.evalArg(in, name, loc, what); ok {
		if v.Kind == parsers.Absent {
			return nil
		}
		return []parsers.Value{v}
	}
	if in.mode == tfjson.DataResourceMode {
		return []parsers.Value{parsers.UnknownValue(what+" is not known without a plan"+b.dataWhy(in), loc)}
	}
	return nil
}

// nestedBlocks is the tree of a nested block argument (ingress, vpc): the
// plan's; without a plan, the blocks evaluated from the configuration, or
// why they cannot be.
func (b *builder) nestedBlocks(in *instance, name string) (tree, string) {
	t := in.vals.field(name)
	if !t.unknown() || !b.p.fromConfig() {
		return t, ""
	}
	entries, why := b.configBlocks(in, name)
	return tree{v: entries}, why
}

// configBlocks evaluates the nested blocks of type name of an instance's
// resource block, static and dynamic, as plan entries whose leaves are
// JSON scalars or, for references and unknowns, graph values. why is
// non-empty when they cannot be enumerated.
func (b *builder) configBlocks(in *instance, name string) (entries []any, why string) {
	ev := b.ev
	blk := ev.block(in)
	if blk == nil {
		return nil, ""
	}
	loc := b.attrLoc(in, name)
	what := in.addr + "." + name
	sc := ev.instanceScope(in, blk, 0)
	add := func(sc escope, body *hclsyntax.Body, _ bool) {
		obj := map[string]any{}
		for an, a := range body.Attributes {
			obj[an] = ev.ctyTree(ev.eval(sc, a.Expr, 0), loc, what+"[]."+an, 0)
		}
		entries = append(entries, obj)
	}
	for _, sb := range blk.Body.Blocks {
		switch {
		case sb.Type == name:
			add(sc, sb.Body, true)
		case sb.Type == "dynamic" && len(sb.Labels) == 1 && sb.Labels[0] == name:
			if w := b.dynamicBlocks(in, sc, sb, add); w != "" {
				why = w
			}
		}
	}
	if a, ok := blk.Body.Attributes[name]; ok {
		// The attribute form of blocks the provider also takes as an
		// argument (ingress = [{ ... }]): a list of objects.
		switch t := ev.ctyTree(ev.eval(sc, a.Expr, 0), loc, what, 0).(type) {
		case nil:
		case []any:
			entries = append(entries, t...)
		default:
			why = fmt.Sprintf("%s is not a list of objects known from the configuration", what)
			if v, ok := t.(parsers.Value); ok && v.Kind == parsers.Unknown {
				why = v.Reason()
			}
		}
	}
	if why != "" {
		return nil, b.afterApply(what) + ": " + why
	}
	return entries, ""
}

// ctyTree converts an evaluated value to a plan value tree: known scalars
// as JSON values, references, unknowns and secrets as graph values.
func (ev *evaluator) ctyTree(v cty.Value, loc parsers.Location, what string, depth int) any {
	plain, marks := v.Unmark()
	switch {
	case depth > maxDepth || len(marks) > 0 || !plain.IsKnown():
		return ev.value(v, loc, what)
	case plain.IsNull():
		return nil
	}
	ty := plain.Type()
	switch {
	case ty == cty.String:
		if s := plain.AsString(); !strings.Contains(s, phOpen) {
			return s
		}
		return ev.value(v, loc, what)
	case ty == cty.Number:
		return json.Number(plain.AsBigFloat().Text('f', -1))
	case ty == cty.Bool:
		return plain.True()
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		out := []any{}
		for it := plain.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, ev.ctyTree(e, loc, what, depth+1))
		}
		return out
	case ty.IsMapType() || ty.IsObjectType():
		out := map[string]any{}
		for it := plain.ElementIterator(); it.Next(); {
			k, e := it.Element()
			out[k.AsString()] = ev.ctyTree(e, loc, what, depth+1)
		}
		return out
	}
	return ev.value(v, loc, what)
}

// FromConfig builds a plan from the configuration of root module dir (src
// is its index, from tfsource.Load): the root variables from their
// defaults, terraform.tfvars, *.auto.tfvars and vars; count and for_each
// expanded where their expressions are known; every argument evaluated when
// Build reads it, attributes the provider computes standing as references
// to the resources. errs are files that cannot be read (EB900); notices
// say what could not be expanded.
func FromConfig(dir string, src *tfsource.Index, vars Vars) (*Plan, []*parsers.ParseError, []parsers.Notice) {
	p := &Plan{Path: dir, FormatVersion: ConfigFormat, raw: &planJSON{Variables: map[string]*tfjson.PlanVariable{}}, locs: map[string]rankedLoc{}}
	p.root = newModule(nil, nil, nil, nil, 0)
	p.byAddr = map[string]*instance{}
	p.byResource = map[string][]*instance{}
	p.byIndex = map[string]*instance{}
	p.moduleInstances = map[string][]string{}
	rootMod := src.Module(nil)
	if rootMod == nil {
		return p, nil, nil
	}
	values, errs, notices := rootVariables(dir, rootMod, vars)
	for _, name := range sortedKeys(values) {
		p.raw.Variables[name] = &tfjson.PlanVariable{Value: ctyToJSON(values[name])}
	}
	b := &builder{p: p, src: src, alias: map[string]string{}, nodes: map[string]bool{}}
	x := &expander{b: b, done: map[string]bool{}}
	b.ev = newEvaluator(b)
	b.ev.onResource = x.resource
	b.ev.onCall = x.call
	x.module("", 0)
	notices = append(notices, x.notices...)

	sort.Slice(p.instances, func(i, j int) bool { return p.instances[i].addr < p.instances[j].addr })
	for _, list := range p.byResource {
		sort.SliceStable(list, func(i, j int) bool { return indexLess(list[i].index, list[j].index) })
	}
	for _, list := range p.moduleInstances {
		sort.Strings(list)
		sortModuleInstances(list)
	}
	return p, errs, notices
}

// expander creates the instances of a configuration's resources and
// module calls, each once, on first need (an expression may need the
// instances of a resource declared later).
type expander struct {
	b       *builder
	done    map[string]bool
	notices []parsers.Notice
	// region is the default aws provider's region when the configuration
	// decides it (regionRead says whether it was evaluated).
	region     string
	regionRead bool
}

// currentRegion is what a data "aws_region" of the default provider without
// arguments reads: the provider's region, when the configuration sets it.
// In a module that a module call gives another aws provider configuration
// (providers = { aws = aws.peer }), it reads that one's: not decided here.
func (x *expander) currentRegion(modInst string, blk *hclsyntax.Block) (string, bool) {
	for _, a := range []string{"name", "region", "provider"} {
		if _, set := attr(blk, a); set {
			return "", false
		}
	}
	if !x.b.inheritsDefaultProvider(modulePath(modInst)) {
		return "", false
	}
	if !x.regionRead {
		x.regionRead = true
		x.region, _ = x.b.configRegion()
	}
	return x.region, x.region != ""
}

// module expands every resource and module call of a module instance.
func (x *expander) module(modInst string, depth int) {
	m := x.b.ev.source(modulePath(modInst))
	if m == nil || depth > maxDepth {
		return
	}
	for _, addr := range sortedKeys(m.Resources) {
		x.resource(modInst, addr)
	}
	for _, name := range sortedKeys(m.Calls) {
		x.call(modInst, name)
		for _, child := range x.b.p.moduleInstances[modInst+"\x00"+name] {
			x.module(child, depth+1)
		}
	}
}

// resource creates the instances of resource cfgAddr of a module instance.
func (x *expander) resource(modInst, cfgAddr string) {
	k := "res\x00" + modInst + "\x00" + cfgAddr
	if x.done[k] {
		return
	}
	x.done[k] = true
	path := modulePath(modInst)
	m := x.b.ev.source(path)
	if m == nil || m.Resources[cfgAddr] == nil {
		return
	}
	blk := m.Resources[cfgAddr]
	p := x.b.p
	keys, cond, ok := x.repeat(modInst, blk, qualified(modInst, cfgAddr))
	if !ok && cond == "" {
		return
	}
	mode, typ, name := tfjson.ManagedResourceMode, blk.Labels[0], blk.Labels[1]
	if !ok {
		// Whether any instance exists is not known: one stands for a graph
		// node's (or a route's), existing only under that condition (as a
		// CloudFormation resource under an undecided condition), so that
		// rules doubt rather than miss it. The graph has no condition for
		// what other resources fold into nodes: they are left out.
		if _, node := makers[kindOf(blk)]; !node && kindOf(blk) != "aws_route" {
			return
		}
		keys = []any{nil}
	}
	if blk.Type == "data" {
		mode = tfjson.DataResourceMode
	}
	names := configAttrs(m, blk, cfgAddr, typ)
	for _, key := range keys {
		addr := joinModule(modInst, cfgAddr+indexKey(key))
		in := p.newInstance(addr, modInst, mode, typ, name, key)
		in.condition = cond
		unk := map[string]any{}
		for n := range names {
			unk[n] = true
		}
		vals := map[string]any{}
		if mode == tfjson.DataResourceMode && typ == "aws_region" {
			if r, ok := x.currentRegion(modInst, blk); ok {
				for _, n := range []string{"id", "name", "region"} {
					vals[n] = r
					delete(unk, n)
				}
			}
		}
		in.vals = tree{v: vals, unk: unk}
		// What a data source reads is known only to terraform plan.
		in.deferred = mode == tfjson.DataResourceMode
		in.key = p.Path + "#" + in.addr
		if _, isNode := makers[x.b.kind(in)]; isNode {
			x.b.nodes[in.key] = true
		}
		p.add(in)
		rk := modInst + "\x00" + cfgAddr
		p.byResource[rk] = append(p.byResource[rk], in)
		p.byIndex[rk+"\x00"+keyText(key)] = in
	}
}

// call creates the instances of module call name of a module instance.
func (x *expander) call(modInst, name string) {
	k := "mod\x00" + modInst + "\x00" + name
	if x.done[k] {
		return
	}
	x.done[k] = true
	m := x.b.ev.source(modulePath(modInst))
	if m == nil || m.Calls[name] == nil {
		return
	}
	call := m.Calls[name]
	childPath := append(modulePath(modInst), name)
	if x.b.ev.source(childPath) == nil {
		loc, _ := x.b.src.ModuleCall(childPath)
		x.notices = append(x.notices, parsers.Notice{Loc: loc, Msg: fmt.Sprintf("%s: the module's source is not in the repository (%s), so its resources are not linted and its outputs are unknown", qualified(modInst, "module."+name), notInitialised(x.b.src))})
		return
	}
	keys, _, ok := x.repeat(modInst, call, qualified(modInst, "module."+name))
	if !ok {
		return
	}
	for _, key := range keys {
		mk := modInst + "\x00" + name
		x.b.p.moduleInstances[mk] = append(x.b.p.moduleInstances[mk], joinModule(modInst, "module."+name+indexKey(key)))
	}
}

// repeat evaluates a block's count or for_each: the instance keys (one
// nil key for neither); ok is false when they are not known, recorded as
// undecided (EB901) with cond unless no rule reads the block,
// the condition under which instances exist ("count (var.on ? 1 : 0) is
// not known without a plan").
func (x *expander) repeat(modInst string, blk *hclsyntax.Block, what string) (keys []any, cond string, ok bool) {
	ev := x.b.ev
	fail := func(e hcl.Expression, why string) ([]any, string, bool) {
		rng := e.Range()
		loc := parsers.Span(rng.Filename, rng.Start.Line, rng.Start.Column, rng.End.Line, rng.End.Column)
		if l, ok := x.b.src.Loc(rng); ok {
			loc = l // columns in code points, as every location
		}
		arg := repeatArg(blk)
		if text, ok := x.b.src.Text(rng); ok {
			text = "(" + strings.Join(strings.Fields(text), " ") + ")"
			why = strings.Replace(why, "%expr", text, 1)
			arg += " " + text
		} else {
			why = strings.Replace(why, " %expr", "", 1)
		}
		if !relevant(blk) {
			// Nothing in it is linted, whatever its instances.
			return nil, "", false
		}
		u := parsers.UndecidedResource{Name: what, Loc: loc, Reason: why}
		if _, node := makers[kindOf(blk)]; node {
			u.Key = x.b.p.Path + "#" + what
		}
		x.b.p.undecided = append(x.b.p.undecided, u)
		return nil, fmt.Sprintf("%s of %s, which is not known without a plan", arg, what), false
	}
	if e, ok := attr(blk, "count"); ok {
		v, marks := ev.eval(moduleScope(modInst), e, 0).Unmark()
		if n, err := ctyconvert.Convert(v, cty.Number); err == nil {
			v = n // Terraform converts a count of "2" too
		}
		if from, ok := byRegion(marks); ok {
			return fail(e, "its count %expr is not known (the count "+x.b.regionDecides(from)+")")
		}
		if !v.IsWhollyKnown() || v.IsNull() || v.Type() != cty.Number {
			return fail(e, "its count %expr is not known ("+ev.reasonOf(v, marks, "the count")+")")
		}
		n, acc := v.AsBigFloat().Int64()
		switch {
		case acc != 0 || n < 0:
			return fail(e, "its count is not a whole number")
		case n > maxInstances:
			return fail(e, fmt.Sprintf("its count (%d) is more than beanlint expands (%d)", n, maxInstances))
		}
		keys := make([]any, n)
		for i := range keys {
			keys[i] = json.Number(strconv.Itoa(i))
		}
		return keys, "", true
	}
	e, has := attr(blk, "for_each")
	if !has {
		return []any{nil}, "", true
	}
	v, marks := ev.eval(moduleScope(modInst), e, 0).Unmark()
	switch {
	case !v.IsKnown():
		return fail(e, "its for_each %expr is not known ("+ev.reasonOf(v, marks, "the for_each collection")+")")
	case regional(marks):
		from, _ := byRegion(marks)
		return fail(e, "its for_each %expr is not known (the for_each collection "+x.b.regionDecides(from)+")")
	case v.IsNull():
		return fail(e, "its for_each is null")
	}
	ty := v.Type()
	if !ty.IsMapType() && !ty.IsObjectType() && !ty.IsSetType() {
		return fail(e, "its for_each is not a map or a set of strings")
	}
	if v.LengthInt() > maxInstances {
		return fail(e, fmt.Sprintf("its for_each has more elements than beanlint expands (%d)", maxInstances))
	}
	for it := v.ElementIterator(); it.Next(); {
		k, el := it.Element()
		if ty.IsSetType() {
			k = el
		}
		k, km := k.Unmark()
		if from, ok := byRegion(km); ok {
			return fail(e, "a key of its for_each %expr is not known (it "+x.b.regionDecides(from)+")")
		}
		if !k.IsKnown() || k.IsNull() || k.Type() != cty.String || strings.Contains(k.AsString(), phOpen) {
			return fail(e, "a key of its for_each %expr is known only after apply")
		}
		keys = append(keys, k.AsString())
	}
	return keys, "", true
}

// repeatArg names the argument that repeats a block.
func repeatArg(blk *hclsyntax.Block) string {
	if _, ok := attr(blk, "count"); ok {
		return "the count"
	}
	return "the for_each"
}

// relevant reports whether a resource or module block may hold what the
// rules read: a module call (anything), a resource that is a graph node or
// that completes one.
func relevant(blk *hclsyntax.Block) bool {
	switch {
	case blk.Type == "module":
		return true
	case len(blk.Labels) != 2:
		return false
	}
	_, node := makers[kindOf(blk)]
	_, folds := folders[kindOf(blk)]
	return node || folds
}

// kindOf is the kind of a resource or data block, as builder.kind names
// an instance's ("aws_subnet", "data.aws_subnet").
func kindOf(blk *hclsyntax.Block) string {
	if len(blk.Labels) != 2 {
		return ""
	}
	if blk.Type == "data" {
		return "data." + blk.Labels[0]
	}
	return blk.Labels[0]
}

// configAttrs are the attributes an instance object of a configuration
// resource has: the arguments its block sets, its nested block types, its
// ID and ARN, the objects a VPC designates, and every attribute the module
// refers to.
func configAttrs(m *tfsource.Module, blk *hclsyntax.Block, cfgAddr, typ string) map[string]bool {
	names := map[string]bool{"id": true, "arn": true}
	if typ == "aws_vpc" {
		for a := range nodeAttrs {
			names[a] = true
		}
	}
	for n := range blk.Body.Attributes {
		names[n] = true
	}
	for _, sb := range blk.Body.Blocks {
		switch {
		case sb.Type == "dynamic" && len(sb.Labels) == 1:
			names[sb.Labels[0]] = true
		case sb.Type != "lifecycle" && sb.Type != "provisioner" && sb.Type != "connection":
			names[sb.Type] = true
		}
	}
	for _, n := range []string{"count", "for_each", "provider", "depends_on"} {
		delete(names, n)
	}
	want := strings.Split(cfgAddr, ".")
	visit := func(e hcl.Expression) {
		for _, tr := range e.Variables() {
			var steps []string
			for _, s := range tr {
				switch s := s.(type) {
				case hcl.TraverseRoot:
					steps = append(steps, s.Name)
				case hcl.TraverseAttr:
					steps = append(steps, s.Name)
				}
			}
			if len(steps) > len(want) && strings.Join(steps[:len(want)], ".") == cfgAddr {
				names[steps[len(want)]] = true
			}
		}
	}
	var body func(b *hclsyntax.Body, depth int)
	body = func(b *hclsyntax.Body, depth int) {
		if depth > maxDepth {
			return
		}
		for _, a := range b.Attributes {
			visit(a.Expr)
		}
		for _, sb := range b.Blocks {
			body(sb.Body, depth+1)
		}
	}
	for _, e := range m.Locals {
		visit(e)
	}
	for _, e := range m.Outputs {
		visit(e)
	}
	for _, c := range m.Calls {
		body(c.Body, 0)
	}
	for _, r := range m.Resources {
		body(r.Body, 0)
	}
	return names
}

// rootVariables reads the root module's variable values, later sources
// overriding earlier ones: TF_VAR_ environment variables, terraform.tfvars,
// terraform.tfvars.json, *.auto.tfvars(.json) in name order, vars.Files,
// vars.Values. Defaults are applied by the evaluator.
func rootVariables(dir string, m *tfsource.Module, vars Vars) (map[string]cty.Value, []*parsers.ParseError, []parsers.Notice) {
	values := map[string]cty.Value{}
	var errs []*parsers.ParseError
	var notices []parsers.Notice
	for _, kv := range vars.Env {
		key, text, _ := strings.Cut(kv, "=")
		name, ok := strings.CutPrefix(key, envPrefix)
		decl := m.Variables[name]
		if !ok || decl == nil {
			continue // Terraform ignores TF_VAR_ variables the root does not declare
		}
		v, err := varValue(decl, text)
		if err != nil {
			errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: key}, Msg: fmt.Sprintf("environment variable %s: %v", key, err)})
			continue
		}
		values[name] = v
	}
	var files []string
	for _, name := range []string{"terraform.tfvars", "terraform.tfvars.json"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().IsRegular() {
			files = append(files, filepath.Join(dir, name))
		}
	}
	auto, _ := filepath.Glob(filepath.Join(dir, "*.auto.tfvars"))
	autoJSON, _ := filepath.Glob(filepath.Join(dir, "*.auto.tfvars.json"))
	auto = append(auto, autoJSON...)
	sort.Strings(auto)
	files = append(files, auto...)
	files = append(files, vars.Files...)
	for _, f := range files {
		vals, ferrs := readTFVars(f)
		errs = append(errs, ferrs...)
		for _, name := range sortedKeys(vals) {
			values[name] = vals[name]
		}
	}
	for _, kv := range vars.Values {
		name, text, ok := strings.Cut(kv, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: "--var"}, Msg: fmt.Sprintf("--var %q: expected NAME=VALUE", kv)})
			continue
		}
		decl := m.Variables[name]
		if decl == nil {
			notices = append(notices, parsers.Notice{Msg: fmt.Sprintf("--var %s: the root module in %s declares no variable %s, so the value is not used (is the name misspelt?)", name, dir, name)})
			continue
		}
		v, err := varValue(decl, text)
		if err != nil {
			errs = append(errs, &parsers.ParseError{Loc: parsers.Location{File: "--var"}, Msg: fmt.Sprintf("--var %s: %v", name, err)})
			continue
		}
		values[name] = v
	}
	return values, errs, notices
}

// varValue is the value of --var NAME=text: the text itself for a variable
// of a primitive type (or none), else an HCL expression (a list, a map).
func varValue(decl *hclsyntax.Block, text string) (cty.Value, error) {
	if a, ok := decl.Body.Attributes["type"]; ok {
		if ty, diags := typeexpr.TypeConstraint(a.Expr); !diags.HasErrors() && !ty.IsPrimitiveType() && ty != cty.DynamicPseudoType {
			e, diags := hclsyntax.ParseExpression([]byte(text), "--var", hcl.InitialPos)
			if diags.HasErrors() {
				return cty.NilVal, fmt.Errorf("not a value of the variable's type: %s", diags.Error())
			}
			v, diags := e.Value(nil)
			if diags.HasErrors() {
				return cty.NilVal, fmt.Errorf("not a constant value: %s", diags.Error())
			}
			return v, nil
		}
	}
	return cty.StringVal(text), nil
}

// readTFVars reads a .tfvars (HCL) or .tfvars.json file's assignments.
func readTFVars(path string) (map[string]cty.Value, []*parsers.ParseError) {
	data, err := textfile.Read(path, tfsource.MaxFileSize, "variable values file")
	if err != nil {
		return nil, []*parsers.ParseError{{Loc: parsers.Location{File: path}, Msg: "cannot read variable values: " + parsers.PathErrorText(err), Err: err}}
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	if strings.HasSuffix(path, ".json") {
		f, diags = hcljson.Parse(data, path)
		diags = tfsource.JSONSyntaxError(diags)
	} else {
		f, diags = hclsyntax.ParseConfig(data, path, hcl.InitialPos)
	}
	var errs []*parsers.ParseError
	fail := func(ds hcl.Diagnostics) {
		for _, d := range ds {
			if d.Severity != hcl.DiagError {
				continue
			}
			loc := parsers.Location{File: path}
			if d.Subject != nil {
				loc.SetStart(d.Subject.Start.Line, d.Subject.Start.Column)
			}
			msg := d.Summary
			if d.Detail != "" {
				msg += ": " + d.Detail
			}
			errs = append(errs, &parsers.ParseError{Loc: loc, Msg: "invalid variable values: " + msg})
		}
	}
	if diags.HasErrors() || f == nil {
		fail(diags)
		return nil, errs
	}
	attrs, diags := f.Body.JustAttributes()
	fail(diags)
	out := map[string]cty.Value{}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			fail(diags)
			continue
		}
		out[name] = v
	}
	return out, errs
}

// ctyToJSON converts a known value to the form plan variables have
// (decoded JSON with json.Number numbers).
func ctyToJSON(v cty.Value) any {
	v, _ = v.UnmarkDeep()
	if !v.IsWhollyKnown() {
		return nil
	}
	data, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return nil
	}
	return out
}
