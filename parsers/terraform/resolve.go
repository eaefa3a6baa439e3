package terraform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
)

// scope is where a configuration expression is evaluated: a module instance
// and, for a repeated resource or module call, the repetition key that
// count.index / each.key stand for.
type scope struct {
	mod     *module
	modInst string
	key     any
	hasKey  bool
	// forEach is the for_each expression of the repeated object (each.value
	// is its element at key).
	forEach *tfjson.Expression
}

// scopeOf is the scope of a resource instance's own expressions.
func scopeOf(in *instance) scope {
	sc := scope{mod: in.mod, modInst: in.module, key: in.index, hasKey: in.index != nil}
	if in.cfg != nil {
		sc.forEach = in.cfg.ForEachExpression
	}
	return sc
}

// want says what the resolved value is used for, for messages.
type want struct {
	what string // "module.net.aws_subnet.a[0].vpc_id"
	loc  parsers.Location
}

// exprValues resolves a configuration expression: a constant converts to a
// value; references are followed. It returns every value the expression may
// contribute (several for a list built from several references).
func (b *builder) exprValues(sc scope, e *tfjson.Expression, w want, depth int) []parsers.Value {
	if e == nil || e.ExpressionData == nil {
		return nil
	}
	if len(e.References) > 0 {
		return b.refValues(sc, e.References, w, depth)
	}
	if e.ConstantValue != nil && e.ConstantValue != tfjson.UnknownConstantValue {
		return []parsers.Value{toValue(tree{v: e.ConstantValue}, w.loc, w.what)}
	}
	return nil
}

// maximal drops the references Terraform lists only as prefixes of longer
// ones (aws_vpc.this.id, aws_vpc.this → aws_vpc.this.id). The result may
// be refs itself: it is only read.
func maximal(refs []string) []string {
	if len(refs) == 1 {
		return refs
	}
	out := make([]string, 0, len(refs))
	for i, r := range refs {
		prefix := false
		for j, o := range refs {
			if i != j && len(o) > len(r) && strings.HasPrefix(o, r) && (o[len(r)] == '.' || o[len(r)] == '[') {
				prefix = true
				break
			}
		}
		dup := false
		for _, o := range out {
			if o == r {
				dup = true
				break
			}
		}
		if !prefix && !dup {
			out = append(out, r)
		}
	}
	return out
}

// traversal returns parseTraversal(r), parsed once per builder. The steps
// are shared: a caller may append to them (the slice is full, so append
// copies) but not change them.
func (b *builder) traversal(r string) []step {
	if steps, ok := b.traversals[r]; ok {
		return steps
	}
	if b.traversals == nil {
		b.traversals = map[string][]step{}
	}
	steps := slices.Clip(parseTraversal(r))
	b.traversals[r] = steps
	return steps
}

// refValues follows the references of one expression. Values that are the
// same for the graph (identity) are kept once.
func (b *builder) refValues(sc scope, refs []string, w want, depth int) []parsers.Value {
	usesKey := false
	for _, r := range refs {
		if r == "count.index" || r == "each.key" || strings.HasPrefix(r, "each.value") {
			usesKey = true
		}
	}
	var out []parsers.Value
	var seen map[string]bool // the identities of out, once it is long
	for _, r := range maximal(refs) {
		vals := b.ref(sc, r, b.traversal(r), usesKey, w, depth)
		if out == nil && len(vals) > 0 {
			// ref's slices are its own, never a value's items: the first
			// one holds out, the values kept moving down in place.
			out = vals[:0]
		}
		for _, v := range vals {
			if len(out) > 0 && hasIdentity(v) {
				if seen == nil && len(out) > maxScanned {
					seen = make(map[string]bool, 2*len(out))
					for _, o := range out {
						seen[identity(o)] = true
					}
				}
				if seen != nil {
					k := identity(v)
					if seen[k] {
						continue
					}
					seen[k] = true
				} else if slices.ContainsFunc(out, func(o parsers.Value) bool { return sameIdentity(o, v) }) {
					continue
				}
			}
			out = append(out, v)
		}
	}
	return out
}

