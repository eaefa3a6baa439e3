package terraform

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/beanlint/beanlint/parsers"
)

// region returns the deployment region when the plan decides it: the
// region argument of the root module's default aws provider (a constant, or
// a root variable with a value in the plan), else the region that the
// data.aws_region instances of the default provider read at plan time, when
// they agree. Absent otherwise (the region then comes from the environment:
// AWS_REGION, a profile).
func (b *builder) region() parsers.Value {
	if r, ok := b.providerRegion(); ok {
		return parsers.Lit(r, b.providerRegionLoc())
	}
	var found parsers.Value
	for _, in := range b.p.instances {
		if b.kind(in) != "data.aws_region" || in.deferred || !defaultProvider(in.cfg) {
			continue
		}
		if in.cfg != nil && (in.cfg.Expressions["name"] != nil || in.cfg.Expressions["region"] != nil) {
			continue // looks up a region by name: not necessarily the current one
		}
		r, ok := b.known(in, "region") // provider v6
		if !ok {
			r, ok = b.known(in, "name")
		}
		switch {
		case !ok:
		case found.Kind == parsers.Absent:
			found = parsers.Lit(r, b.resourceLoc(in))
		case found.Str != r:
			return parsers.Value{} // two regions: not decided
		}
	}
	return found
}

// providerRegionLoc is where the root module's default aws provider sets
// its region: the argument in the .tf source when it is indexed, else the
// plan file (the plan JSON has no line to point at).
func (b *builder) providerRegionLoc() parsers.Location {
	if e, ok := b.providerRegionExpr(); ok {
		if loc, ok := b.src.Loc(e.Range()); ok {
			return loc
		}
	}
	return parsers.Location{File: b.p.Path}
}

// providerRegionExpr is the region argument of the root module's default
// aws provider block in the .tf source, when there is one.
func (b *builder) providerRegionExpr() (hcl.Expression, bool) {
	m := b.src.Module(nil)
	if m == nil {
		return nil, false
	}
	return attr(m.Providers["aws"], "region")
}

// providerRegion reads the region argument of the root module's default
// aws provider block.
func (b *builder) providerRegion() (string, bool) {
	if b.p.fromConfig() {
		return b.configRegion()
	}
	cfg := b.p.raw.Config
	if cfg == nil {
		return "", false
	}
	for _, pc := range cfg.ProviderConfigs {
		if pc == nil || pc.Name != "aws" || pc.Alias != "" || pc.ModuleAddress != "" {
			continue
		}
		e := pc.Expressions["region"]
		if e == nil || e.ExpressionData == nil {
			return "", false
		}
		if len(e.References) == 0 {
			r, ok := e.ConstantValue.(string)
			return r, ok && r != ""
		}
		refs := maximal(e.References)
		if len(refs) != 1 || !strings.HasPrefix(refs[0], "var.") || strings.ContainsAny(refs[0][len("var."):], ".[") {
			return "", false
		}
		pv := b.p.raw.Variables[refs[0][len("var."):]]
		if pv == nil {
			return "", false
		}
		r, ok := pv.Value.(string)
		return r, ok && r != ""
	}
	return "", false
}

// defaultProvider reports whether a resource uses the default (unaliased)
// aws provider configuration.
func defaultProvider(cfg *tfjson.ConfigResource) bool {
	if cfg == nil {
		return true
	}
	key := cfg.ProviderConfigKey
	if i := strings.LastIndexByte(key, ':'); i >= 0 {
		key = key[i+1:]
	}
	return key == "" || key == "aws"
}

