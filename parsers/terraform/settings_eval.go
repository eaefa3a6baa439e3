package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// maxDynamicSettings bounds the settings one dynamic block generates.
const maxDynamicSettings = 4096

// srcSetting is one `setting` block of a resource evaluated from the .tf
// source: a static block, or one that a `dynamic "setting"` block
// generates (the plan's configuration leaves out the expressions of
// dynamic blocks, so the source is the only way to them).
type srcSetting struct {
	ns, name string
	value    cty.Value
	// expr is a static block's value expression; nil for a generated one.
	expr hcl.Expression
}

// srcSettings evaluates the static and dynamic `setting` blocks of an
// instance's resource block, in source order. why is non-empty when
// a block cannot be enumerated (a dynamic block's collection or a
// setting's namespace or name is known only after apply): the settings
// found are then incomplete. ok is false without .tf source for the block.
func (b *builder) srcSettings(in *instance) (out []srcSetting, why string, ok bool) {
	if b.ev == nil {
		return nil, "", false
	}
	blk := b.ev.block(in)
	if blk == nil {
		return nil, "", false
	}
	ev := b.ev
	sc := ev.instanceScope(in, blk, 0)
	add := func(sc escope, body *hclsyntax.Body, static bool) {
		ns, okNS := ev.constString(sc, body, "namespace")
		name, okName := ev.constString(sc, body, "name")
		if !okNS || !okName {
			why = fmt.Sprintf("a setting block of %s is named by a value known only after apply", in.addr)
			return
		}
		s := srcSetting{ns: ns, name: name, value: cty.NullVal(cty.String)}
		if a, has := body.Attributes["value"]; has {
			s.value = ev.eval(sc, a.Expr, 0)
			if static {
				s.expr = a.Expr
			}
		}
		out = append(out, s)
	}
	for _, sb := range blk.Body.Blocks {
		switch {
		case sb.Type == "setting":
			add(sc, sb.Body, true)
		case sb.Type == "dynamic" && len(sb.Labels) == 1 && sb.Labels[0] == "setting":
			if w := b.dynamicBlocks(in, sc, sb, add); w != "" {
				why = w
			}
		}
	}
	return out, why, true
}

// dynamicBlocks enumerates the blocks a `dynamic "setting"` (or other
// label) block generates, calling add for each; it returns why they cannot
// be enumerated, or "".
func (b *builder) dynamicBlocks(in *instance, sc escope, dyn *hclsyntax.Block, add func(escope, *hclsyntax.Body, bool)) string {
	ev := b.ev
	label := dyn.Labels[0]
	fe, ok := dyn.Body.Attributes["for_each"]
	var content *hclsyntax.Block
	for _, c := range dyn.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	if !ok || content == nil {
		return fmt.Sprintf("the dynamic %q block of %s has no for_each or content", label, in.addr)
	}
	iter := label
	if a, has := dyn.Body.Attributes["iterator"]; has {
		if tr, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(tr) == 1 {
			iter = tr.RootName()
		}
	}
	coll, marks := ev.eval(sc, fe.Expr, 0).Unmark()
	switch {
	case !coll.IsKnown():
		return fmt.Sprintf("the for_each of the dynamic %q block of %s is not known (%s)", label, in.addr, ev.reasonOf(coll, marks, "its collection"))
	case regional(marks):
		from, _ := byRegion(marks)
		return fmt.Sprintf("the for_each of the dynamic %q block of %s is not known (its collection %s)", label, in.addr, ev.b.regionDecides(from))
	case coll.IsNull():
		return ""
	}
	ty := coll.Type()
	if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() && !ty.IsMapType() && !ty.IsObjectType() {
		return fmt.Sprintf("the for_each of the dynamic %q block of %s is not a collection", label, in.addr)
	}
	if coll.LengthInt() > maxDynamicSettings {
		return fmt.Sprintf("the dynamic %q block of %s generates more blocks than beanlint follows", label, in.addr)
	}
	for it := coll.ElementIterator(); it.Next(); {
		k, v := it.Element()
		if ty.IsSetType() {
			k = v
		}
		inner := sc
		inner.extra = map[string]cty.Value{}
		for name, val := range sc.extra {
			inner.extra[name] = val
		}
		inner.extra[iter] = cty.ObjectVal(map[string]cty.Value{"key": k.WithMarks(marks), "value": v.WithMarks(marks)})
		add(inner, content.Body, false)
	}
	return ""
}

