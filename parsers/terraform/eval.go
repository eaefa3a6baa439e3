package terraform

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
	ctyconvert "github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// evaluator computes what the plan JSON leaves out (locals, dynamic blocks,
// for_each elements, function calls) from the .tf source, with HCL's
// evaluation context and cty's function library. Values the plan knows are
// taken from it; a graph node whose ID is known only after apply stands in
// the evaluation as a placeholder string (a new resource's ID is a
// non-empty string that no other resource has, which is all the
// expressions that pick IDs compare), so that element(), concat(), join()
// and the like carry it through to the argument, where it becomes a
// reference again. Anything else the plan does not know is a cty unknown
// marked with its reason.
type evaluator struct {
	b *builder
	// refs are the values placeholders stand for, by placeholder number.
	refs   []parsers.Value
	refIdx map[string]int
	// reasons are the reasons of unknown values, by mark number;
	// planTime marks those terraform plan would know (a variable's value,
	// what a data source reads): not values known only after apply.
	reasons  []string
	planTime map[int]bool
	memo     map[string]*memoValue
	funcs    map[string]function.Function
	steps    int
	// regionUsed: deploymentRegion gave the region's symbol, so values
	// may be computed from it (regionChosen).
	regionUsed bool
	// onResource and onCall, when set, are called before the instances of
	// a resource or module call are looked up: linting a configuration
	// without a plan, they expand count and for_each on first need.
	onResource func(modInst, cfgAddr string)
	onCall     func(modInst, name string)
}

// memoValue is a value computed once (a local, a variable, an output, an
// instance object); busy guards against reference cycles.
type memoValue struct {
	v    cty.Value
	busy bool
	done bool
}

// unknownMark marks an unknown cty value with the number of its reason.
type unknownMark int

// sensitiveMark marks values that come from sensitive values.
type sensitiveMark struct{}

// maxSteps bounds the expressions one plan's evaluation computes.
const maxSteps = 200000

// placeholder delimiters: a NUL cannot appear in a Terraform identifier.
// A placeholder is phOpen, the reference's identity in hex (so that sort() and
// comparisons order placeholders by what they stand for, not by the order
// the evaluation met them in, which is not deterministic), phNumber, its
// number in refs, and phClose.
const (
	phOpen   = "\x00beanlint-ref:"
	phNumber = "\x01"
	phClose  = "\x00"
)

func newEvaluator(b *builder) *evaluator {
	ev := &evaluator{b: b, refIdx: map[string]int{}, memo: map[string]*memoValue{}}
	ev.funcs = ev.withShapeFuncs(withRegionTransformed(functions()))
	return ev
}

// escope is where an expression is evaluated: a module instance and, for a
// repeated object, count.index or each.key / each.value; extra holds the
// iterator of a dynamic block.
type escope struct {
	modInst string
	path    []string
	count   cty.Value
	eachKey cty.Value
	eachVal cty.Value
	extra   map[string]cty.Value
}

func (ev *evaluator) source(path []string) *tfsource.Module { return ev.b.src.Module(path) }

// unknown returns an unknown value that carries reason.
func (ev *evaluator) unknown(reason string) cty.Value {
	ev.reasons = append(ev.reasons, reason)
	return cty.DynamicVal.Mark(unknownMark(len(ev.reasons) - 1))
}

// planTimeUnknown returns an unknown value that carries reason, something
// terraform plan would know but the configuration alone does not (a
// variable without a value, a data source's read).
func (ev *evaluator) planTimeUnknown(reason string) cty.Value {
	v := ev.unknown(reason)
	if ev.planTime == nil {
		ev.planTime = map[int]bool{}
	}
	ev.planTime[len(ev.reasons)-1] = true
	return v
}

// placeholder returns the string standing for a resolved reference.
func (ev *evaluator) placeholder(v parsers.Value) cty.Value {
	return ev.placeholderFor(identity(v), v)
}

// placeholderFor returns the string standing for v, a value identified by
// k (identity(v) for a reference).
func (ev *evaluator) placeholderFor(k string, v parsers.Value) cty.Value {
	i, ok := ev.refIdx[k]
	if !ok {
		i = len(ev.refs)
		ev.refs = append(ev.refs, v)
		ev.refIdx[k] = i
	}
	// Hex keeps the identity's byte order and holds no separator that
	// join/split or a list setting's commas could cut.
	return cty.StringVal(phOpen + hex.EncodeToString([]byte(k)) + phNumber + strconv.Itoa(i) + phClose)
}