// maxScanned is how many values refValues compares a new one with one by
// one; beyond, it keeps their identities in a map.
const maxScanned = 32

// identity is what makes two resolved values the same for the graph: the
// literal (a secret one apart, so that merging keeps it secret), the
// reference or the unknown's origin; "" for other values.
func identity(v parsers.Value) string {
	switch v.Kind {
	case parsers.Known:
		if v.Secret {
			return "s" + v.Str
		}
		return "k" + v.Str
	case parsers.Ref:
		return "r" + v.Target + "\x00" + v.Attr()
	case parsers.Unknown:
		return "u" + v.Reason() + "\x00" + v.Origin().String()
	}
	return ""
}

// hasIdentity reports whether identity(v) is not "".
func hasIdentity(v parsers.Value) bool {
	return v.Kind == parsers.Known || v.Kind == parsers.Ref || v.Kind == parsers.Unknown
}

// sameIdentity reports whether identity(a) == identity(b), building the
// texts only for unknowns (which are few).
func sameIdentity(a, b parsers.Value) bool {
	if a.Kind != b.Kind {
		return false // the texts start with a letter of their kind
	}
	switch a.Kind {
	case parsers.Known:
		return a.Secret == b.Secret && a.Str == b.Str
	case parsers.Ref:
		return joinedEqual(a.Target, a.Attr(), b.Target, b.Attr())
	}
	return identity(a) == identity(b)
}

// joinedEqual reports whether x1+"\x00"+y1 == x2+"\x00"+y2 without
// building either: the parts may hold NULs themselves.
func joinedEqual(x1, y1, x2, y2 string) bool {
	if len(x1)+len(y1) != len(x2)+len(y2) {
		return false
	}
	if len(x1) > len(x2) {
		x1, y1, x2, y2 = x2, y2, x1, y1
	}
	if len(x1) == len(x2) {
		return x1 == x2 && y1 == y2
	}
	// x2 = x1 + "\x00" + m, and then y1 = m + "\x00" + y2.
	n := len(x1)
	m := x2[n+1:]
	return x2[:n] == x1 && x2[n] == 0 && len(y1) > len(m) && y1[:len(m)] == m && y1[len(m)] == 0 && y1[len(m)+1:] == y2
}

// containsValue reports whether vs holds a value equal to v for the graph.
func containsValue(vs []parsers.Value, v parsers.Value) bool {
	k := identity(v)
	for _, o := range vs {
		if k != "" && identity(o) == k {
			return true
		}
	}
	return false
}

// unresolved is an unknown value that comes from reference r of scope sc.
func (b *builder) unresolved(sc scope, r string, w want, why string) parsers.Value {
	v := parsers.UnknownValue(fmt.Sprintf("%s: it comes from %s%s", b.afterApply(w.what), qualified(sc.modInst, r), why), w.loc)
	v.SetOrigin(parsers.Origin{Kind: parsers.TerraformOrigin, File: b.p.Path, Name: qualified(sc.modInst, r)})
	return v
}

// qualified prefixes a reference with its module instance.
func qualified(modInst, r string) string {
	if modInst == "" {
		return r
	}
	return modInst + "." + r
}

