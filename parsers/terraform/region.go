package terraform

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/zclconf/go-cty/cty"

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
	if m := b.src.Module(nil); m != nil {
		if e, ok := attr(m.Providers["aws"], "region"); ok {
			if loc, ok := b.src.Loc(e.Range()); ok {
				return loc
			}
		}
	}
	return parsers.Location{File: b.p.Path}
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
	m := b.src.Module(nil)
	var e hcl.Expression
	ok := false
	if m != nil {
		e, ok = attr(m.Providers["aws"], "region")
	}
	if !ok {
		return "which the provider does not set: terraform plan takes it from AWS_REGION or the AWS profile " +
			"(set the provider's region argument, or lint the configuration's plan)"
	}
	ev := newEvaluator(b)
	_, marks := ev.eval(moduleScope(""), e, 0).Unmark()
	text := "its region argument"
	if t, ok := b.src.Text(e.Range()); ok {
		text += " (" + strings.Join(strings.Fields(t), " ") + ")"
	}
	if reasons := ev.reasonsOf(marks); len(reasons) > 0 {
		return text + " is not known: " + strings.Join(reasons, "; ")
	}
	return text + " is not a region name the configuration decides"
}

// configRegion evaluates the region argument of the root module's default
// aws provider block of a configuration linted without a plan.
func (b *builder) configRegion() (string, bool) {
	m := b.src.Module(nil)
	if m == nil {
		return "", false
	}
	e, ok := attr(m.Providers["aws"], "region")
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
