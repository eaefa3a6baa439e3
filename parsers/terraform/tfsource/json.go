package tfsource

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"

	"github.com/beanlint/beanlint/parsers"
)

// parseJSON parses a .tf.json file (Terraform's JSON configuration
// syntax) into f.top.
func (f *file) parseJSON() (*file, []*parsers.ParseError) {
	hf, diags := hcljson.Parse(f.src, f.path)
	if diags.HasErrors() {
		return nil, f.diagErrors(JSONSyntaxError(diags))
	}
	top, diags := hf.Body.JustAttributes()
	if diags.HasErrors() {
		return nil, f.diagErrors(diags)
	}
	f.top = top
	f.jsonBody = hf.Body
	return f, nil
}

// jsonModule indexes the resource, data and module objects of a .tf.json
// file as the module at path.
func (l *loader) jsonModule(f *file, dir string, path, chain []string) {
	for _, kind := range []string{"resource", "data"} {
		attr, ok := f.top[kind]
		if !ok {
			continue
		}
		for _, typ := range objectMembers(attr.Expr) {
			for _, res := range objectMembers(typ.Value) {
				l.resource(path, kind, keyText(typ.Key), keyText(res.Key), func() (*block, []*parsers.ParseError) {
					return f.jsonBlock(res)
				})
			}
		}
	}
	if attr, ok := f.top["module"]; ok {
		for _, call := range objectMembers(attr.Expr) {
			var src hcl.Expression
			ci := &callInfo{args: map[string]parsers.Location{}}
			for _, m := range objectMembers(call.Value) {
				switch name := keyText(m.Key); name {
				case "source":
					src = m.Value
				case "//":
					ignores, bad := f.jsonIgnores(m.Value)
					ci.ignores = append(ci.ignores, ignores...)
					l.errs = append(l.errs, bad...)
					continue
				}
				if _, dup := ci.args[keyText(m.Key)]; !dup {
					ci.args[keyText(m.Key)] = f.loc(m.Value.Range())
				}
			}
			if k := moduleKey(append(path[:len(path):len(path)], keyText(call.Key))); l.ix.calls[k] == nil {
				l.ix.calls[k] = ci
			}
			l.call(f, keyText(call.Key), hcl.RangeBetween(call.Key.Range(), call.Value.Range()), src, dir, path, chain)
		}
	}
}

// objectMembers returns the members of a JSON object in source order; an
// array of objects (the JSON syntax allows one for repeated keys) yields
// the members of each.
func objectMembers(e hcl.Expression) []hcl.KeyValuePair {
	if items, diags := hcl.ExprList(e); !diags.HasErrors() && len(items) > 0 {
		var out []hcl.KeyValuePair
		for _, it := range items {
			out = append(out, objectMembers(it)...)
		}
		return out
	}
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return nil
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].Key.Range().Start.Byte < pairs[j].Key.Range().Start.Byte })
	return pairs
}

// keyText is the name of an object member.
func keyText(k hcl.Expression) string {
	v, diags := k.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return ""
	}
	return v.AsString()
}

// jsonBlock indexes one resource or data object: from its name key to its
// closing brace; arguments, nested blocks (objects or arrays of objects),
// `dynamic` blocks, setting blocks and "//" suppressions.
func (f *file) jsonBlock(res hcl.KeyValuePair) (*block, []*parsers.ParseError) {
	out := &block{
		loc:      f.loc(hcl.RangeBetween(res.Key.Range(), res.Value.Range())),
		attrs:    map[string]parsers.Location{},
		nested:   map[string]parsers.Location{},
		dynamics: map[string]parsers.Location{},
		settings: map[string]parsers.Location{},
	}
	var errs []*parsers.ParseError
	for _, m := range objectMembers(res.Value) {
		name := keyText(m.Key)
		switch name {
		case "//":
			ignores, bad := f.jsonIgnores(m.Value)
			out.ignores = append(out.ignores, ignores...)
			errs = append(errs, bad...)
			continue
		case "dynamic":
			for _, d := range objectMembers(m.Value) {
				typ := keyText(d.Key)
				loc := f.loc(hcl.RangeBetween(d.Key.Range(), d.Value.Range()))
				if _, seen := out.dynamics[typ]; !seen {
					out.dynamics[typ] = loc
				}
				if _, seen := out.nested[typ]; !seen {
					out.nested[typ] = loc
				}
			}
			continue
		}
		if _, seen := out.attrs[name]; !seen {
			out.attrs[name] = f.loc(m.Value.Range())
		}
		if name != "setting" {
			continue
		}
		for _, blk := range blockObjects(m.Value) {
			var ns, sname string
			var ok1, ok2 bool
			for _, a := range objectMembers(blk) {
				switch keyText(a.Key) {
				case "namespace":
					ns, ok1 = literal(a.Value)
				case "name":
					sname, ok2 = literal(a.Value)
				}
			}
			if k := parsers.SettingKey(ns, sname); ok1 && ok2 {
				if _, dup := out.settings[k]; !dup {
					out.settings[k] = f.loc(blk.Range())
				}
			}
		}
	}
	return out, errs
}

// blockObjects returns the objects of a nested block value: the object
// itself, or each object of an array.
func blockObjects(e hcl.Expression) []hcl.Expression {
	if items, diags := hcl.ExprList(e); !diags.HasErrors() && len(items) > 0 {
		return items
	}
	return []hcl.Expression{e}
}

// jsonIgnores reads "//": "beanlint:ignore EB301 reason" (or an array of
// such strings) in a resource object.
func (f *file) jsonIgnores(e hcl.Expression) ([]parsers.Suppression, []*parsers.ParseError) {
	var out []parsers.Suppression
	var errs []*parsers.ParseError
	for _, it := range blockObjects(e) {
		text, ok := literal(it)
		if !ok {
			continue
		}
		ids, reason, ok := parseIgnore("//" + text)
		if !ok {
			continue
		}
		loc := f.loc(it.Range())
		if len(ids) == 0 {
			errs = append(errs, &parsers.ParseError{Loc: loc, Msg: `beanlint:ignore names no rule, so it suppresses nothing; write "//": "beanlint:ignore EB301 reason"`})
		}
		for _, id := range ids {
			out = append(out, parsers.Suppression{RuleID: id, Reason: reason, Loc: loc})
		}
	}
	return out, errs
}

// JSONSyntaxError returns the error of diags, the diagnostics of
// hcljson.Parse: the first error diagnostic, where the JSON went wrong.
// The parser follows it with errors that only restate it from the
// enclosing values ("Unclosed object" at the opening brace, "Root value
// must be object" at the first byte, false when the root is an object),
// which would report one mistake as several, at the wrong lines.
func JSONSyntaxError(diags hcl.Diagnostics) hcl.Diagnostics {
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			return hcl.Diagnostics{d}
		}
	}
	return diags
}