// ref follows one reference, given as steps. The slice it returns is its
// own: refValues keeps its values in it.
func (b *builder) ref(sc scope, r string, steps []step, usesKey bool, w want, depth int) []parsers.Value {
	if depth > maxDepth {
		return []parsers.Value{b.unresolved(sc, r, w, ", through a chain of references too long to follow")}
	}
	if len(steps) == 0 || steps[0].isIndex {
		return []parsers.Value{b.unresolved(sc, r, w, "")}
	}
	switch steps[0].name {
	case "count":
		return nil // selects an instance; handled with the reference it indexes
	case "each":
		if len(steps) > 1 && steps[1].name == "value" {
			return b.eachValue(sc, r, steps[2:], w, depth)
		}
		return nil
	case "var":
		if len(steps) < 2 {
			break
		}
		return b.keyed(sc, r, usesKey, b.variable(sc, r, steps[1].name, steps[2:], w, depth), w)
	case "local":
		return []parsers.Value{b.unresolved(sc, r, w, ", a local value, which the plan JSON does not describe")}
	case "module":
		return b.keyed(sc, r, usesKey, b.moduleOutput(sc, r, steps, usesKey, w, depth), w)
	case "data":
		if len(steps) < 3 {
			break
		}
		return b.resource(sc, r, "data."+steps[1].name+"."+steps[2].name, steps[3:], usesKey, w, depth)
	case "path", "terraform", "self":
	default:
		if len(steps) >= 2 && !steps[1].isIndex {
			return b.resource(sc, r, steps[0].name+"."+steps[1].name, steps[2:], usesKey, w, depth)
		}
	}
	return []parsers.Value{b.unresolved(sc, r, w, "")}
}

// keyed applies the repetition key to the values of a variable or module
// output referenced next to count.index or each.key: var.ids[count.index]
// is written in references as var.ids and count.index, so a list picks its
// element at the count index and a map its entry at the each key. Like
// every step of ref, it returns a slice of its own (see refValues), never
// one shared with a list value.
func (b *builder) keyed(sc scope, r string, usesKey bool, vals []parsers.Value, w want) []parsers.Value {
	if !usesKey || !sc.hasKey {
		return vals
	}
	items := len(vals) == 1 && vals[0].Kind == parsers.List
	if items {
		vals = vals[0].Items() // the list's, not ours
	}
	if len(vals) == 1 && vals[0].Kind == parsers.Map {
		if k, ok := sc.key.(string); ok {
			if v := vals[0].Get(k); v.Kind != parsers.Absent {
				return []parsers.Value{v}
			}
		}
		return []parsers.Value{vals[0]}
	}
	if i, ok := intKey(sc.key); ok && len(vals) > 1 {
		if i < len(vals) {
			return []parsers.Value{vals[i]}
		}
		return []parsers.Value{b.unresolved(sc, r, w, ", a list shorter than the count index")}
	}
	if items {
		return slices.Clone(vals)
	}
	return vals
}

// eachValue follows each.value (and its attributes): the element of the
// for_each collection at the instance's key.
func (b *builder) eachValue(sc scope, r string, rest []step, w want, depth int) []parsers.Value {
	if sc.forEach == nil || !sc.hasKey {
		return []parsers.Value{b.unresolved(sc, r, w, "")}
	}
	if c := sc.forEach.ConstantValue; c != nil && c != tfjson.UnknownConstantValue {
		t := tree{v: c}.field(fmt.Sprint(sc.key))
		if m, ok := c.(map[string]any); !ok || m[fmt.Sprint(sc.key)] == nil {
			t = tree{v: sc.key} // a set: each.value is the key
		}
		if t, ok := navigate(t, rest); ok {
			return []parsers.Value{toValue(t, w.loc, w.what)}
		}
		return []parsers.Value{b.unresolved(sc, r, w, "")}
	}
	coll := maximal(sc.forEach.References)
	if len(coll) != 1 {
		return []parsers.Value{b.unresolved(sc, r, w, ", an element of a for_each collection built from several values")}
	}
	steps := append(parseTraversal(coll[0]), step{isIndex: true, key: sc.key})
	steps = append(steps, rest...)
	inner := sc
	inner.hasKey = false
	return b.ref(inner, r, steps, false, w, depth+1)
}