// configRegionWhy says why a configuration linted without a plan does not
// decide the default aws provider's region, and what would: the reason its
// region argument has no value (a variable without one names the ways to
// give it), or that the provider sets no region, which terraform then
// takes from where it runs. It completes "the default aws provider's
// region, ".
func (b *builder) configRegionWhy() string {
	e, ok := b.providerRegionExpr()
	if !ok {
		return "which the provider does not set: terraform plan takes it from AWS_REGION or the AWS profile " +
			"(set the provider's region argument, or lint the configuration's plan)"
	}
	text := "its region argument"
	if t, ok := b.src.Text(e.Range()); ok {
		text += " (" + strings.Join(strings.Fields(t), " ") + ")"
	}
	if name, ok := b.providerRegionVar(); ok && b.symbolicRegion() {
		return text + " is not known: " + noValue(name)
	}
	ev := newEvaluator(b)
	_, marks := ev.eval(moduleScope(""), e, 0).Unmark()
	if reasons := ev.reasonsOf(marks); len(reasons) > 0 {
		return text + " is not known: " + strings.Join(reasons, "; ")
	}
	return text + " is not a region name the configuration decides"
}

// configRegion evaluates the region argument of the root module's default
// aws provider block of a configuration linted without a plan.
func (b *builder) configRegion() (string, bool) {
	e, ok := b.providerRegionExpr()
	if !ok {
		return "", false
	}
	// A fresh evaluator: the region is read before the graph nodes are
	// known, and nothing it computes must be remembered for them.
	v, _ := newEvaluator(b).eval(moduleScope(""), e, 0).Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String || strings.Contains(v.AsString(), phOpen) {
		return "", false
	}
	return v.AsString(), v.AsString() != ""
}

// regionMark marks the values computed from the deployment region's symbol
// (deploymentRegion), naming the reference it came from
// ("data.aws_region.current.name", "var.region"): a string that holds the
// symbol is the region as CloudFormation's ${AWS::Region} is; anything
// else computed from it (a comparison, a count, a substring) depends on
// which region it is, which the configuration does not decide. transformed
// marks a value that a function other than a template-like one
// (carryFuncs) computed from the symbol: unknown whatever its text, since
// the placeholder's text left unchanged does not mean the region's would
// be (replace(region, "us-east-1", "us-west-2")).
type regionMark struct {
	from        string
	transformed bool
}

// deploymentRegion is the value of from, the default aws provider's region
// when a configuration linted without a plan leaves it to where terraform
// runs (symbolicRegion): the placeholder of the graph's deployment region
// symbol, the pseudo parameter AWS::Region, marked regionMark. Service
// names built from it ("com.amazonaws.${data.aws_region.current.name}.logs")
// then name the environment's own region, whatever it is.
func (ev *evaluator) deploymentRegion(from string) cty.Value {
	ev.regionUsed = true
	return ev.placeholder(parsers.Value{Kind: parsers.Ref, Target: "AWS::Region"}).Mark(regionMark{from: from})
}

// regionText is the text of deploymentRegion's placeholder.
func (ev *evaluator) regionText() string {
	v, _ := ev.deploymentRegion("").Unmark()
	return v.AsString()
}

// byRegion returns the reference a value with these marks was computed
// from when it was computed from the deployment region's symbol (the
// first by name when several); ok is false otherwise.
func byRegion(marks cty.ValueMarks) (from string, ok bool) {
	for m := range marks {
		if r, is := m.(regionMark); is && (!ok || r.from < from) {
			from, ok = r.from, true
		}
	}
	return from, ok
}

// transformedRegion reports whether a value with these marks was computed
// from the deployment region's symbol by a function that may change its
// text (regionMark.transformed).
func transformedRegion(marks cty.ValueMarks) bool {
	for m := range marks {
		if r, is := m.(regionMark); is && r.transformed {
			return true
		}
	}
	return false
}

// regional reports whether a value with these marks was computed from the
// deployment region's symbol.
func regional(marks cty.ValueMarks) bool {
	_, ok := byRegion(marks)
	return ok
}

// regionDecides completes the reason a value computed from the deployment
// region's symbol, other than as the region's text, is not known: the
// reference it came from (byRegion), and what would decide the default
// aws provider's region. It completes "<what> ".
func (b *builder) regionDecides(from string) string {
	return "is not known from the configuration: it comes from " + from + ", the default aws provider's region, " + b.configRegionWhy()
}