// matching returns the settings of ss with namespace ns and name name.
func matching(ss []srcSetting, ns, name string) []srcSetting {
	k := parsers.SettingKey(ns, name)
	var out []srcSetting
	for _, s := range ss {
		if parsers.SettingKey(s.ns, s.name) == k {
			out = append(out, s)
		}
	}
	return out
}

// constString evaluates a body's attribute to a known string.
func (ev *evaluator) constString(sc escope, body *hclsyntax.Body, name string) (string, bool) {
	a, ok := body.Attributes[name]
	if !ok {
		return "", false
	}
	v, marks := ev.eval(sc, a.Expr, 0).Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String || regional(marks) {
		return "", false
	}
	return v.AsString(), true
}

// inputLoc locates the module input that sets an instance's attribute
// (see moduleInput). ok is false for a root resource or an attribute that
// does not come from one variable.
func (b *builder) inputLoc(in *instance, name string) (parsers.Location, bool) {
	if b.ev == nil || len(in.modPath) == 0 {
		return parsers.Location{}, false
	}
	blk := b.ev.block(in)
	e, ok := attr(blk, name)
	if !ok {
		return parsers.Location{}, false
	}
	return b.moduleInput(in, blk, e)
}

// fetchedInputs locates, for each argument of a resource inside a module
// installed by terraform init, the argument of a module call in that
// installed code that sets it through a variable (private-network's
// enable_dns_hostnames = var.enable_dns_hostnames, set false by the
// wrapper module calling it): the outermost such call argument that is
// itself in installed code, the line to change in the module's source. An
// argument that no installed call sets (a literal, or an input of the
// repository's own call) has no entry. nil outside installed modules.
func (b *builder) fetchedInputs(in *instance, attrs map[string]parsers.Location) map[string]parsers.Location {
	if b.ev == nil || len(attrs) == 0 {
		return nil
	}
	blk := b.ev.block(in)
	var out map[string]parsers.Location
	for name := range attrs {
		e, ok := attr(blk, name)
		if !ok {
			continue
		}
		v, ok := selectedVar(b.ev.source(in.modPath), e, 0)
		for path := in.modPath; ok && len(path) > 0 && b.src.Fetched(path[:len(path)-1]); path = path[:len(path)-1] {
			at, has := b.src.CallArgument(path, v)
			if !has {
				break
			}
			if out == nil {
				out = map[string]parsers.Location{}
			}
			out[name] = at
			parent, a, has := b.passedFor(path, v)
			if !has {
				break
			}
			v, ok = selectedVar(parent, a.Expr, 0)
		}
	}
	return out
}

// settingInput locates the module input that sets a static setting block
// of a module instance (see moduleInput).
func (b *builder) settingInput(in *instance, ns, name string) (parsers.Location, bool) {
	if b.ev == nil || len(in.modPath) == 0 {
		return parsers.Location{}, false
	}
	blk := b.ev.block(in)
	if blk == nil {
		return parsers.Location{}, false
	}
	sc := b.ev.instanceScope(in, blk, 0)
	for _, sb := range blk.Body.Blocks {
		if sb.Type != "setting" {
			continue
		}
		n, ok1 := b.ev.constString(sc, sb.Body, "namespace")
		k, ok2 := b.ev.constString(sc, sb.Body, "name")
		a, ok3 := sb.Body.Attributes["value"]
		if ok1 && ok2 && ok3 && parsers.SettingKey(n, k) == parsers.SettingKey(ns, name) {
			return b.moduleInput(in, blk, a.Expr)
		}
	}
	return parsers.Location{}, false
}

// moduleInput locates the module input an expression of a block of
// instance in selects its value from, in the calling configuration: the
// part of the call's argument the value comes from (see tracer and
// locateInput: endpoints → "sqs" → private_dns_enabled), else, for an
// expression whose only references are one variable (var.x, locals
// computed from it alone, each.* of a for_each over such a value), the
// calling module block's argument for the variable, followed up through
// modules that pass it on. That argument, in the calling configuration, is
// what a user changes: an argument of a call inside a module installed by
// terraform init is not the repository's own, so it is passed over.
func (b *builder) moduleInput(in *instance, blk *hclsyntax.Block, e hcl.Expression) (parsers.Location, bool) {
	path := in.modPath
	m := b.ev.source(path)
	sc := b.ev.instanceScope(in, blk, 0)
	decide := func(c hcl.Expression) (bool, bool) {
		v, marks := b.ev.eval(sc, c, 0).Unmark()
		if !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.Bool) || regional(marks) {
			return false, false
		}
		return v.True(), true
	}
	if p, ok := (tracer{m: m, blk: blk, key: in.index, src: b.src, decide: decide}).source(e, 0); ok {
		if loc, found := b.locateInput(path, p); found {
			return loc, true
		}
	}
	mi, _, ok := b.callInput(path, blk, e)
	return mi.Loc, ok
}

