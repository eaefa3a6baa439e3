package terraform

import (
	"encoding/json"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/parsers/terraform/tfsource"
)

// An inputPath is where in a module's input variable an expression takes
// its value from: the variable and the selections made in it, outermost
// first (endpoints → "sqs" → "private_dns_enabled", or endpoint_ingress →
// 0 → "from_port").
type inputPath struct {
	variable string
	steps    []selection
	// closed is set when the value's keys are no longer the input's (a
	// for expression that makes new keys): later selections cannot be
	// followed into the argument, which is located as a whole.
	closed bool
}

// selection is one step of an input path: an attribute or map key
// (name), else a list index.
type selection struct {
	name  string
	index int
}

// maxTraceDepth bounds how many locals and wrappers a trace follows.
const maxTraceDepth = 16

// tracer follows an expression of a block of module m back to the input
// variable its value is selected from. key is the instance key of the block
// (count.index or each.key), nil for a block without count or for_each.
// Parts of an expression that only decide (a condition, a for expression's
// filter, a fallback constant) are no source of its value; a condition
// decide knows chooses its branch, one it does not leaves both, and the
// value comes from an input when they agree or the other is a constant.
type tracer struct {
	m   *tfsource.Module
	blk *hclsyntax.Block
	key any
	// src reads the text of .tf.json expressions (see native); nil when
	// there are none.
	src *tfsource.Index
	// decide evaluates a condition of the block's instance: its value, and
	// whether it is known. nil when conditions are not evaluated.
	decide func(hcl.Expression) (value, known bool)
}

// source is the input path e selects its value from; false when e
// combines values (concat, arithmetic, two references) or refers to
// anything but variables, locals and each.value.
func (t tracer) source(e hcl.Expression, depth int) (inputPath, bool) {
	if e == nil || depth > maxTraceDepth {
		return inputPath{}, false
	}
	switch x := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return t.traversal(x.Traversal, depth)
	case *hclsyntax.RelativeTraversalExpr:
		p, ok := t.source(x.Source, depth+1)
		return p.then(x.Traversal, ok)
	case *hclsyntax.IndexExpr:
		p, ok := t.source(x.Collection, depth+1)
		s, known := t.keyStep(x.Key)
		if !ok || !known {
			return inputPath{}, false
		}
		return p.with(s), true
	case *hclsyntax.ParenthesesExpr:
		return t.source(x.Expression, depth+1)
	case *hclsyntax.TemplateWrapExpr:
		return t.source(x.Wrapped, depth+1)
	case *hclsyntax.ConditionalExpr:
		if t.decide != nil {
			// A known condition chooses the branch: a constant one is no
			// input's value, whatever the other branch selects.
			if v, known := t.decide(x.Condition); known && v {
				return t.source(x.TrueResult, depth+1)
			} else if known {
				return t.source(x.FalseResult, depth+1)
			}
		}
		a, aok := t.source(x.TrueResult, depth+1)
		b, bok := t.source(x.FalseResult, depth+1)
		switch {
		case aok && (constant(x.FalseResult) || bok && a.equal(b)):
			return a, true
		case bok && constant(x.TrueResult):
			return b, true
		}
	case *hclsyntax.ForExpr:
		// {for k, v in S : k => v if cond} keeps S's entries under their
		// keys; {for i, v in S : "${v.type}-${i}" => v} keeps them under
		// new ones.
		if isVar(x.ValExpr, x.ValVar) && !x.Group {
			p, ok := t.source(x.CollExpr, depth+1)
			p.closed = p.closed || x.KeyExpr != nil && !isVar(x.KeyExpr, x.KeyVar)
			return p, ok
		}
	case *hclsyntax.FunctionCallExpr:
		return t.call(x, depth)
	case interface{ UnwrapExpression() hcl.Expression }:
		// An expression of a .tf.json file: its string, as the template
		// Terraform reads it.
		if n, ok := t.native(x.UnwrapExpression()); ok {
			return t.source(n, depth+1)
		}
	}
	return inputPath{}, false
}

// native parses a JSON string expression of a .tf.json file as the
// native-syntax template it holds ("${var.x}" is var.x); false for other
// JSON values, whose structure is not followed.
func (t tracer) native(e hcl.Expression) (hclsyntax.Expression, bool) {
	text, ok := t.src.Text(e.Range())
	var s string
	if !ok || json.Unmarshal([]byte(text), &s) != nil {
		return nil, false
	}
	rng := e.Range()
	n, diags := hclsyntax.ParseTemplate([]byte(s), rng.Filename, rng.Start)
	return n, !diags.HasErrors()
}