// symbolicRegion reports whether a configuration linted without a plan
// leaves the default aws provider's region to where terraform runs: the
// root module's provider block sets no region (AWS_REGION, the profile),
// or sets it to a root variable without a value (providerRegionVar).
// Whatever that region is, the environment deploys in it.
func (b *builder) symbolicRegion() bool {
	if !b.p.fromConfig() {
		return false
	}
	var provider *hclsyntax.Block
	if m := b.src.Module(nil); m != nil {
		provider = m.Providers["aws"]
	}
	if _, set := attr(provider, "region"); !set {
		return true
	}
	name, ok := b.providerRegionVar()
	if !ok {
		return false
	}
	pv := b.p.raw.Variables[name]
	return pv == nil || pv.Value == nil
}

// regionVariable is the root variable whose value the deployment region
// is (region): the root module's default aws provider sets its region to
// var.NAME (or, linted without a plan, to a local that is exactly it), and
// the variable has a value. "" otherwise: a literal region, or one read
// at plan time (data.aws_region).
func (b *builder) regionVariable() string {
	if _, ok := b.providerRegion(); !ok {
		return ""
	}
	if b.p.fromConfig() {
		name, _ := b.regionVarRef()
		return name
	}
	for _, pc := range b.p.raw.Config.ProviderConfigs {
		if pc == nil || pc.Name != "aws" || pc.Alias != "" || pc.ModuleAddress != "" {
			continue
		}
		if e := pc.Expressions["region"]; e != nil && e.ExpressionData != nil {
			if refs := maximal(e.References); len(refs) == 1 && strings.HasPrefix(refs[0], "var.") {
				return refs[0][len("var."):]
			}
		}
	}
	return ""
}

// regionVarRef is the root variable the root module's default aws provider
// block sets its region to: its region argument is exactly var.NAME, or a
// root local (a chain of them) that is exactly var.NAME, and NAME is
// declared.
func (b *builder) regionVarRef() (string, bool) {
	m := b.src.Module(nil) // not nil when the provider's region is found
	e, ok := b.providerRegionExpr()
	if !ok {
		return "", false
	}
	for range maxDepth {
		if w, ok := e.(*hclsyntax.TemplateWrapExpr); ok {
			e = w.Wrapped // "${var.region}"
		}
		tr, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() || len(tr) != 2 {
			return "", false
		}
		step, ok := tr[1].(hcl.TraverseAttr)
		if !ok {
			return "", false
		}
		switch tr.RootName() {
		case "local":
			if e = m.Locals[step.Name]; e == nil {
				return "", false
			}
		case "var":
			return step.Name, m.Variables[step.Name] != nil
		default:
			return "", false
		}
	}
	return "", false
}

// providerRegionVar is the root variable the root module's default aws
// provider block sets its region to, when its region argument is exactly
// var.NAME, or a root local (a chain of them) that is exactly var.NAME,
// and the variable has no default or a null one (for terraform, a null
// argument is an unset one).
func (b *builder) providerRegionVar() (string, bool) {
	name, ok := b.regionVarRef()
	if !ok || hasValueDefault(b.src.Module(nil).Variables[name]) {
		return "", false
	}
	return name, true
}

// hasValueDefault reports whether a variable declaration has a default
// other than null.
func hasValueDefault(decl *hclsyntax.Block) bool {
	e, ok := attr(decl, "default")
	if !ok {
		return false
	}
	v, diags := e.Value(nil)
	return diags.HasErrors() || !v.IsNull()
}