// callInput is the calling module block's argument for the variable e
// selects (the second way of moduleInput), with the call; direct is true
// when the argument's value reaches e unchanged (every step on the way is
// var.NAME, or a local that is).
func (b *builder) callInput(path []string, blk *hclsyntax.Block, e hcl.Expression) (in parsers.ModuleInput, direct, found bool) {
	m := b.ev.source(path)
	v, ok := selectedVar(m, e, 0)
	through := passThrough(m, e, 0)
	if !ok && onlyEach(e) {
		if fe, has := attr(blk, "for_each"); has {
			v, ok = selectedVar(m, fe, 0)
		}
	}
	for ; ok && len(path) > 0; path = path[:len(path)-1] {
		at, has := b.src.CallArgument(path, v)
		if !has {
			break
		}
		if !b.src.Fetched(path[:len(path)-1]) {
			in, direct, found = parsers.ModuleInput{Call: callAddress(path), Argument: v, Loc: at}, through, true
		}
		parent, a, has := b.passedFor(path, v)
		if !has {
			break
		}
		v, ok = selectedVar(parent, a.Expr, 0)
		through = through && passThrough(parent, a.Expr, 0)
	}
	return in, direct, found
}

// passThrough reports whether e is a variable of module m as is: var.NAME,
// or a local that is.
func passThrough(m *tfsource.Module, e hcl.Expression, depth int) bool {
	_, ok := passedVar(m, e, depth)
	return ok
}

// passedVar is the variable of module m that e is as is (see passThrough).
func passedVar(m *tfsource.Module, e hcl.Expression, depth int) (string, bool) {
	x, ok := e.(*hclsyntax.ScopeTraversalExpr)
	if !ok || len(x.Traversal) != 2 || depth > 8 {
		return "", false
	}
	switch x.Traversal.RootName() {
	case "var":
		return attrName(x.Traversal, 1), true
	case "local":
		if m != nil {
			return passedVar(m, m.Locals[attrName(x.Traversal, 1)], depth+1)
		}
	}
	return "", false
}

// unsetInput is, for an expression of the module at path that is one of
// its variables as is, the argument of the repository's own call of the
// module that would set it, when the call leaves it to its default: the
// input a fix adds to the call rather than change the module's code.
func (b *builder) unsetInput(path []string, e hcl.Expression) (parsers.ModuleInput, bool, bool) {
	if len(path) == 0 || b.src.Fetched(path[:len(path)-1]) {
		return parsers.ModuleInput{}, false, false
	}
	v, ok := passedVar(b.ev.source(path), e, 0)
	if !ok {
		return parsers.ModuleInput{}, false, false
	}
	if _, set := b.src.CallArgument(path, v); set {
		return parsers.ModuleInput{}, false, false
	}
	loc, ok := b.src.ModuleCall(path)
	if !ok {
		return parsers.ModuleInput{}, false, false
	}
	return parsers.ModuleInput{Call: callAddress(path), Argument: v, Loc: loc}, true, true
}

// callAddress is the address of the module call at path: "module.a.module.b".
func callAddress(path []string) string {
	return "module." + strings.Join(path, ".module.")
}

// moduleInputs locates, for a resource inside a module, each argument of
// its block whose value an argument of a call in the repository's own
// configuration passes in unchanged through module variables (see
// callInput). nil at the root, without the source, or when no argument is
// set so.
func (b *builder) moduleInputs(in *instance) map[string]parsers.ModuleInput {
	if b.ev == nil || len(in.modPath) == 0 {
		return nil
	}
	blk := b.ev.block(in)
	if blk == nil {
		return nil
	}
	var out map[string]parsers.ModuleInput
	for name, a := range blk.Body.Attributes {
		if name == "for_each" || name == "count" {
			continue
		}
		mi, direct, ok := b.callInput(in.modPath, blk, a.Expr)
		if !ok {
			mi, direct, ok = b.unsetInput(in.modPath, a.Expr)
		}
		if ok && direct {
			if out == nil {
				out = map[string]parsers.ModuleInput{}
			}
			out[name] = mi
		}
	}
	return out
}