// call traces the functions modules wrap a selected value in: lookup(S,
// "name", default) selects name from S, try(S, fallback...) and
// coalesce(S, constant...) are S when it is set; one-argument conversions
// keep their argument's source.
func (t tracer) call(x *hclsyntax.FunctionCallExpr, depth int) (inputPath, bool) {
	if len(x.Args) == 0 {
		return inputPath{}, false
	}
	rest := func(from int) bool {
		for _, a := range x.Args[from:] {
			if !constant(a) {
				return false
			}
		}
		return true
	}
	switch x.Name {
	case "lookup":
		if len(x.Args) < 2 || !rest(1) {
			return inputPath{}, false
		}
		name, ok := constString(x.Args[1])
		p, found := t.source(x.Args[0], depth+1)
		if !ok || !found {
			return inputPath{}, false
		}
		return p.with(selection{name: name}), true
	case "try", "coalesce":
		if rest(1) {
			return t.source(x.Args[0], depth+1)
		}
	case "tolist", "toset", "tomap", "distinct", "sort", "compact", "flatten", "tostring", "tonumber", "tobool":
		if len(x.Args) == 1 {
			return t.source(x.Args[0], depth+1)
		}
	}
	return inputPath{}, false
}

// traversal traces var.NAME..., local.NAME... and each.value....
func (t tracer) traversal(tr hcl.Traversal, depth int) (inputPath, bool) {
	switch tr.RootName() {
	case "var":
		name := attrName(tr, 1)
		if name == "" {
			return inputPath{}, false
		}
		return inputPath{variable: name}.then(tr[2:], true)
	case "local":
		if t.m == nil {
			return inputPath{}, false
		}
		e, ok := t.m.Locals[attrName(tr, 1)]
		if !ok {
			return inputPath{}, false
		}
		p, found := t.source(e, depth+1)
		return p.then(tr[2:], found)
	case "each":
		k, isKey := t.key.(string)
		fe, has := attr(t.blk, "for_each")
		if attrName(tr, 1) != "value" || !isKey || !has {
			return inputPath{}, false
		}
		p, found := t.source(fe, depth+1)
		if !found {
			return inputPath{}, false
		}
		return p.with(selection{name: k}).then(tr[2:], true)
	}
	return inputPath{}, false
}

// keyStep is the selection an index expression makes: a constant,
// count.index or each.key of the block's instance.
func (t tracer) keyStep(e hcl.Expression) (selection, bool) {
	if st, ok := e.(*hclsyntax.ScopeTraversalExpr); ok {
		switch st.Traversal.RootName() + "." + attrName(st.Traversal, 1) {
		case "count.index":
			i, ok := intKey(t.key)
			return selection{index: i}, ok && i >= 0
		case "each.key":
			k, ok := t.key.(string)
			return selection{name: k}, ok
		}
	}
	if !constant(e) {
		return selection{}, false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return selection{}, false
	}
	return valueStep(v)
}

// valueStep is the selection a constant key makes.
func valueStep(v cty.Value) (selection, bool) {
	if !v.IsKnown() || v.IsNull() {
		return selection{}, false
	}
	switch v.Type() {
	case cty.String:
		return selection{name: v.AsString()}, true
	case cty.Number:
		if i, acc := v.AsBigFloat().Int64(); acc == 0 && i >= 0 {
			return selection{index: int(i)}, true
		}
	}
	return selection{}, false
}

// then appends the selections of a traversal's remaining steps.
func (p inputPath) then(tr hcl.Traversal, ok bool) (inputPath, bool) {
	if !ok {
		return inputPath{}, false
	}
	for _, s := range tr {
		switch s := s.(type) {
		case hcl.TraverseAttr:
			p = p.with(selection{name: s.Name})
		case hcl.TraverseIndex:
			st, ok := valueStep(s.Key)
			if !ok {
				return inputPath{}, false
			}
			p = p.with(st)
		default:
			return inputPath{}, false
		}
	}
	return p, true
}

// with returns p followed by s (p's own steps are not shared); p itself
// when it is closed.
func (p inputPath) with(s selection) inputPath {
	if p.closed {
		return p
	}
	steps := make([]selection, len(p.steps), len(p.steps)+1)
	copy(steps, p.steps)
	return inputPath{variable: p.variable, steps: append(steps, s)}
}

