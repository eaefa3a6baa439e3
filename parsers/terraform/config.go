package terraform

import (
	"errors"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// The configuration section is decoded into the mirror types below and
// converted to terraform-json's types, which it decodes into itself only
// by reading each expression up to seven times (Config and Expression
// decode their input again in UnmarshalJSON, Expression twice over). The
// mirrors have terraform-json's fields and tags; expressions are decoded
// as plain JSON values and converted as Expression.UnmarshalJSON reads
// them. Numbers arrive as json.Number (the plan reader's decoder) and
// become float64, as terraform-json decodes them.

type configJSON struct {
	ProviderConfigs map[string]*providerConfigJSON `json:"provider_config"`
	RootModule      *configModuleJSON              `json:"root_module"`
}

type providerConfigJSON struct {
	Name              string         `json:"name"`
	FullName          string         `json:"full_name"`
	Alias             string         `json:"alias"`
	ModuleAddress     string         `json:"module_address"`
	Expressions       map[string]any `json:"expressions"`
	VersionConstraint string         `json:"version_constraint"`
}

type configModuleJSON struct {
	Outputs     map[string]*configOutputJSON   `json:"outputs"`
	Resources   []*configResourceJSON          `json:"resources"`
	ModuleCalls map[string]*moduleCallJSON     `json:"module_calls"`
	Variables   map[string]*configVariableJSON `json:"variables"`
}

type configOutputJSON struct {
	Sensitive   bool     `json:"sensitive"`
	Expression  any      `json:"expression"`
	Description string   `json:"description"`
	DependsOn   []string `json:"depends_on"`
}

type configResourceJSON struct {
	Address           string                   `json:"address"`
	Mode              tfjson.ResourceMode      `json:"mode"`
	Type              string                   `json:"type"`
	Name              string                   `json:"name"`
	ProviderConfigKey string                   `json:"provider_config_key"`
	Provisioners      []*configProvisionerJSON `json:"provisioners"`
	Expressions       map[string]any           `json:"expressions"`
	SchemaVersion     uint64                   `json:"schema_version"`
	CountExpression   any                      `json:"count_expression"`
	ForEachExpression any                      `json:"for_each_expression"`
	DependsOn         []string                 `json:"depends_on"`
}

type configVariableJSON struct {
	Default     any    `json:"default"`
	Description string `json:"description"`
	Sensitive   bool   `json:"sensitive"`
}

type configProvisionerJSON struct {
	Type        string         `json:"type"`
	Expressions map[string]any `json:"expressions"`
}

type moduleCallJSON struct {
	Source            string            `json:"source"`
	Expressions       map[string]any    `json:"expressions"`
	CountExpression   any               `json:"count_expression"`
	ForEachExpression any               `json:"for_each_expression"`
	Module            *configModuleJSON `json:"module"`
	VersionConstraint string            `json:"version_constraint"`
	DependsOn         []string          `json:"depends_on"`
}

// errExpression is an expression terraform-json does not decode (or that
// only json.Unmarshal's order of keys would decide).
var errExpression = errors.New("a configuration expression that is not one")

// config converts a decoded configuration section.
func (c *configJSON) config() (*tfjson.Config, error) {
	if c == nil {
		return nil, nil
	}
	out := &tfjson.Config{}
	if c.ProviderConfigs != nil {
		out.ProviderConfigs = make(map[string]*tfjson.ProviderConfig, len(c.ProviderConfigs))
		for k, p := range c.ProviderConfigs {
			if p == nil {
				out.ProviderConfigs[k] = nil
				continue
			}
			exprs, err := expressions(p.Expressions)
			if err != nil {
				return nil, err
			}
			out.ProviderConfigs[k] = &tfjson.ProviderConfig{Name: p.Name, FullName: p.FullName, Alias: p.Alias,
				ModuleAddress: p.ModuleAddress, Expressions: exprs, VersionConstraint: p.VersionConstraint}
		}
	}
	var err error
	out.RootModule, err = c.RootModule.module()
	return out, err
}

func (m *configModuleJSON) module() (*tfjson.ConfigModule, error) {
	if m == nil {
		return nil, nil
	}
	out := &tfjson.ConfigModule{}
	if m.Outputs != nil {
		out.Outputs = make(map[string]*tfjson.ConfigOutput, len(m.Outputs))
		for k, o := range m.Outputs {
			if o == nil {
				out.Outputs[k] = nil
				continue
			}
			e, err := expression(o.Expression)
			if err != nil {
				return nil, err
			}
			out.Outputs[k] = &tfjson.ConfigOutput{Sensitive: o.Sensitive, Expression: e, Description: o.Description, DependsOn: o.DependsOn}
		}
	}
	if m.Resources != nil {
		out.Resources = make([]*tfjson.ConfigResource, len(m.Resources))
		for i, r := range m.Resources {
			if r == nil {
				continue
			}
			res, err := r.resource()
			if err != nil {
				return nil, err
			}
			out.Resources[i] = res
		}
	}
	if m.ModuleCalls != nil {
		out.ModuleCalls = make(map[string]*tfjson.ModuleCall, len(m.ModuleCalls))
		for k, c := range m.ModuleCalls {
			if c == nil {
				out.ModuleCalls[k] = nil
				continue
			}
			call, err := c.call()
			if err != nil {
				return nil, err
			}
			out.ModuleCalls[k] = call
		}
	}
	if m.Variables != nil {
		out.Variables = make(map[string]*tfjson.ConfigVariable, len(m.Variables))
		for k, v := range m.Variables {
			if v == nil {
				out.Variables[k] = nil
				continue
			}
			def, ok := float64s(v.Default)
			if !ok {
				return nil, errNotNumber
			}
			out.Variables[k] = &tfjson.ConfigVariable{Default: def, Description: v.Description, Sensitive: v.Sensitive}
		}
	}
	return out, nil
}

func (r *configResourceJSON) resource() (*tfjson.ConfigResource, error) {
	out := &tfjson.ConfigResource{Address: r.Address, Mode: r.Mode, Type: r.Type, Name: r.Name,
		ProviderConfigKey: r.ProviderConfigKey, SchemaVersion: r.SchemaVersion, DependsOn: r.DependsOn}
	if r.Provisioners != nil {
		out.Provisioners = make([]*tfjson.ConfigProvisioner, len(r.Provisioners))
		for i, p := range r.Provisioners {
			if p == nil {
				continue
			}
			exprs, err := expressions(p.Expressions)
			if err != nil {
				return nil, err
			}
			out.Provisioners[i] = &tfjson.ConfigProvisioner{Type: p.Type, Expressions: exprs}
		}
	}
	var err [3]error
	out.Expressions, err[0] = expressions(r.Expressions)
	out.CountExpression, err[1] = expression(r.CountExpression)
	out.ForEachExpression, err[2] = expression(r.ForEachExpression)
	return out, errors.Join(err[:]...)
}

func (c *moduleCallJSON) call() (*tfjson.ModuleCall, error) {
	out := &tfjson.ModuleCall{Source: c.Source, VersionConstraint: c.VersionConstraint, DependsOn: c.DependsOn}
	var err [4]error
	out.Expressions, err[0] = expressions(c.Expressions)
	out.CountExpression, err[1] = expression(c.CountExpression)
	out.ForEachExpression, err[2] = expression(c.ForEachExpression)
	out.Module, err[3] = c.Module.module()
	return out, errors.Join(err[:]...)
}

// expressions converts a map of expressions.
func expressions(m map[string]any) (map[string]*tfjson.Expression, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]*tfjson.Expression, len(m))
	for k, v := range m {
		e, err := expression(v)
		if err != nil {
			return nil, err
		}
		out[k] = e
	}
	return out, nil
}

