package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/beanlint/beanlint/parsers"
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
			if w := b.dynamicSettings(in, sc, sb, add); w != "" {
				why = w
			}
		}
	}
	return out, why, true
}

// dynamicSettings enumerates the blocks a `dynamic "setting"` block
// generates, calling add for each; it returns why they cannot be
// enumerated, or "".
func (b *builder) dynamicSettings(in *instance, sc escope, dyn *hclsyntax.Block, add func(escope, *hclsyntax.Body, bool)) string {
	ev := b.ev
	fe, ok := dyn.Body.Attributes["for_each"]
	var content *hclsyntax.Block
	for _, c := range dyn.Body.Blocks {
		if c.Type == "content" {
			content = c
		}
	}
	if !ok || content == nil {
		return fmt.Sprintf("the dynamic \"setting\" block of %s has no for_each or content", in.addr)
	}
	iter := "setting"
	if a, has := dyn.Body.Attributes["iterator"]; has {
		if tr, diags := hcl.AbsTraversalForExpr(a.Expr); !diags.HasErrors() && len(tr) == 1 {
			iter = tr.RootName()
		}
	}
	coll, marks := ev.eval(sc, fe.Expr, 0).Unmark()
	switch {
	case !coll.IsKnown():
		return fmt.Sprintf("the for_each of the dynamic \"setting\" block of %s is not known (%s)", in.addr, ev.reasonOf(coll, marks, "its collection"))
	case coll.IsNull():
		return ""
	}
	ty := coll.Type()
	if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() && !ty.IsMapType() && !ty.IsObjectType() {
		return fmt.Sprintf("the for_each of the dynamic \"setting\" block of %s is not a collection", in.addr)
	}
	if coll.LengthInt() > maxDynamicSettings {
		return fmt.Sprintf("the dynamic \"setting\" block of %s generates more settings than beanlint follows", in.addr)
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
	v, _ := ev.eval(sc, a.Expr, 0).Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}