// eval evaluates e in sc. Errors give an unknown value saying why.
func (ev *evaluator) eval(sc escope, e hcl.Expression, depth int) cty.Value {
	if e == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	ev.steps++
	if depth > maxDepth || ev.steps > maxSteps {
		return ev.unknown("the expression at " + rangeText(e.Range()) + " is nested or repeated beyond what beanlint follows")
	}
	ctx := ev.context(sc, e.Variables(), depth)
	v, diags := e.Value(ctx)
	if diags.HasErrors() {
		for _, d := range diags {
			if d.Severity == hcl.DiagError {
				msg := strings.TrimSuffix(d.Summary, ".")
				if d.Detail != "" {
					msg += " (" + strings.TrimSuffix(d.Detail, ".") + ")"
				}
				at := e.Range()
				if d.Subject != nil {
					at = *d.Subject
				}
				why := fmt.Sprintf("the expression at %s cannot be evaluated from the configuration: %s", rangeText(at), msg)
				if ev.b.p.fromConfig() {
					// Not after apply: terraform plan evaluates it.
					return ev.planTimeUnknown(why)
				}
				return ev.unknown(why)
			}
		}
	}
	if ev.regionUsed {
		v = regionChosen(ctx, e, v)
	}
	if !v.IsKnown() && !hasUnknownMark(v) {
		// Some functions and operators (try, a conditional whose
		// condition is unknown, an index by an unknown key) return an
		// unknown without the marks of the unknowns it came from: it
		// takes those of the unknowns the expression refers to, so its
		// reason names them (var.azs has no value).
		if marks := unknownInputMarks(ctx, e.Variables()); len(marks) > 0 {
			v = v.WithMarks(marks)
		}
	}
	return v
}

// hasUnknownMark reports whether v carries the reason of an unknown.
func hasUnknownMark(v cty.Value) bool {
	_, marks := v.Unmark()
	for m := range marks {
		if _, ok := m.(unknownMark); ok {
			return true
		}
	}
	return false
}

// unknownInputMarks returns the reasons (unknownMarks) of the values that
// the traversals travs name in ctx and that are not wholly known.
func unknownInputMarks(ctx *hcl.EvalContext, travs []hcl.Traversal) cty.ValueMarks {
	out := cty.ValueMarks{}
	for _, t := range travs {
		v, diags := t.TraverseAbs(ctx)
		if diags.HasErrors() || v.IsWhollyKnown() {
			continue
		}
		_, marks := v.UnmarkDeep()
		for m := range marks {
			if _, ok := m.(unknownMark); ok {
				out[m] = struct{}{}
			}
		}
	}
	return out
}

// rangeText renders an HCL range as file:line.
func rangeText(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

// context builds the variables that the traversals refer to.
func (ev *evaluator) context(sc escope, travs []hcl.Traversal, depth int) *hcl.EvalContext {
	vars := map[string]cty.Value{}
	objs := map[string]map[string]cty.Value{}
	set := func(root, name string, v cty.Value) {
		if objs[root] == nil {
			objs[root] = map[string]cty.Value{}
		}
		objs[root][name] = v
	}
	for _, tr := range travs {
		root := tr.RootName()
		if v, ok := sc.extra[root]; ok {
			vars[root] = v
			continue
		}
		name := attrName(tr, 1)
		switch root {
		case "var":
			if name != "" {
				set(root, name, ev.variable(sc.modInst, name, depth+1))
			}
		case "local":
			if name != "" {
				set(root, name, ev.local(sc.modInst, name, depth+1))
			}
		case "count":
			if sc.count != cty.NilVal {
				vars["count"] = cty.ObjectVal(map[string]cty.Value{"index": sc.count})
			}
		case "each":
			if sc.eachKey != cty.NilVal {
				vars["each"] = cty.ObjectVal(map[string]cty.Value{"key": sc.eachKey, "value": sc.eachVal})
			}
		case "module":
			if name != "" {
				set(root, name, ev.moduleCall(sc, name, depth+1))
			}
		case "data":
			if typ, n := name, attrName(tr, 2); typ != "" && n != "" {
				if objs["data"] == nil {
					objs["data"] = map[string]cty.Value{}
				}
				inner := map[string]cty.Value{}
				if prev, ok := objs["data"][typ]; ok {
					inner = prev.AsValueMap()
				}
				inner[n] = ev.resource(sc, "data."+typ+"."+n, depth+1)
				objs["data"][typ] = cty.ObjectVal(inner)
			}
		case "path":
			dir := "."
			if m, root := ev.source(sc.path), ev.source(nil); m != nil && root != nil {
				if rel, err := filepath.Rel(root.Dir, m.Dir); err == nil {
					dir = filepath.ToSlash(rel)
				}
			}
			vars["path"] = cty.ObjectVal(map[string]cty.Value{"module": cty.StringVal(dir), "root": cty.StringVal("."), "cwd": cty.StringVal(".")})
		case "terraform":
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal("default")})
		case "self", "":
		default:
			if name != "" {
				set(root, name, ev.resource(sc, root+"."+name, depth+1))
			}
		}
	}
	for root, m := range objs {
		if root == "data" {
			vars[root] = cty.ObjectVal(m)
			continue
		}
		vars[root] = cty.ObjectVal(m)
	}
	return &hcl.EvalContext{Variables: vars, Functions: ev.funcs}
}