func (p inputPath) equal(q inputPath) bool {
	if p.variable != q.variable || p.closed != q.closed || len(p.steps) != len(q.steps) {
		return false
	}
	for i := range p.steps {
		if p.steps[i] != q.steps[i] {
			return false
		}
	}
	return true
}

// constant reports whether an expression refers to nothing.
func constant(e hcl.Expression) bool { return len(e.Variables()) == 0 }

// constString is a constant string expression's value.
func constString(e hcl.Expression) (string, bool) {
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// isVar reports whether e is the bare symbol name.
func isVar(e hcl.Expression, name string) bool {
	st, ok := e.(*hclsyntax.ScopeTraversalExpr)
	return ok && name != "" && len(st.Traversal) == 1 && st.Traversal.RootName() == name
}

// locateInput locates, for a module at path, the part of the calling
// configuration an input path selects: the call's argument for the
// variable, and inside it the object attribute, map entry or list element
// each step names, as far as the argument writes them out (an entry that
// leaves the attribute out is where to add it). An argument that passes
// on a variable of the calling module is followed up through that call. A
// call that leaves the argument out is located at the call itself. Calls in
// code terraform init installed are not the repository's: they are passed
// over. ok is false when no call in the repository's own code sets it.
func (b *builder) locateInput(path []string, p inputPath) (parsers.Location, bool) {
	var loc parsers.Location
	found := false
	for len(path) > 0 {
		caller := path[:len(path)-1]
		own := !b.src.Fetched(caller)
		parent := b.ev.source(caller)
		if parent == nil || parent.Calls[path[len(path)-1]] == nil {
			// A call whose block is not read as a configuration (a
			// .tf.json module block): its argument as a whole.
			if at, ok := b.src.CallArgument(path, p.variable); ok && own {
				loc, found = at, true
			}
			break
		}
		a, has := parent.Calls[path[len(path)-1]].Body.Attributes[p.variable]
		if !has {
			if at, ok := b.src.ModuleCall(path); ok && own {
				loc, found = at, true
			}
			break
		}
		e, rest := selectIn(a.Expr, p.steps)
		if at, ok := b.src.Loc(e.Range()); ok && own {
			loc, found = at, true
		}
		up, ok := tracer{m: parent, src: b.src}.source(e, 0)
		if !ok {
			break
		}
		if !up.closed {
			up.steps = append(up.steps, rest...)
		}
		p = up
		path = caller
	}
	return loc, found
}

// selectIn follows steps into the object and tuple constructors of e, as
// far as e writes them out: the expression reached and the steps left.
func selectIn(e hcl.Expression, steps []selection) (hcl.Expression, []selection) {
	for len(steps) > 0 {
		next, ok := selectOne(e, steps[0])
		if !ok {
			return e, steps
		}
		e, steps = next, steps[1:]
	}
	return e, steps
}

// selectOne is the attribute, entry or element s names in constructor e.
func selectOne(e hcl.Expression, s selection) (hcl.Expression, bool) {
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		if s.name == "" {
			return nil, false
		}
		for _, item := range x.Items {
			k := hcl.ExprAsKeyword(item.KeyExpr)
			if k == "" {
				k, _ = constString(item.KeyExpr)
			}
			if k == s.name {
				return item.ValueExpr, true
			}
		}
	case *hclsyntax.TupleConsExpr:
		if s.name == "" && s.index >= 0 && s.index < len(x.Exprs) {
			return x.Exprs[s.index], true
		}
	}
	return nil, false
}

// ruleDirections are the resource types that add a rule to the security
// group their security_group_id names, with the direction of that rule
// ("" when the type argument says).
var ruleDirections = map[string]string{
	"aws_security_group_rule":             "",
	"aws_vpc_security_group_ingress_rule": "ingress",
	"aws_vpc_security_group_egress_rule":  "egress",
}