// inheritsDefaultProvider reports whether the default aws provider of the
// module at path is the root module's: no module call on the way passes
// its own as providers = { aws = ... } (but aws itself).
func (b *builder) inheritsDefaultProvider(path []string) bool {
	for i := range path {
		m := b.src.Module(path[:i])
		if m == nil {
			return false
		}
		e, ok := attr(m.Calls[path[i]], "providers")
		if !ok {
			continue
		}
		obj, ok := e.(*hclsyntax.ObjectConsExpr)
		if !ok {
			return false
		}
		for _, item := range obj.Items {
			key := hcl.ExprAsKeyword(item.KeyExpr)
			if key != "aws" {
				continue
			}
			if tr, diags := hcl.AbsTraversalForExpr(item.ValueExpr); diags.HasErrors() || len(tr) != 1 || tr.RootName() != "aws" {
				return false
			}
		}
	}
	return true
}

// shapeFuncs are the functions whose result's shape (a length, which keys
// or elements it holds, in which order) does not depend on the text of
// the strings inside their collection arguments: a list of service names
// built from the deployment region has a length whatever the region is.
// Functions that compare such strings (contains, index, distinct, toset)
// are not among them.
var shapeFuncs = []string{
	"chunklist", "coalescelist", "compact", "concat", "element", "flatten", "keys", "length",
	"lookup", "merge", "reverse", "slice", "tolist", "tomap", "values", "zipmap",
}

// withShapeFuncs wraps the shapeFuncs of funcs (withTextOnly), so that
// count = length(local.service_names) is known when the names are built
// from the deployment region.
func (ev *evaluator) withShapeFuncs(funcs map[string]function.Function) map[string]function.Function {
	for _, name := range shapeFuncs {
		if f, ok := funcs[name]; ok {
			funcs[name] = ev.withTextOnly(f)
		}
	}
	return funcs
}

// withTextOnly is f called on its arguments with textOnly applied: the
// marks of the arguments themselves, and those of their elements other
// than the region's text, carry over to the result as f carries them.
func (ev *evaluator) withTextOnly(f function.Function) function.Function {
	params := f.Params()
	for i := range params {
		params[i].AllowMarked = true
	}
	vp := f.VarParam()
	if vp != nil {
		vp.AllowMarked = true
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    vp,
		Type: func(args []cty.Value) (cty.Type, error) {
			return f.ReturnTypeForValues(ev.textOnly(args))
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			out, err := f.Call(ev.textOnly(args))
			if from, ok := regionScalar(args); ok && err == nil {
				out = out.Mark(regionMark{from: from, transformed: true}) // lookup(m, region, ...)
			}
			return out, err
		},
	})
}

// regionScalar returns the reference the first of args that is a
// primitive value computed from the deployment region's symbol (a lookup
// key, an index) came from: the element a shape function selects by it
// depends on which region it is.
func regionScalar(args []cty.Value) (string, bool) {
	for _, a := range args {
		if a.Type().IsPrimitiveType() {
			if from, ok := byRegion(a.Marks()); ok {
				return from, true
			}
		}
	}
	return "", false
}

// carryFuncs are the functions besides shapeFuncs that carry the
// deployment region's symbol into their result as text, unchanged
// whatever the region is: string templates under another name; tostring;
// try and can, which give an argument's own value; and jsonencode, whose
// JSON reads back with each string as it was (a policy document's ARNs).
// Calls to the other functions given the symbol are
// withRegionTransformed.
var carryFuncs = []string{"can", "format", "formatlist", "join", "jsonencode", "tostring", "try"}

// withRegionTransformed wraps the functions of funcs other than
// carryFuncs and shapeFuncs so that their result, when an argument holds
// the deployment region's symbol, is marked transformed (regionMark).
func withRegionTransformed(funcs map[string]function.Function) map[string]function.Function {
	for name, f := range funcs {
		if !slices.Contains(carryFuncs, name) && !slices.Contains(shapeFuncs, name) {
			funcs[name] = regionTransformed(f)
		}
	}
	return funcs
}