// attrName is the name of the i-th step of a traversal when it is an
// attribute, else "".
func attrName(tr hcl.Traversal, i int) string {
	if i >= len(tr) {
		return ""
	}
	switch s := tr[i].(type) {
	case hcl.TraverseAttr:
		return s.Name
	case hcl.TraverseRoot:
		return s.Name
	}
	return ""
}

// once computes a value once per key.
func (ev *evaluator) once(key string, compute func() cty.Value) cty.Value {
	m := ev.memo[key]
	switch {
	case m == nil:
		m = &memoValue{}
		ev.memo[key] = m
	case m.done:
		return m.v
	case m.busy:
		return ev.unknown("a reference cycle through " + strings.ReplaceAll(key, "\x00", " "))
	}
	m.busy = true
	m.v = compute()
	m.busy, m.done = false, true
	return m.v
}

// moduleScope is the scope of a module instance's own expressions.
func moduleScope(modInst string) escope {
	return escope{modInst: modInst, path: modulePath(modInst)}
}

// local evaluates local.name in a module instance.
func (ev *evaluator) local(modInst, name string, depth int) cty.Value {
	return ev.moduleValue(modInst, "local."+name, depth, func(m *tfsource.Module) hcl.Expression { return m.Locals[name] })
}

// moduleValue evaluates, once, the expression of a module instance's
// local or output that what names.
func (ev *evaluator) moduleValue(modInst, what string, depth int, pick func(*tfsource.Module) hcl.Expression) cty.Value {
	return ev.once(modInst+"\x00"+what, func() cty.Value {
		sc := moduleScope(modInst)
		var e hcl.Expression
		if m := ev.source(sc.path); m != nil {
			e = pick(m)
		}
		if e == nil {
			return ev.unknown(qualified(modInst, what) + " is not in the configuration beanlint read")
		}
		return ev.eval(sc, e, depth)
	})
}

// variable evaluates var.name in a module instance: the root module's from
// the plan's variable values, a child module's from the calling module
// block's argument (or the variable's default), converted to the declared
// type.
func (ev *evaluator) variable(modInst, name string, depth int) cty.Value {
	return ev.once("var\x00"+modInst+"\x00"+name, func() cty.Value {
		path := modulePath(modInst)
		m := ev.source(path)
		var decl *hclsyntax.Block
		if m != nil {
			decl = m.Variables[name]
		}
		var v cty.Value
		switch {
		case len(path) == 0 && ev.b.p.fromConfig():
			v = cty.NullVal(cty.DynamicPseudoType)
			if pv := ev.b.p.raw.Variables[name]; pv != nil {
				v = jsonToCty(pv.Value, 0)
			}
			if r, ok := ev.b.providerRegionVar(); ok && r == name && v.IsNull() {
				return ev.deploymentRegion("var." + name) // the region terraform runs in
			}
			if _, hasDefault := attr(decl, "default"); v.IsNull() && !hasDefault {
				return ev.planTimeUnknown(noValue(name))
			}
		case len(path) == 0:
			pv := ev.b.p.raw.Variables[name]
			if pv == nil {
				return ev.unknown("var." + name + " has no value in the plan")
			}
			v = jsonToCty(pv.Value, 0)
		default:
			parentInst, callName := splitModule(modInst)
			pm := ev.source(path[:len(path)-1])
			if pm == nil || pm.Calls[callName] == nil {
				return ev.unknown(qualified(modInst, "var."+name) + ": the module call is not in the configuration beanlint read")
			}
			call := pm.Calls[callName]
			if a, ok := call.Body.Attributes[name]; ok {
				sc := ev.callScope(parentInst, modInst, call, depth)
				v = ev.eval(sc, a.Expr, depth)
			} else {
				v = cty.NullVal(cty.DynamicPseudoType)
			}
		}
		if decl != nil {
			v = ev.declared(decl, v, depth)
		}
		return v
	})
}