// forEachInput finds, for an instance of a for_each resource inside a
// module, the map written out in a call of the repository's own
// configuration that the for_each iterates over, through the module
// variables and locals that pass it on, and the instance's entry there.
func (b *builder) forEachInput(in *instance) *parsers.ModuleInput {
	key, ok := in.index.(string)
	if !ok || b.ev == nil || len(in.modPath) == 0 {
		return nil
	}
	blk := b.ev.block(in)
	fe, ok := attr(blk, "for_each")
	if !ok {
		return nil
	}
	for _, v := range referencedVars(b.ev.source(in.modPath), fe, 0) {
		if mi, ok := b.mapEntry(in.modPath, v, key); ok {
			return &mi
		}
	}
	return nil
}

// passedFor returns the module that calls the module at path and the
// argument its call passes for the called module's variable v; has is
// false when the call is not read as a configuration or leaves v out.
func (b *builder) passedFor(path []string, v string) (parent *tfsource.Module, a *hclsyntax.Attribute, has bool) {
	parent = b.ev.source(path[:len(path)-1])
	if parent == nil || parent.Calls[path[len(path)-1]] == nil {
		return nil, nil, false
	}
	a, has = parent.Calls[path[len(path)-1]].Body.Attributes[v]
	return parent, a, has
}

// mapEntry follows variable v of the module at path up the calls that
// pass it on to a call of the repository's own configuration that sets it
// to a map written out, and returns that argument with the entry of key.
func (b *builder) mapEntry(path []string, v, key string) (parsers.ModuleInput, bool) {
	for len(path) > 0 {
		parent, a, has := b.passedFor(path, v)
		if !has {
			break
		}
		if obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok {
			if b.src.Fetched(path[:len(path)-1]) {
				break // a map written in installed code, not the repository's
			}
			for _, it := range obj.Items {
				if k, ok := objectKey(it.KeyExpr); ok && k == key {
					text, ok1 := b.src.Text(it.ValueExpr.Range())
					loc, ok2 := b.src.Loc(it.ValueExpr.Range())
					if !ok1 || !ok2 {
						break
					}
					return parsers.ModuleInput{Call: callAddress(path), Argument: v, Key: key, Entry: text, Loc: loc}, true
				}
			}
			break
		}
		next, ok := selectedVar(parent, a.Expr, 0)
		if !ok {
			break
		}
		v, path = next, path[:len(path)-1]
	}
	return parsers.ModuleInput{}, false
}

// referencedVars lists the variables of module m an expression refers
// to, directly or through locals, in order of first reference.
func referencedVars(m *tfsource.Module, e hcl.Expression, depth int) []string {
	if depth > 8 || e == nil {
		return nil
	}
	var out []string
	for _, tr := range e.Variables() {
		var names []string
		switch tr.RootName() {
		case "var":
			names = []string{attrName(tr, 1)}
		case "local":
			if m != nil {
				names = referencedVars(m, m.Locals[attrName(tr, 1)], depth+1)
			}
		}
		for _, n := range names {
			if n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// objectKey is the name an object constructor's key gives.
func objectKey(k hclsyntax.Expression) (string, bool) {
	if w, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		if name := hcl.ExprAsKeyword(w.Wrapped); name != "" {
			return name, true
		}
		k = w.Wrapped
	}
	v, diags := k.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return "", false
	}
	return v.AsString(), true
}

// selectedVar is the one variable of module m an expression selects from:
// its references are var.NAME, locals computed from that variable alone,
// count and each. false for anything else.
func selectedVar(m *tfsource.Module, e hcl.Expression, depth int) (string, bool) {
	if depth > 8 || e == nil {
		return "", false
	}
	name := ""
	for _, tr := range e.Variables() {
		n := ""
		switch tr.RootName() {
		case "count", "each":
			continue
		case "var":
			n = attrName(tr, 1)
		case "local":
			if m == nil {
				return "", false
			}
			var ok bool
			if n, ok = selectedVar(m, m.Locals[attrName(tr, 1)], depth+1); !ok {
				return "", false
			}
		default:
			return "", false
		}
		if n == "" || name != "" && n != name {
			return "", false
		}
		name = n
	}
	return name, name != ""
}

// onlyEach reports whether an expression refers to each.* only.
func onlyEach(e hcl.Expression) bool {
	travs := e.Variables()
	for _, tr := range travs {
		if tr.RootName() != "each" {
			return false
		}
	}
	return len(travs) > 0
}