// expression converts a decoded expression as Expression.UnmarshalJSON
// reads it: a list of blocks (objects mapping names to expressions), or an
// object with constant_value and references (keys matched ignoring case,
// as json.Unmarshal matches them). A null is no expression.
func expression(v any) (*tfjson.Expression, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		var blocks []map[string]*tfjson.Expression
		for _, item := range v {
			block, ok := item.(map[string]any)
			if !ok && item != nil {
				return nil, errExpression
			}
			exprs, err := expressions(block)
			if err != nil {
				return nil, err
			}
			if exprs == nil {
				exprs = map[string]*tfjson.Expression{}
			}
			blocks = append(blocks, exprs)
		}
		return &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{NestedBlocks: blocks}}, nil
	case map[string]any:
		data := &tfjson.ExpressionData{}
		constant, hasConstant := field(v, "constant_value")
		refs, hasRefs := field(v, "references")
		if !hasConstant || !hasRefs {
			return nil, errExpression
		}
		var ok bool
		if data.ConstantValue, ok = float64s(constant); !ok {
			return nil, errNotNumber
		}
		if refs != nil {
			list, ok := refs.([]any)
			if !ok {
				return nil, errExpression
			}
			data.References = make([]string, len(list))
			for i, r := range list {
				s, ok := r.(string)
				if !ok && r != nil { // a null leaves the element ""
					return nil, errExpression
				}
				data.References[i] = s
			}
		}
		if len(data.References) > 0 {
			data.ConstantValue = tfjson.UnknownConstantValue
		}
		return &tfjson.Expression{ExpressionData: data}, nil
	}
	return nil, errExpression
}

// field returns the value of the key of m that json.Unmarshal would decode
// into a struct field called name: name itself, or a key equal to it but
// for case. ok is false when keys differing in case compete, which only
// their order, lost in m, would decide.
func field(m map[string]any, name string) (v any, ok bool) {
	if v, exact := m[name]; exact {
		for k := range m {
			if k != name && strings.EqualFold(k, name) {
				return nil, false
			}
		}
		return v, true
	}
	found := false
	for k, kv := range m {
		if strings.EqualFold(k, name) {
			if found {
				return nil, false
			}
			v, found = kv, true
		}
	}
	return v, true
}