// noValue says that root variable name has no value, and how to give it.
func noValue(name string) string {
	return "var." + name + " has no value (give it with --var " + name + "=..., --var-file, " + envPrefix + name + ", terraform.tfvars or a default)"
}

// declared applies a variable declaration to a value: its default when
// null, its type (with optional attributes' defaults), its sensitivity.
func (ev *evaluator) declared(decl *hclsyntax.Block, v cty.Value, depth int) cty.Value {
	if v.IsNull() {
		if a, ok := decl.Body.Attributes["default"]; ok {
			v = ev.eval(escope{}, a.Expr, depth)
		}
	}
	if a, ok := decl.Body.Attributes["type"]; ok && v.IsWhollyKnown() {
		if ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr); !diags.HasErrors() {
			if defaults != nil {
				v = defaults.Apply(v)
			}
			if c, err := ctyconvert.Convert(v, ty); err == nil {
				v = c
			}
		}
	}
	if a, ok := decl.Body.Attributes["sensitive"]; ok {
		if s, diags := a.Expr.Value(nil); !diags.HasErrors() && s.Type() == cty.Bool && s.IsKnown() && !s.IsNull() && s.True() {
			v = v.Mark(sensitiveMark{})
		}
	}
	return v
}

// callScope is the scope of the arguments of module call `call` for its
// instance modInst: count.index / each of that instance.
func (ev *evaluator) callScope(parentInst, modInst string, call *hclsyntax.Block, depth int) escope {
	sc := moduleScope(parentInst)
	key := lastKey(modInst)
	if key == nil {
		return sc
	}
	if _, ok := call.Body.Attributes["count"]; ok {
		if i, ok := intKey(key); ok {
			sc.count = cty.NumberIntVal(int64(i))
		}
		return sc
	}
	if a, ok := call.Body.Attributes["for_each"]; ok {
		k, _ := key.(string)
		sc.eachKey = cty.StringVal(k)
		sc.eachVal = ev.element(ev.once("foreach\x00"+modInst, func() cty.Value { return ev.eval(moduleScope(parentInst), a.Expr, depth) }), k)
	}
	return sc
}

// element is the for_each element at key k: a map's entry, a set's key.
func (ev *evaluator) element(coll cty.Value, k string) cty.Value {
	coll, marks := coll.Unmark()
	switch {
	case !coll.IsKnown() || coll.IsNull():
		return ev.unknown("the for_each collection is known only after apply")
	case coll.Type().IsObjectType():
		if coll.Type().HasAttribute(k) {
			return coll.GetAttr(k).WithMarks(marks)
		}
	case coll.Type().IsMapType():
		if v := coll.Index(cty.StringVal(k)); !v.IsNull() || coll.HasIndex(cty.StringVal(k)).True() {
			return v.WithMarks(marks)
		}
	case coll.Type().IsSetType():
		return cty.StringVal(k).WithMarks(marks)
	}
	return ev.unknown(fmt.Sprintf("the for_each collection has no element %q", k))
}

// instanceScope is the scope of a resource instance's own expressions.
func (ev *evaluator) instanceScope(in *instance, blk *hclsyntax.Block, depth int) escope {
	sc := moduleScope(in.module)
	if in.condition != "" {
		// The instance standing for those of an unknown count or for_each:
		// its index and key are not known (at plan time: see resource).
		u := ev.planTimeUnknown("the instances of " + in.addr + " are not known: " + in.condition)
		sc.count, sc.eachKey, sc.eachVal = u, u, u
		return sc
	}
	if in.index == nil || blk == nil {
		return sc
	}
	if _, ok := blk.Body.Attributes["count"]; ok {
		if i, ok := intKey(in.index); ok {
			sc.count = cty.NumberIntVal(int64(i))
		}
		return sc
	}
	if a, ok := blk.Body.Attributes["for_each"]; ok {
		k, _ := in.index.(string)
		sc.eachKey = cty.StringVal(k)
		coll := ev.once("foreach\x00"+in.module+"\x00"+in.cfgAddr, func() cty.Value { return ev.eval(moduleScope(in.module), a.Expr, depth) })
		sc.eachVal = ev.element(coll, k)
	}
	return sc
}

// block returns the HCL block of an instance's resource, or nil.
func (ev *evaluator) block(in *instance) *hclsyntax.Block {
	if m := ev.source(in.modPath); m != nil {
		return m.Resources[in.cfgAddr]
	}
	return nil
}