// rulesInputs locates the module input the inbound and the outbound rules
// of security group instance in are made from (see
// parsers.SecurityGroup.IngressInput): every rule resource of its module
// that names the group and may add a rule of that direction, and every
// dynamic block of the group of that direction, repeats over a value
// selected from that one input (for_each, or count = length(...)). Read
// from the module's source, so a rule list the input leaves empty counts
// too. Zero when the group is not in a module, has no such rules, or its
// rules of that direction come from anything else.
func (b *builder) rulesInputs(in *instance) (ingress, egress parsers.Location) {
	if b.ev == nil || len(in.modPath) == 0 {
		return parsers.Location{}, parsers.Location{}
	}
	m := b.ev.source(in.modPath)
	blk := b.ev.block(in)
	if m == nil || blk == nil {
		return parsers.Location{}, parsers.Location{}
	}
	repeats := map[string][]hcl.Expression{}
	for _, d := range blk.Body.Blocks {
		if d.Type == "ingress" || d.Type == "egress" {
			repeats[d.Type] = append(repeats[d.Type], nil) // written in the module
		}
		if d.Type == "dynamic" && len(d.Labels) == 1 && (d.Labels[0] == "ingress" || d.Labels[0] == "egress") {
			var fe hcl.Expression
			if a, ok := d.Body.Attributes["for_each"]; ok {
				fe = a.Expr
			}
			repeats[d.Labels[0]] = append(repeats[d.Labels[0]], fe)
		}
	}
	for _, addr := range sortedKeys(m.Resources) {
		r := m.Resources[addr]
		if len(r.Labels) != 2 || r.Type != "resource" {
			continue
		}
		dir, ok := ruleDirections[r.Labels[0]]
		if !ok {
			continue
		}
		if id, ok := attr(r, "security_group_id"); !ok || !refersTo(m, id, in.typ, in.name, 0) {
			continue
		}
		fe, ok := attr(r, "for_each")
		if !ok {
			fe = lengthOf(r, tracer{src: b.src})
		}
		if t, ok := attr(r, "type"); ok && dir == "" {
			dir, _ = constString(t)
		}
		for _, d := range []string{"ingress", "egress"} {
			if dir == "" || dir == d {
				repeats[d] = append(repeats[d], fe)
			}
		}
	}
	return b.oneInput(in.modPath, m, repeats["ingress"]), b.oneInput(in.modPath, m, repeats["egress"])
}

// oneInput is the one input location that every expression of module m
// at path selects its value from; zero when there is none or several.
func (b *builder) oneInput(path []string, m *tfsource.Module, exprs []hcl.Expression) parsers.Location {
	var loc parsers.Location
	for i, e := range exprs {
		p, ok := tracer{m: m, src: b.src}.source(e, 0)
		if !ok {
			return parsers.Location{}
		}
		at, ok := b.locateInput(path, p)
		if !ok || i > 0 && at != loc {
			return parsers.Location{}
		}
		loc = at
	}
	return loc
}

// lengthOf is X of a block's count = length(X), else nil; t reads a
// .tf.json count.
func lengthOf(blk *hclsyntax.Block, t tracer) hcl.Expression {
	c, ok := attr(blk, "count")
	if !ok {
		return nil
	}
	if u, ok := c.(interface{ UnwrapExpression() hcl.Expression }); ok {
		if n, ok := t.native(u.UnwrapExpression()); ok {
			c = n
		}
	}
	if w, ok := c.(*hclsyntax.TemplateWrapExpr); ok {
		c = w.Wrapped
	}
	if f, ok := c.(*hclsyntax.FunctionCallExpr); ok && f.Name == "length" && len(f.Args) == 1 {
		return f.Args[0]
	}
	return nil
}

// refersTo reports whether expression e of module m refers to resource
// typ.name, directly or through locals.
func refersTo(m *tfsource.Module, e hcl.Expression, typ, name string, depth int) bool {
	if e == nil || depth > maxTraceDepth {
		return false
	}
	for _, tr := range e.Variables() {
		switch tr.RootName() {
		case typ:
			if attrName(tr, 1) == name {
				return true
			}
		case "local":
			if refersTo(m, m.Locals[attrName(tr, 1)], typ, name, depth+1) {
				return true
			}
		}
	}
	return false
}

// eachInput locates the module input whose entries a module instance's
// for_each repeats over, as a whole, in the calling configuration (see
// parsers.VPCEndpoint.EachInput); zero when the instance is not in a
// module, has no for_each, or its for_each is not one input's entries.
func (b *builder) eachInput(in *instance) parsers.Location {
	if b.ev == nil || len(in.modPath) == 0 {
		return parsers.Location{}
	}
	m := b.ev.source(in.modPath)
	fe, ok := attr(b.ev.block(in), "for_each")
	if m == nil || !ok {
		return parsers.Location{}
	}
	p, ok := tracer{m: m, src: b.src}.source(fe, 0)
	if !ok || len(p.steps) > 0 {
		return parsers.Location{}
	}
	loc, _ := b.locateInput(in.modPath, p)
	return loc
}