// regionTransformed is f, its result marked regionMark transformed when
// one of its arguments, or a value inside one, was computed from the
// deployment region's symbol. The wrapper takes every argument as it is
// (marked, unknown, of no known type) and leaves f.Call to deal with
// them, so that an unknown result keeps the reasons its arguments carry.
func regionTransformed(f function.Function) function.Function {
	params := f.Params()
	for i := range params {
		params[i].AllowMarked, params[i].AllowUnknown, params[i].AllowDynamicType = true, true, true
	}
	vp := f.VarParam()
	if vp != nil {
		vp.AllowMarked, vp.AllowUnknown, vp.AllowDynamicType = true, true, true
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    vp,
		Type:        f.ReturnTypeForValues,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			out, err := f.Call(args)
			if err != nil {
				return out, err
			}
			for _, a := range args {
				_, paths := a.UnmarkDeepWithPaths()
				for _, pm := range paths {
					if from, ok := byRegion(pm.Marks); ok {
						return out.Mark(regionMark{from: from, transformed: true}), nil
					}
				}
			}
			return out, nil
		},
	})
}

// textOnly drops regionMark from the strings inside args (not from args
// themselves) that hold the deployment region's placeholder: their text
// says where the region is. Other values inside args computed from the
// region (a comparison's result, a substring) keep it.
func (ev *evaluator) textOnly(args []cty.Value) []cty.Value {
	out := make([]cty.Value, len(args))
	for i, a := range args {
		out[i] = a
		v, top := a.Unmark()
		if !v.ContainsMarked() {
			continue
		}
		inner, paths := v.UnmarkDeepWithPaths()
		keep := make([]cty.PathValueMarks, 0, len(paths))
		for _, pm := range paths {
			if _, ok := byRegion(pm.Marks); ok && !transformedRegion(pm.Marks) && ev.isRegionText(pm.Path, inner) {
				marks := cty.NewValueMarks()
				for m := range pm.Marks {
					if _, is := m.(regionMark); !is {
						marks[m] = struct{}{}
					}
				}
				pm.Marks = marks
			}
			keep = append(keep, pm)
		}
		out[i] = inner.MarkWithPaths(keep).WithMarks(top)
	}
	return out
}

// isRegionText reports whether the value at path in v is a known string
// that holds the deployment region's placeholder.
func (ev *evaluator) isRegionText(path cty.Path, v cty.Value) bool {
	el, err := path.Apply(v)
	return err == nil && el.IsKnown() && !el.IsNull() && el.Type() == cty.String && strings.Contains(el.AsString(), ev.regionText())
}

// regionChosen is v, the value of e in ctx, marked regionMark transformed
// when a conditional expression inside e chooses by a condition computed
// from the deployment region's symbol: the branch taken for the
// placeholder's text is not necessarily the region's, even when it holds
// the symbol (region == "us-east-1" ? "...${region}.logs" : "...${region}.sqs").
func regionChosen(ctx *hcl.EvalContext, e hcl.Expression, v cty.Value) cty.Value {
	if !v.ContainsMarked() || !deepRegional(v) {
		return v
	}
	syn, ok := e.(hclsyntax.Node)
	if !ok {
		return v
	}
	from := ""
	diags := hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
		c, ok := n.(*hclsyntax.ConditionalExpr)
		if !ok || from != "" {
			return nil
		}
		cond, diags := c.Condition.Value(ctx)
		if diags.HasErrors() {
			return nil // refers to a for expression's iterator
		}
		if _, marks := cond.UnmarkDeep(); len(marks) > 0 {
			from, _ = byRegion(marks)
		}
		return nil
	})
	if from == "" || diags.HasErrors() {
		return v
	}
	return v.Mark(regionMark{from: from, transformed: true})
}

// deepRegional reports whether v, or a value inside it, was computed from
// the deployment region's symbol.
func deepRegional(v cty.Value) bool {
	_, marks := v.UnmarkDeep()
	return regional(marks)
}