// resource is the value of a reference to a resource or data source of
// the scope's module: one object, or a tuple (count) or object (for_each)
// of instance objects.
func (ev *evaluator) resource(sc escope, cfgAddr string, depth int) cty.Value {
	return ev.once("res\x00"+sc.modInst+"\x00"+cfgAddr, func() cty.Value {
		if ev.onResource != nil {
			ev.onResource(sc.modInst, cfgAddr)
		}
		insts := ev.b.p.byResource[sc.modInst+"\x00"+cfgAddr]
		var blk *hclsyntax.Block
		if m := ev.source(sc.path); m != nil {
			blk = m.Resources[cfgAddr]
		}
		_, counted := attr(blk, "count")
		_, each := attr(blk, "for_each")
		if len(insts) == 0 {
			switch {
			case counted:
				return cty.EmptyTupleVal
			case each:
				return cty.EmptyObjectVal
			}
			return ev.unknown(qualified(sc.modInst, cfgAddr) + " is not in the plan")
		}
		if insts[0].condition != "" {
			// The one instance standing for those of an unknown count or
			// for_each: how many there are, and which, is not known. Not
			// after apply: a count or for_each terraform plan cannot tell
			// is an error of the configuration, so what it depends on (a
			// variable without a value) is known at plan time.
			return ev.planTimeUnknown("the instances of " + qualified(sc.modInst, cfgAddr) + " are not known: " + insts[0].condition)
		}
		if insts[0].index == nil {
			return ev.instanceObject(insts[0], depth)
		}
		if _, isStr := insts[0].index.(string); isStr {
			m := map[string]cty.Value{}
			for _, in := range insts {
				if k, ok := in.index.(string); ok {
					m[k] = ev.instanceObject(in, depth)
				}
			}
			return cty.ObjectVal(m)
		}
		var list []cty.Value
		for _, in := range insts {
			list = append(list, ev.instanceObject(in, depth))
		}
		return cty.TupleVal(list)
	})
}

// attr returns a block's attribute expression.
func attr(blk *hclsyntax.Block, name string) (hcl.Expression, bool) {
	if blk == nil {
		return nil, false
	}
	a, ok := blk.Body.Attributes[name]
	if !ok {
		return nil, false
	}
	return a.Expr, true
}

// instanceObject is one instance as an object: the plan's known values;
// the ID of a graph node as its placeholder; an attribute known only after
// apply that the configuration sets, evaluated from its expression.
func (ev *evaluator) instanceObject(in *instance, depth int) cty.Value {
	return ev.once("inst\x00"+in.addr, func() cty.Value {
		names := map[string]bool{"id": true}
		if m, ok := in.vals.v.(map[string]any); ok {
			for k := range m {
				names[k] = true
			}
		}
		if m, ok := in.vals.unk.(map[string]any); ok {
			for k := range m {
				names[k] = true
			}
		}
		if rendersPolicy(in, "json") {
			names["json"], names["minified_json"] = true, true
		}
		blk := ev.block(in)
		node := ev.b.nodeKey(in)
		obj := map[string]cty.Value{}
		for name := range names {
			t := in.vals.field(name)
			what := in.addr + "." + name
			if rendersPolicy(in, name) && (t.unknown() || t.v == nil) {
				if doc, ok := ev.documentPlaceholder(in, depth); ok {
					obj[name] = doc
					continue
				}
			}
			switch {
			case node != "" && (name == "id" || t.unknown() && designates(name) && !ev.setBy(blk, name)):
				obj[name] = ev.fromValue(ev.b.instanceValue(in, []step{{name: name}}, want{what: what, loc: ev.b.resourceLoc(in)}, depth), 0)
			case t.unknown() && ev.setBy(blk, name) && (in.mode == "managed" || ev.b.p.fromConfig()):
				e, _ := attr(blk, name)
				obj[name] = ev.eval(ev.instanceScope(in, blk, depth), e, depth+1)
			case t.unknown() && in.mode == tfjson.DataResourceMode && ev.b.readsProviderRegion(in) && ev.b.symbolicRegion() &&
				(name == "id" || name == "name" || name == "region"):
				obj[name] = ev.deploymentRegion(what)
			case t.unknown() && in.mode == tfjson.DataResourceMode && ev.b.p.fromConfig():
				obj[name] = ev.planTimeUnknown("it comes from " + what + ev.b.dataWhy(in))
			case t.unknown():
				obj[name] = ev.unknown("it comes from " + what + ev.b.dataWhy(in))
			default:
				obj[name] = treeToCty(t, 0)
			}
		}
		return cty.ObjectVal(obj)
	})
}

// setBy reports whether the block sets attribute name.
func (ev *evaluator) setBy(blk *hclsyntax.Block, name string) bool {
	_, ok := attr(blk, name)
	return ok
}