// navigate follows attribute and index steps into a known value.
func navigate(t tree, steps []step) (tree, bool) {
	for _, s := range steps {
		switch {
		case t.unknown():
			return t, true // the caller reports it as unknown
		case s.isIndex:
			switch k := s.key.(type) {
			case string:
				if _, ok := t.v.(map[string]any); !ok {
					return t, false
				}
				t = t.field(k)
			default:
				i, ok := intKey(k)
				l, isList := t.v.([]any)
				if !ok || !isList || i < 0 || i >= len(l) {
					return t, false
				}
				t = t.item(i)
			}
		default:
			if _, ok := t.v.(map[string]any); !ok {
				return t, false
			}
			t = t.field(s.name)
		}
	}
	return t, true
}

// intKey reads a numeric instance key.
func intKey(k any) (int, bool) {
	s, ok := scalar(k)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	if err != nil || strconv.Itoa(i) != s { // decimal digits only, as written
		return 0, false
	}
	return i, true
}

// resource follows a reference to a resource or data source of the scope's
// module: the instance it indexes, the instance with the referencing
// object's own key (count.index, each.key), or every instance.
func (b *builder) resource(sc scope, r, cfgAddr string, rest []step, usesKey bool, w want, depth int) []parsers.Value {
	insts := b.p.byResource[sc.modInst+"\x00"+cfgAddr]
	if len(insts) == 0 {
		var cfg *tfjson.ConfigResource
		if sc.mod != nil {
			cfg = sc.mod.resources[cfgAddr]
		}
		if cfg != nil && cfg.Mode == tfjson.ManagedResourceMode && (cfg.CountExpression != nil || cfg.ForEachExpression != nil) {
			return nil // zero instances
		}
		return []parsers.Value{b.unresolved(sc, r, w, ", which is not in the plan")}
	}
	switch {
	case len(rest) > 0 && rest[0].isIndex:
		insts = b.p.pick(sc.modInst, cfgAddr, rest[0].key)
		rest = rest[1:]
		if len(insts) == 0 {
			return []parsers.Value{b.unresolved(sc, r, w, ", an instance that is not in the plan")}
		}
	case insts[0].index != nil && usesKey && sc.hasKey:
		insts = b.p.pick(sc.modInst, cfgAddr, sc.key)
		if len(insts) == 0 {
			return []parsers.Value{b.unresolved(sc, r, w, fmt.Sprintf(", indexed by a key (%s) that is not one of its instances", strings.Trim(indexKey(sc.key), "[]")))}
		}
	}
	out := make([]parsers.Value, 0, len(insts))
	for _, in := range insts {
		out = append(out, b.instanceValue(in, rest, w, depth))
	}
	return out
}

// pick returns the instance of a configuration resource in a module
// instance whose key is k (none or one).
func (p *Plan) pick(modInst, cfgAddr string, k any) []*instance {
	if in := p.byIndex[modInst+"\x00"+cfgAddr+"\x00"+keyText(k)]; in != nil {
		return []*instance{in}
	}
	return nil
}

// nodeAttrs are attributes that designate a node other than the resource
// itself; references to them stay references so that Graph.Lookup finds
// that node.
var nodeAttrs = map[string]bool{
	"default_security_group_id": true, "default_network_acl_id": true,
	"main_route_table_id": true, "default_route_table_id": true,
}

