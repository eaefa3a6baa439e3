package tfsource

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Module is the HCL configuration of one module, native syntax and JSON
// (whose blocks are given in native-syntax form, see nativeBody): what
// an evaluator needs to compute the values a plan leaves out (locals,
// dynamic blocks, arguments known only through expressions).
type Module struct {
	// Dir is the module's directory, as path.module gives it.
	Dir string
	// Locals are the module's local values by name.
	Locals map[string]hcl.Expression
	// Variables are the module's input variable blocks by name.
	Variables map[string]*hclsyntax.Block
	// Outputs are the value expressions of the module's outputs by name.
	Outputs map[string]hcl.Expression
	// Calls are the module's `module` blocks by call name.
	Calls map[string]*hclsyntax.Block
	// Resources are the resource and data blocks by configuration address
	// ("aws_subnet.a", "data.aws_vpc.main").
	Resources map[string]*hclsyntax.Block
	// Providers are the default (unaliased) provider blocks by provider
	// name ("aws").
	Providers map[string]*hclsyntax.Block
}

// Module returns the HCL configuration of the module at path (call names
// from the root), or nil when it was not read (a remote module without a
// manifest, a nil Index).
func (ix *Index) Module(path []string) *Module {
	if ix == nil {
		return nil
	}
	return ix.configs[moduleKey(path)]
}

// configOf returns the Module of path, creating it.
func (ix *Index) configOf(path []string, dir string) *Module {
	k := moduleKey(path)
	if m := ix.configs[k]; m != nil {
		return m
	}
	m := &Module{
		Dir:       dir,
		Locals:    map[string]hcl.Expression{},
		Variables: map[string]*hclsyntax.Block{},
		Outputs:   map[string]hcl.Expression{},
		Calls:     map[string]*hclsyntax.Block{},
		Resources: map[string]*hclsyntax.Block{},
		Providers: map[string]*hclsyntax.Block{},
	}
	ix.configs[k] = m
	return m
}

// record adds the top-level blocks of one native-syntax file to m; the
// first declaration of a name wins (Terraform rejects duplicates).
func (m *Module) record(body *hclsyntax.Body) {
	for _, b := range body.Blocks {
		switch {
		case b.Type == "locals":
			for name, a := range b.Body.Attributes {
				if _, dup := m.Locals[name]; !dup {
					m.Locals[name] = a.Expr
				}
			}
		case b.Type == "variable" && len(b.Labels) == 1:
			if _, dup := m.Variables[b.Labels[0]]; !dup {
				m.Variables[b.Labels[0]] = b
			}
		case b.Type == "output" && len(b.Labels) == 1:
			if a, ok := b.Body.Attributes["value"]; ok {
				if _, dup := m.Outputs[b.Labels[0]]; !dup {
					m.Outputs[b.Labels[0]] = a.Expr
				}
			}
		case b.Type == "module" && len(b.Labels) == 1:
			if _, dup := m.Calls[b.Labels[0]]; !dup {
				m.Calls[b.Labels[0]] = b
			}
		case b.Type == "provider" && len(b.Labels) == 1:
			if _, aliased := b.Body.Attributes["alias"]; !aliased {
				if _, dup := m.Providers[b.Labels[0]]; !dup {
					m.Providers[b.Labels[0]] = b
				}
			}
		case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2:
			addr := b.Labels[0] + "." + b.Labels[1]
			if b.Type == "data" {
				addr = "data." + addr
			}
			if _, dup := m.Resources[addr]; !dup {
				m.Resources[addr] = b
			}
		}
	}
}