// moduleCall is the value of module.name in the scope's module: the
// object of its outputs, or a tuple / object of them for a repeated call.
func (ev *evaluator) moduleCall(sc escope, name string, depth int) cty.Value {
	return ev.once("mod\x00"+sc.modInst+"\x00"+name, func() cty.Value {
		m := ev.source(sc.path)
		var call *hclsyntax.Block
		if m != nil {
			call = m.Calls[name]
		}
		child := ev.source(append(sc.path[:len(sc.path):len(sc.path)], name))
		if call == nil || child == nil {
			return ev.unknown(qualified(sc.modInst, "module."+name) + ": its source is not in the configuration beanlint read" + ev.b.remoteHint(call))
		}
		if ev.onCall != nil {
			ev.onCall(sc.modInst, name)
		}
		outputs := func(modInst string) cty.Value {
			obj := map[string]cty.Value{}
			for out := range child.Outputs {
				obj[out] = ev.output(modInst, out, depth)
			}
			return cty.ObjectVal(obj)
		}
		insts := ev.b.p.moduleInstances[sc.modInst+"\x00"+name]
		_, counted := attr(call, "count")
		_, each := attr(call, "for_each")
		switch {
		case counted:
			var list []cty.Value
			for _, mi := range insts {
				list = append(list, outputs(mi))
			}
			return cty.TupleVal(list)
		case each:
			obj := map[string]cty.Value{}
			for _, mi := range insts {
				if k, ok := lastKey(mi).(string); ok {
					obj[k] = outputs(mi)
				}
			}
			return cty.ObjectVal(obj)
		}
		return outputs(joinModule(sc.modInst, "module."+name))
	})
}

// output evaluates an output of a module instance, once.
func (ev *evaluator) output(modInst, name string, depth int) cty.Value {
	return ev.moduleValue(modInst, "output "+name, depth, func(m *tfsource.Module) hcl.Expression { return m.Outputs[name] })
}

// fromValue turns a resolved graph value into a cty value: references
// become placeholders, unknowns carry their reason.
func (ev *evaluator) fromValue(v parsers.Value, depth int) cty.Value {
	if depth > maxDepth {
		return ev.unknown("a value nested too deeply")
	}
	var out cty.Value
	switch v.Kind {
	case parsers.Absent:
		return cty.NullVal(cty.DynamicPseudoType)
	case parsers.Known:
		out = cty.StringVal(v.Str)
	case parsers.Ref:
		return ev.placeholder(v)
	case parsers.List:
		items := make([]cty.Value, len(v.Items()))
		for i, it := range v.Items() {
			items[i] = ev.fromValue(it, depth+1)
		}
		out = cty.TupleVal(items)
	case parsers.Map:
		obj := map[string]cty.Value{}
		for _, f := range v.Fields() {
			obj[f.Key] = ev.fromValue(f.Value, depth+1)
		}
		out = cty.ObjectVal(obj)
	case parsers.Unknown:
		return ev.unknown(v.Reason())
	default:
		return ev.unknown(v.Describe() + " is known only after apply")
	}
	if v.Secret {
		out = out.Mark(sensitiveMark{})
	}
	return out
}

// treeToCty converts a plan value with its unknown and sensitivity trees.
func treeToCty(t tree, depth int) cty.Value {
	if t.unknown() || depth > maxDepth {
		return cty.DynamicVal
	}
	var out cty.Value
	switch v := t.v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case []any:
		items := make([]cty.Value, len(v))
		for i := range v {
			items[i] = treeToCty(t.item(i), depth+1)
		}
		out = cty.TupleVal(items)
	case map[string]any:
		obj := make(map[string]cty.Value, len(v))
		for k := range v {
			obj[k] = treeToCty(t.field(k), depth+1)
		}
		out = cty.ObjectVal(obj)
	default:
		out = scalarToCty(v)
		if t.sec.secret(t.v) {
			out = out.Mark(sensitiveMark{})
		}
	}
	return out
}

// jsonToCty converts a decoded JSON value.
func jsonToCty(v any, depth int) cty.Value {
	if depth > maxDepth {
		return cty.DynamicVal
	}
	switch v := v.(type) {
	case nil:
		return cty.NullVal(cty.DynamicPseudoType)
	case []any:
		items := make([]cty.Value, len(v))
		for i := range v {
			items[i] = jsonToCty(v[i], depth+1)
		}
		return cty.TupleVal(items)
	case map[string]any:
		obj := make(map[string]cty.Value, len(v))
		for k, e := range v {
			obj[k] = jsonToCty(e, depth+1)
		}
		return cty.ObjectVal(obj)
	}
	return scalarToCty(v)
}