// instanceValue is the value of attribute path rest of one instance: a
// reference to its node for its ID, the known value, or what its own
// configuration says the value is.
func (b *builder) instanceValue(in *instance, rest []step, w want, depth int) parsers.Value {
	attr := ""
	if len(rest) > 0 && !rest[0].isIndex {
		attr = rest[0].name
	}
	node := b.nodeKey(in)
	if attr == "" || attr == "id" {
		if node != "" {
			return parsers.RefTo(node, "", w.loc)
		}
		attr, rest = "id", []step{{name: "id"}}
	}
	if node != "" && nodeAttrs[attr] && len(rest) == 1 {
		return parsers.RefTo(node, attr, w.loc)
	}
	t, ok := navigate(in.vals, rest)
	switch {
	case !ok:
	case !t.unknown() && t.v != nil:
		return toValue(t, w.loc, w.what)
	case !designates(attr):
		// A CIDR, a name, a port... the expression may transform it
		// (cidrsubnet(aws_vpc.x.cidr_block, 8, 1)): the reference does not
		// give the value.
	case t.unknown() && in.cfg != nil && in.cfg.Expressions[attr] != nil && in.mode == tfjson.ManagedResourceMode:
		// The attribute is an argument set from something else: follow it
		// (aws_subnet.a.vpc_id → aws_vpc.x).
		vals := b.exprValues(scopeOf(in), in.cfg.Expressions[attr], w, depth+1)
		if len(rest) == 1 && len(vals) > 0 {
			if len(vals) == 1 {
				return vals[0]
			}
			return parsers.Value{Kind: parsers.List, Loc: w.loc}.WithItems(vals)
		}
	}
	if node != "" && designates(attr) {
		return parsers.RefTo(node, attr, w.loc)
	}
	v := parsers.UnknownValue(fmt.Sprintf("%s: it comes from %s%s", b.afterApply(w.what), in.addr+pathText(rest), b.dataWhy(in)), w.loc)
	v.SetOrigin(parsers.Origin{Kind: parsers.TerraformOrigin, File: b.p.Path, Name: in.addr + pathText(rest)})
	return v
}

// designates reports whether an attribute identifies a resource (an ID, an
// ARN, a name), so that a reference to it stands for that resource.
func designates(attr string) bool {
	switch attr {
	case "id", "arn", "name":
		return true
	}
	return strings.HasSuffix(attr, "_id") || strings.HasSuffix(attr, "_ids") || strings.HasSuffix(attr, "_arn")
}

// pathText renders attribute steps: .a[0].b
func pathText(steps []step) string {
	var sb strings.Builder
	for _, s := range steps {
		if s.isIndex {
			sb.WriteString(indexKey(s.key))
		} else {
			sb.WriteString("." + s.name)
		}
	}
	return sb.String()
}

// variable follows an input variable: at the root to the plan's variable
// values, in a module to the calling module block's argument. The values of
// a variable declared sensitive are secret.
func (b *builder) variable(sc scope, r, name string, rest []step, w want, depth int) []parsers.Value {
	if sc.mod == nil || sc.mod.cfg == nil {
		return []parsers.Value{b.unresolved(sc, r, w, ", in a module the plan's configuration does not describe")}
	}
	decl := sc.mod.cfg.Variables[name]
	vals := b.variableValues(sc, r, name, decl, rest, w, depth)
	if decl != nil && decl.Sensitive {
		vals = secretValues(vals)
	}
	return vals
}

func (b *builder) variableValues(sc scope, r, name string, decl *tfjson.ConfigVariable, rest []step, w want, depth int) []parsers.Value {
	if sc.mod.parent == nil {
		pv := b.p.raw.Variables[name]
		if pv == nil || pv.Value == nil {
			return []parsers.Value{b.unresolved(sc, r, w, ", a variable without a value in the plan")}
		}
		if t, ok := navigate(tree{v: pv.Value}, rest); ok {
			return []parsers.Value{toValue(t, w.loc, w.what)}
		}
		return []parsers.Value{b.unresolved(sc, r, w, "")}
	}
	call := sc.mod.call
	var arg *tfjson.Expression
	if call != nil {
		arg = call.Expressions[name]
	}
	if arg == nil {
		if decl != nil && decl.Default != nil {
			if t, ok := navigate(tree{v: decl.Default}, rest); ok {
				return []parsers.Value{toValue(t, w.loc, w.what)}
			}
		}
		return []parsers.Value{b.unresolved(sc, r, w, ", a module variable the calling module block does not set")}
	}
	parentInst, _ := splitModule(sc.modInst)
	outer := scope{mod: sc.mod.parent, modInst: parentInst, forEach: call.ForEachExpression}
	if k := lastKey(sc.modInst); k != nil {
		outer.key, outer.hasKey = k, true
	}
	return b.applySteps(sc, r, b.exprValues(outer, arg, w, depth+1), rest, w)
}

