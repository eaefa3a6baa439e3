package terraform

import (
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
)

// The plan holds sensitive values in clear (after, values, variables);
// after_sensitive and sensitive_values only flag them (DOMAIN.md §11.1).
// The graph keeps them, so that rules decide with the real values, and
// records every sensitive string with Graph.MarkSensitive, so that the
// rules framework redacts it from what it reports. Only strings are
// recorded: booleans, numbers and the empty string identify nothing and
// would redact ports and flags from every message.

// markSensitive records the sensitive strings of the plan: every string
// leaf the plan flags sensitive in a resource instance's values, and the
// values of variables declared sensitive. Values that reach the graph
// through a sensitive module variable or output are recorded when they are
// resolved (variable, moduleOutput).
func (b *builder) markSensitive() {
	consts := map[*tfjson.ConfigResource]map[string]bool{}
	for _, in := range b.p.instances {
		if !anyTrue(in.sens, 0) {
			continue
		}
		c, ok := consts[in.cfg]
		if !ok {
			c = configConstants(in.cfg)
			consts[in.cfg] = c
		}
		b.markFlagged(in.vals.v, in.sens, c, 0)
	}
	b.markVariables(b.p.root, 0)
}

// markFlagged walks a value along its sensitivity tree s. A leaf flagged
// itself is recorded. A container flagged as a whole (Terraform flags a
// whole set of blocks when one element holds a sensitive value) has its
// string leaves recorded, except those that cannot be the secret and that
// messages and fixes must be able to name: the constants the resource's
// configuration writes in clear, and the leaves that name a protocol, a rule
// action or a setting (protocol, action, namespace, name, resource).
func (b *builder) markFlagged(v, s any, consts map[string]bool, depth int) {
	if depth > maxDepth {
		return
	}
	switch s := s.(type) {
	case bool:
		if !s {
			return
		}
		if str, ok := v.(string); ok {
			b.mark(str)
			return
		}
		b.markLeaves(v, consts, "", depth)
	case map[string]any:
		if m, ok := v.(map[string]any); ok {
			for k, sub := range s {
				b.markFlagged(m[k], sub, consts, depth+1)
			}
		}
	case []any:
		if l, ok := v.([]any); ok {
			for i, sub := range s {
				if i < len(l) {
					b.markFlagged(l[i], sub, consts, depth+1)
				}
			}
		}
	}
}

// namingKeys are the block attributes whose values name a protocol, a rule
// action or an option setting: never secrets.
var namingKeys = map[string]bool{"protocol": true, "ip_protocol": true, "action": true, "namespace": true, "name": true, "resource": true}

// markLeaves records the string leaves of a value flagged as a whole,
// except configuration constants and naming leaves (nil consts: none are
// exempt). key is the attribute that holds v.
func (b *builder) markLeaves(v any, consts map[string]bool, key string, depth int) {
	if depth > maxDepth {
		return
	}
	switch v := v.(type) {
	case string:
		if consts == nil || !consts[v] && !namingKeys[key] {
			b.mark(v)
		}
	case map[string]any:
		for k, sub := range v {
			b.markLeaves(sub, consts, k, depth+1)
		}
	case []any:
		for _, sub := range v {
			b.markLeaves(sub, consts, key, depth+1)
		}
	}
}

// mark records one sensitive string; "true"/"false" and "" are not. The
// comma-separated parts of a string are recorded too: an Elastic Beanstalk
// option value lists IDs that way, and rules name them one by one.
func (b *builder) mark(s string) {
	if s == "" || s == "true" || s == "false" {
		return
	}
	b.g.MarkSensitive(s)
	if strings.Contains(s, ",") {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(part); part != "true" && part != "false" {
				b.g.MarkSensitive(part)
			}
		}
	}
}

// markValues records the literals of values resolved from a sensitive
// variable or output. The JSON types are gone by then: literals that read
// as numbers are left out, as numbers are everywhere else.
func (b *builder) markValues(vals []parsers.Value) {
	for _, v := range vals {
		b.markValue(v, 0)
	}
}

func (b *builder) markValue(v parsers.Value, depth int) {
	if depth > maxDepth {
		return
	}
	switch v.Kind {
	case parsers.Known:
		if _, err := strconv.ParseFloat(v.Str, 64); err != nil {
			b.mark(v.Str)
		}
	case parsers.List, parsers.Choice:
		for _, it := range v.Items {
			b.markValue(it, depth+1)
		}
	case parsers.Map:
		for _, f := range v.Fields {
			b.markValue(f.Value, depth+1)
		}
	case parsers.Concat:
		for _, p := range v.Parts {
			b.markValue(p, depth+1)
		}
	}
}

// markVariables records the values of the variables declared sensitive in
// m and its children: the root's values given to the plan, and every
// declared default.
func (b *builder) markVariables(m *module, depth int) {
	if m == nil || m.cfg == nil || depth > maxDepth {
		return
	}
	for name, decl := range m.cfg.Variables {
		if decl == nil || !decl.Sensitive {
			continue
		}
		b.markLeaves(decl.Default, nil, "", 0)
		if m.parent == nil {
			if pv := b.p.raw.Variables[name]; pv != nil {
				b.markLeaves(pv.Value, nil, "", 0)
			}
		}
	}
	for _, c := range m.children {
		b.markVariables(c, depth+1)
	}
}

// configConstants returns the constant strings a resource's configuration
// writes, in its arguments and nested blocks.
func configConstants(cfg *tfjson.ConfigResource) map[string]bool {
	out := map[string]bool{}
	if cfg == nil {
		return out
	}
	var walkExprs func(es map[string]*tfjson.Expression, depth int)
	var walkConst func(v any, depth int)
	walkConst = func(v any, depth int) {
		if depth > maxDepth {
			return
		}
		switch v := v.(type) {
		case string:
			out[v] = true
		case map[string]any:
			for _, sub := range v {
				walkConst(sub, depth+1)
			}
		case []any:
			for _, sub := range v {
				walkConst(sub, depth+1)
			}
		}
	}
	walkExprs = func(es map[string]*tfjson.Expression, depth int) {
		if depth > maxDepth {
			return
		}
		for _, e := range es {
			if e == nil || e.ExpressionData == nil {
				continue
			}
			if len(e.References) == 0 && e.ConstantValue != tfjson.UnknownConstantValue {
				walkConst(e.ConstantValue, depth)
			}
			for _, nb := range e.NestedBlocks {
				walkExprs(nb, depth+1)
			}
		}
	}
	walkExprs(cfg.Expressions, 0)
	return out
}