func scalarToCty(v any) cty.Value {
	switch v := v.(type) {
	case string:
		return cty.StringVal(v)
	case bool:
		return cty.BoolVal(v)
	case json.Number:
		if n, err := cty.ParseNumberVal(v.String()); err == nil {
			return n
		}
	case float64:
		return cty.NumberFloatVal(v)
	}
	return cty.DynamicVal
}

// value turns an evaluated cty value into a graph value located at loc:
// placeholders become the references they stand for, unknowns say why.
func (ev *evaluator) value(v cty.Value, loc parsers.Location, what string) parsers.Value {
	return ev.toGraph(v, loc, what, graphFlags{}, 0)
}

// graphFlags are what toGraph carries down into the elements of a value
// from the marks of the value holding them.
type graphFlags struct {
	// secret: computed from a sensitive value.
	secret bool
	// region: computed from the deployment region's symbol, the reference
	// it came from (see byRegion); "" when not.
	region string
	// transformed: computed from it by a function that may change its
	// text (transformedRegion).
	transformed bool
}

// toGraph is value for v at depth. A value computed from the deployment
// region's symbol is known only as text that holds the symbol (the
// region itself, or a service name built from it); any other value
// computed from it (a comparison's result, a substring) is unknown.
func (ev *evaluator) toGraph(v cty.Value, loc parsers.Location, what string, fl graphFlags, depth int) parsers.Value {
	v, marks := v.Unmark()
	for m := range marks {
		if _, ok := m.(sensitiveMark); ok {
			fl.secret = true
		}
	}
	if from, ok := byRegion(marks); ok && fl.region == "" {
		fl.region = from
	}
	fl.transformed = fl.transformed || transformedRegion(marks)
	secret := fl.secret
	if depth > maxDepth {
		return parsers.UnknownValue(what+" is nested too deeply", loc)
	}
	if !v.IsKnown() {
		return parsers.UnknownValue(ev.reasonOf(v, marks, what), loc)
	}
	if v.IsNull() {
		return parsers.Value{}
	}
	ty := v.Type()
	collection := ty.IsListType() || ty.IsTupleType() || ty.IsSetType() || ty.IsMapType() || ty.IsObjectType()
	if fl.region != "" && !collection && (fl.transformed || ty != cty.String || !strings.Contains(v.AsString(), ev.regionText())) {
		return parsers.UnknownValue(what+" "+ev.b.regionDecides(fl.region), loc)
	}
	switch {
	case ty == cty.String:
		out := ev.decodeString(v.AsString(), loc)
		if secret {
			out = out.AsSecret()
		}
		return out
	case ty == cty.Number:
		out := parsers.Lit(v.AsBigFloat().Text('f', -1), loc)
		out.Secret = secret
		return out
	case ty == cty.Bool:
		out := parsers.Lit(strconv.FormatBool(v.True()), loc)
		out.Secret = secret
		return out
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		items := []parsers.Value{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			items = append(items, ev.toGraph(e, loc, what, fl, depth+1))
		}
		return parsers.Value{Kind: parsers.List, Loc: loc}.WithItems(items)
	case ty.IsMapType() || ty.IsObjectType():
		out := parsers.Value{Kind: parsers.Map, Loc: loc}
		var keys []string
		vals := map[string]cty.Value{}
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			ks, _ := k.Unmark()
			keys = append(keys, ks.AsString())
			vals[ks.AsString()] = e
		}
		sort.Strings(keys)
		var fields []parsers.Field
		for _, k := range keys {
			fields = append(fields, parsers.Field{Key: k, Value: ev.toGraph(vals[k], loc, what, fl, depth+1)})
		}
		return out.WithFields(fields)
	}
	return parsers.UnknownValue(what+" has a form beanlint does not read", loc)
}

// reasonOf explains an unknown result from the reasons it is marked with.
func (ev *evaluator) reasonOf(v cty.Value, marks cty.ValueMarks, what string) string {
	reasons := ev.reasonsOf(marks)
	if len(reasons) > 3 {
		reasons = append(reasons[:3], fmt.Sprintf("and %d more", len(reasons)-3))
	}
	if ev.onlyPlanTime(marks) {
		// Not after apply: terraform plan would know it.
		return what + " is not known from the configuration: " + strings.Join(reasons, "; ")
	}
	if len(reasons) == 0 {
		return ev.b.afterApply(what)
	}
	return ev.b.afterApply(what) + ": " + strings.Join(reasons, "; ")
}