// moduleOutput follows module.NAME[KEY].OUTPUT to the child module's output
// expression.
func (b *builder) moduleOutput(sc scope, r string, steps []step, usesKey bool, w want, depth int) []parsers.Value {
	if len(steps) < 2 || steps[1].isIndex || sc.mod == nil {
		return []parsers.Value{b.unresolved(sc, r, w, "")}
	}
	name := steps[1].name
	child := sc.mod.children[name]
	if child == nil || child.cfg == nil {
		return []parsers.Value{b.unresolved(sc, r, w, ", a module the plan's configuration does not describe")}
	}
	i := 2
	var insts []string
	switch {
	case i < len(steps) && steps[i].isIndex:
		insts = []string{joinModule(sc.modInst, "module."+name+indexKey(steps[i].key))}
		i++
	case child.call.CountExpression != nil || child.call.ForEachExpression != nil:
		for _, m := range b.p.moduleInstances[sc.modInst+"\x00"+name] {
			if !usesKey || !sc.hasKey || sameKey(sc.key, lastKey(m)) {
				insts = append(insts, m)
			}
		}
	default:
		insts = []string{joinModule(sc.modInst, "module."+name)}
	}
	if i >= len(steps) || steps[i].isIndex {
		return []parsers.Value{b.unresolved(sc, r, w, ", a whole module object")}
	}
	out := child.cfg.Outputs[steps[i].name]
	if out == nil {
		return []parsers.Value{b.unresolved(sc, r, w, ", an output the module does not declare")}
	}
	if len(insts) == 0 {
		return []parsers.Value{b.unresolved(sc, r, w, ", a module with no instances in the plan")}
	}
	var vals []parsers.Value
	for _, m := range insts {
		inner := scope{mod: child, modInst: m}
		vals = append(vals, b.applySteps(inner, r, b.exprValues(inner, out.Expression, w, depth+1), steps[i+1:], w)...)
	}
	if out.Sensitive {
		vals = secretValues(vals)
	}
	return vals
}

// applySteps applies the attribute and index steps that follow a variable or
// output to its resolved values: [n] picks the n-th value of a list. The
// result is vals itself or a new slice, never a list value's items.
func (b *builder) applySteps(sc scope, r string, vals []parsers.Value, rest []step, w want) []parsers.Value {
	if len(rest) == 0 {
		return vals
	}
	if len(vals) == 1 && vals[0].Kind == parsers.List {
		vals = vals[0].Items()
	}
	s := rest[0]
	if s.isIndex {
		i, ok := intKey(s.key)
		if ok && len(vals) > 1 || ok && i == 0 && len(vals) == 1 && vals[0].Kind != parsers.Map {
			if i >= 0 && i < len(vals) {
				return b.applySteps(sc, r, []parsers.Value{vals[i]}, rest[1:], w)
			}
			return []parsers.Value{b.unresolved(sc, r, w, ", an index past the end of the list")}
		}
		if k, isStr := s.key.(string); isStr && len(vals) == 1 && vals[0].Kind == parsers.Map {
			return b.applySteps(sc, r, []parsers.Value{vals[0].Get(k)}, rest[1:], w)
		}
		return []parsers.Value{b.unresolved(sc, r, w, "")}
	}
	var out []parsers.Value
	for _, v := range vals {
		switch {
		case v.Kind == parsers.Map:
			out = append(out, v.Get(s.name))
		case v.Kind == parsers.Ref && v.Attr() == "" && len(rest) == 1:
			if s.name != "id" {
				v.SetAttr(s.name)
			}
			out = append(out, v)
		case v.Kind == parsers.Unknown:
			out = append(out, v)
		default:
			return []parsers.Value{b.unresolved(sc, r, w, "")}
		}
	}
	return out
}
