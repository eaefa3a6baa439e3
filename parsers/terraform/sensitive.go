package terraform

import (
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/beanlint/beanlint/parsers"
)

// The plan holds sensitive values in clear (after, values, variables);
// after_sensitive and sensitive_values only flag them (DOMAIN.md §11.1).
// The graph keeps them, so that rules decide with the real values, and
// marks each one parsers.Value.Secret where it is converted, so that every
// rendering for users redacts it, whatever its text.

// secrecy follows a value's place in its resource instance's sensitivity
// tree (after_sensitive or sensitive_values), to tell which of its literals
// are secret (see secret).
type secrecy struct {
	flags any  // the sensitivity tree at the value: a true covers everything below it
	whole bool // an enclosing object or list is flagged as a whole
	key   string
	// consts are the strings the resource's configuration writes in clear.
	consts map[string]bool
}

// descend follows an object attribute (name) or a list element (i).
func (s secrecy) descend(name string, i int) secrecy {
	out := secrecy{flags: sub(s.flags, name, i), whole: s.whole || s.flags == true, key: s.key, consts: s.consts}
	if name != "" {
		out.key = name
	}
	return out
}

// secret reports whether the literal v is a secret. A literal flagged
// itself is. A container flagged as a whole (Terraform flags a whole set of
// blocks when one element holds a sensitive value) makes its strings
// secret, except those that cannot be the secret and that messages and
// fixes must be able to name: the constants the resource's configuration
// writes in clear, and the leaves that name a protocol, a rule action or a
// setting (namingKeys).
func (s secrecy) secret(v any) bool {
	if s.flags != true {
		return false
	}
	if !s.whole {
		return true
	}
	str, ok := v.(string)
	return ok && !s.consts[str] && !namingKeys[s.key]
}

// namingKeys are the block attributes whose values name a protocol, a rule
// action or an option setting: never secrets.
var namingKeys = map[string]bool{"protocol": true, "ip_protocol": true, "action": true, "namespace": true, "name": true, "resource": true}

// flagSecrets gives every resource instance's values their sensitivity
// tree, so that toValue marks the secrets it converts. Values that reach
// the graph through a sensitive variable or output are marked when they are
// resolved (variable, moduleOutput).
func (b *builder) flagSecrets() {
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
		in.vals.sec = secrecy{flags: in.sens, consts: c}
	}
}

// secretValues returns vals with every literal marked secret: the values
// of a sensitive variable or output.
func secretValues(vals []parsers.Value) []parsers.Value {
	out := make([]parsers.Value, len(vals))
	for i, v := range vals {
		out[i] = v.AsSecret()
	}
	return out
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