// onlyPlanTime reports whether an unknown value's reasons are all things
// terraform plan would know (planTimeUnknown), and there is one at least.
func (ev *evaluator) onlyPlanTime(marks cty.ValueMarks) bool {
	n := 0
	for m := range marks {
		i, ok := m.(unknownMark)
		if !ok {
			continue
		}
		if !ev.planTime[int(i)] {
			return false
		}
		n++
	}
	return n > 0
}

// reasonsOf returns the distinct reasons an unknown value is marked with,
// sorted.
func (ev *evaluator) reasonsOf(marks cty.ValueMarks) []string {
	var reasons []string
	seen := map[string]bool{}
	for m := range marks {
		if i, ok := m.(unknownMark); ok && int(i) < len(ev.reasons) && !seen[ev.reasons[i]] {
			seen[ev.reasons[i]] = true
			reasons = append(reasons, ev.reasons[i])
		}
	}
	sort.Strings(reasons)
	return reasons
}

// decodeString turns a string that holds placeholders back into graph
// values: one placeholder is the reference; a comma-separated list of
// them (join(",", ids), as Elastic Beanstalk's list settings are written)
// is a list; other text around them is a concatenation.
func (ev *evaluator) decodeString(s string, loc parsers.Location) parsers.Value {
	if !strings.Contains(s, phOpen) {
		return parsers.Lit(s, loc)
	}
	parts := ev.splitPlaceholders(s, loc)
	if len(parts) == 1 {
		return parts[0]
	}
	if items := strings.Split(s, ","); len(items) > 1 {
		list := parsers.Value{Kind: parsers.List, Loc: loc}
		for _, it := range items {
			p := ev.splitPlaceholders(strings.TrimSpace(it), loc)
			if len(p) != 1 {
				list.SetItems(nil)
				break
			}
			list.SetItems(append(list.Items(), p[0]))
		}
		if list.Items() != nil {
			return list
		}
	}
	return parsers.Value{Kind: parsers.Concat, Loc: loc}.WithParts(parts)
}

// splitPlaceholders splits s into literal parts and references.
func (ev *evaluator) splitPlaceholders(s string, loc parsers.Location) []parsers.Value {
	var out []parsers.Value
	for s != "" {
		i := strings.Index(s, phOpen)
		if i < 0 {
			out = append(out, parsers.Lit(s, loc))
			break
		}
		if i > 0 {
			out = append(out, parsers.Lit(s[:i], loc))
		}
		rest := s[i+len(phOpen):]
		j := strings.Index(rest, phClose)
		_, number, _ := strings.Cut(rest[:max(j, 0)], phNumber)
		n, err := strconv.Atoi(number)
		if j < 0 || err != nil || n < 0 || n >= len(ev.refs) {
			out = append(out, parsers.Lit(s[i:], loc))
			break
		}
		r := ev.refs[n]
		r.Loc = loc
		out = append(out, r)
		s = rest[j+len(phClose):]
	}
	if len(out) == 0 {
		out = append(out, parsers.Lit("", loc))
	}
	return out
}

// evalArg evaluates a top-level argument of an instance from the .tf
// source; ok is false when the source does not have it.
func (b *builder) evalArg(in *instance, name string, loc parsers.Location, what string) (parsers.Value, bool) {
	if b.ev == nil {
		return parsers.Value{}, false
	}
	blk := b.ev.block(in)
	e, ok := attr(blk, name)
	if !ok || !agrees(expr(in, name), e) {
		return parsers.Value{}, false
	}
	v := b.ev.eval(b.ev.instanceScope(in, blk, 0), e, 0)
	return b.ev.value(v, loc, what), true
}

// agrees reports whether the .tf source's expression src is the one the
// plan's configuration describes as pe: a constant in both, or references
// that the source's expression also makes. A .tf file changed since the
// plan was made is not evaluated: the plan's own configuration wins.
func agrees(pe *tfjson.Expression, src hcl.Expression) bool {
	if pe == nil || pe.ExpressionData == nil {
		return true // a dynamic or nested block the plan does not describe
	}
	travs := src.Variables()
	if len(pe.References) == 0 {
		return len(travs) == 0 || pe.ConstantValue == nil
	}
	have := map[string]bool{}
	for _, tr := range travs {
		have[tr.RootName()] = true
	}
	for _, r := range pe.References {
		root, _, _ := strings.Cut(r, ".")
		if i := strings.IndexByte(root, '['); i >= 0 {
			root = root[:i]
		}
		if !have[root] {
			return false
		}
	}
	return true
}
