// Package cfnschema validates CloudFormation resources against the JSON
// schema of goformation v7 (package schema), for tests of the resources
// fixes add and of the templates beanlint fix writes. beanlint itself never
// imports it: the schema is a 7.6 MB string.
//
// The schema knows no intrinsic function (it wants a string where a
// template has {"Ref": ...}) and predates some properties (DnsOptions of
// AWS::EC2::VPCEndpoint): intrinsics are replaced by a placeholder of the
// property's type before validating, and properties the schema does not
// know are reported as such, for the caller to judge.
package cfnschema

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/awslabs/goformation/v7/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

const uri = "https://goformation.example/cloudformation.schema.json"

// Validator holds the schema and the compiled schemas of the resource
// types met; safe for concurrent use.
type Validator struct {
	doc      map[string]any
	mu       sync.Mutex
	compiled map[string]*jsonschema.Schema
}

// New reads the schema.
func New() (*Validator, error) {
	d, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(schema.CloudformationSchema)))
	if err != nil {
		return nil, fmt.Errorf("goformation schema: %w", err)
	}
	doc, _ := d.(map[string]any)
	return &Validator{doc: doc, compiled: map[string]*jsonschema.Schema{}}, nil
}

// resourceSchema returns the compiled schema of a resource type; nil when
// the schema has no such type. It compiles a document of the type's
// definition and the definitions it refers to, not the whole schema.
func (v *Validator) resourceSchema(typ string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.compiled[typ]; ok {
		return s, nil
	}
	defs, _ := v.doc["definitions"].(map[string]any)
	if _, ok := defs[typ]; !ok {
		v.compiled[typ] = nil
		return nil, nil
	}
	needed := map[string]any{}
	var collect func(name string)
	collect = func(name string) {
		if _, ok := needed[name]; ok {
			return
		}
		needed[name] = defs[name]
		for _, ref := range refs(defs[name]) {
			collect(strings.TrimPrefix(ref, "#/definitions/"))
		}
	}
	collect(typ)
	c := jsonschema.NewCompiler()
	u := uri + "/" + strings.ReplaceAll(typ, "::", "-")
	if err := c.AddResource(u, map[string]any{"definitions": needed}); err != nil {
		return nil, err
	}
	s, err := c.Compile(u + "#/definitions/" + typ)
	if err != nil {
		return nil, err
	}
	v.compiled[typ] = s
	return s, nil
}

// refs returns the $ref values in a schema.
func refs(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, w := range v {
			if s, ok := w.(string); ok && k == "$ref" {
				out = append(out, s)
			}
			out = append(out, refs(w)...)
		}
	case []any:
		for _, w := range v {
			out = append(out, refs(w)...)
		}
	}
	return out
}

// propertyTypes returns the JSON types of a resource type's properties.
func (v *Validator) propertyTypes(typ string) map[string]string {
	defs, _ := v.doc["definitions"].(map[string]any)
	def, _ := defs[typ].(map[string]any)
	props, _ := def["properties"].(map[string]any)
	p, _ := props["Properties"].(map[string]any)
	pp, _ := p["properties"].(map[string]any)
	out := map[string]string{}
	for name, s := range pp {
		if m, ok := s.(map[string]any); ok {
			t, _ := m["type"].(string)
			out[name] = t
		}
	}
	return out
}

// Resource validates one resource (its Type and Properties as a template
// writes them, YAML or JSON) and returns the problems, sorted.
func (v *Validator) Resource(typ string, properties *yaml.Node) []string {
	s, err := v.resourceSchema(typ)
	if err != nil {
		return []string{fmt.Sprintf("schema: %v", err)}
	}
	if s == nil {
		return nil // a type the schema does not know (not an AWS one)
	}
	types := v.propertyTypes(typ)
	props := map[string]any{}
	if properties != nil && properties.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(properties.Content); i += 2 {
			props[properties.Content[i].Value] = plain(properties.Content[i+1], types[properties.Content[i].Value])
		}
	}
	inst := map[string]any{"Type": typ, "Properties": props}
	if err := s.Validate(inst); err != nil {
		var out []string
		for _, line := range strings.Split(err.Error(), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "jsonschema validation failed") {
				out = append(out, typ+": "+line)
			}
		}
		sort.Strings(out)
		return out
	}
	return nil
}

// Template validates every resource of a template (YAML or JSON) and
// returns the problems, each after its resource's logical ID.
func (v *Validator) Template(src []byte) ([]string, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return nil, err
	}
	if len(n.Content) == 0 {
		return nil, fmt.Errorf("empty template")
	}
	var out []string
	res := get(n.Content[0], "Resources")
	if res == nil {
		return nil, nil
	}
	for i := 0; i+1 < len(res.Content); i += 2 {
		r := res.Content[i+1]
		typ := get(r, "Type")
		if typ == nil || typ.Kind != yaml.ScalarNode {
			continue
		}
		for _, p := range v.Resource(typ.Value, get(r, "Properties")) {
			out = append(out, res.Content[i].Value+": "+p)
		}
	}
	return out, nil
}

func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// plain converts a node to plain data, an intrinsic to a placeholder of
// the JSON type typ ("" for a string).
func plain(n *yaml.Node, typ string) any {
	if intrinsic(n) {
		switch typ {
		case "array":
			return []any{"placeholder"}
		case "integer", "number":
			return 1
		case "boolean":
			return true
		case "object":
			return map[string]any{}
		}
		return "placeholder"
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = plain(n.Content[i+1], "")
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, plain(c, ""))
		}
		return l
	case yaml.AliasNode:
		return plain(n.Alias, typ)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	if i, ok := v.(int); ok {
		return i
	}
	return v
}

// intrinsic reports whether n is a short-form tag or a one-key Ref/Fn::
// mapping.
func intrinsic(n *yaml.Node) bool {
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
	}
	return false
}
