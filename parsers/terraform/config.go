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
	var err [2]error
	out := &tfjson.Config{}
	out.ProviderConfigs, err[0] = convertMap(c.ProviderConfigs, (*providerConfigJSON).provider)
	out.RootModule, err[1] = c.RootModule.module()
	return out, errors.Join(err[:]...)
}

func (p *providerConfigJSON) provider() (*tfjson.ProviderConfig, error) {
	exprs, err := expressions(p.Expressions)
	return &tfjson.ProviderConfig{Name: p.Name, FullName: p.FullName, Alias: p.Alias,
		ModuleAddress: p.ModuleAddress, Expressions: exprs, VersionConstraint: p.VersionConstraint}, err
}

func (m *configModuleJSON) module() (*tfjson.ConfigModule, error) {
	if m == nil {
		return nil, nil
	}
	var err [4]error
	out := &tfjson.ConfigModule{}
	out.Outputs, err[0] = convertMap(m.Outputs, (*configOutputJSON).output)
	out.Resources, err[1] = convertSlice(m.Resources, (*configResourceJSON).resource)
	out.ModuleCalls, err[2] = convertMap(m.ModuleCalls, (*moduleCallJSON).call)
	out.Variables, err[3] = convertMap(m.Variables, (*configVariableJSON).variable)
	return out, errors.Join(err[:]...)
}

func (o *configOutputJSON) output() (*tfjson.ConfigOutput, error) {
	e, err := expression(o.Expression)
	return &tfjson.ConfigOutput{Sensitive: o.Sensitive, Expression: e, Description: o.Description, DependsOn: o.DependsOn}, err
}

func (v *configVariableJSON) variable() (*tfjson.ConfigVariable, error) {
	def, ok := float64s(v.Default)
	if !ok {
		return nil, errNotNumber
	}
	return &tfjson.ConfigVariable{Default: def, Description: v.Description, Sensitive: v.Sensitive}, nil
}

func (r *configResourceJSON) resource() (*tfjson.ConfigResource, error) {
	out := &tfjson.ConfigResource{Address: r.Address, Mode: r.Mode, Type: r.Type, Name: r.Name,
		ProviderConfigKey: r.ProviderConfigKey, SchemaVersion: r.SchemaVersion, DependsOn: r.DependsOn}
	var err [4]error
	out.Provisioners, err[0] = convertSlice(r.Provisioners, (*configProvisionerJSON).provisioner)
	out.Expressions, err[1] = expressions(r.Expressions)
	out.CountExpression, err[2] = expression(r.CountExpression)
	out.ForEachExpression, err[3] = expression(r.ForEachExpression)
	return out, errors.Join(err[:]...)
}

func (p *configProvisionerJSON) provisioner() (*tfjson.ConfigProvisioner, error) {
	exprs, err := expressions(p.Expressions)
	return &tfjson.ConfigProvisioner{Type: p.Type, Expressions: exprs}, err
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

// convertMap converts the entries of m with conv; null entries stay nil,
// and a missing map stays nil.
func convertMap[From, To any](m map[string]*From, conv func(*From) (*To, error)) (map[string]*To, error) {
	if m == nil {
		return nil, nil
	}
	out := make(map[string]*To, len(m))
	for k, v := range m {
		if v == nil {
			out[k] = nil
			continue
		}
		c, err := conv(v)
		if err != nil {
			return nil, err
		}
		out[k] = c
	}
	return out, nil
}

// convertSlice is convertMap for a list.
func convertSlice[From, To any](s []*From, conv func(*From) (*To, error)) ([]*To, error) {
	if s == nil {
		return nil, nil
	}
	out := make([]*To, len(s))
	for i, v := range s {
		if v == nil {
			continue
		}
		c, err := conv(v)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
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
