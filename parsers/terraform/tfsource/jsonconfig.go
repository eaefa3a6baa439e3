package tfsource

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Terraform's JSON configuration syntax (*.tf.json) in the native-syntax
// form the evaluator reads: each block a *hclsyntax.Block whose attribute
// expressions are the JSON ones (strings are templates, "${var.x}"), so
// that a .tf.json module is evaluated as its .tf twin would be.
//
// JSON does not say which properties are nested blocks: Terraform asks the
// provider's schema. The blocks beanlint reads are known by resource type
// (nestedBlocks); every other property is an argument.

// topBlocks are the top-level blocks of a configuration file.
var topBlocks = []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "locals"},
}

// metaBlocks are the nested blocks every resource may have, by Terraform.
var metaBlocks = []hcl.BlockHeaderSchema{
	{Type: "dynamic", LabelNames: []string{"type"}},
	{Type: "lifecycle"},
	{Type: "connection"},
	{Type: "provisioner", LabelNames: []string{"type"}},
	{Type: "timeouts"},
}

// nestedBlocks are the nested block types of the resources whose blocks
// beanlint reads (the AWS provider's schema).
var nestedBlocks = map[string][]string{
	"aws_elastic_beanstalk_environment":            {"setting"},
	"aws_elastic_beanstalk_configuration_template": {"setting"},
	"aws_route53_zone":                             {"vpc"},
	"aws_route_table":                              {"route"},
	"aws_default_route_table":                      {"route"},
	"aws_security_group":                           {"ingress", "egress"},
	"aws_default_security_group":                   {"ingress", "egress"},
	"aws_network_acl":                              {"ingress", "egress"},
	"aws_default_network_acl":                      {"ingress", "egress"},
	"aws_iam_policy_document":                      {"statement"},
}

// innerBlocks are the nested block types of nested blocks beanlint reads
// (the AWS provider's schema): an aws_iam_policy_document's statement.
var innerBlocks = map[string][]string{
	"statement": {"principals", "not_principals", "condition"},
}

// innerSchema is the schema of a nested block of type t: its own nested
// block types, and dynamic blocks generating them.
func innerSchema(t string) []hcl.BlockHeaderSchema {
	types := innerBlocks[t]
	if len(types) == 0 {
		return nil
	}
	schema := []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}}
	for _, t := range types {
		schema = append(schema, hcl.BlockHeaderSchema{Type: t})
	}
	return schema
}

// nativeBody converts the body of a .tf.json file to a native-syntax body
// holding its top-level blocks.
func nativeBody(body hcl.Body) (*hclsyntax.Body, hcl.Diagnostics) {
	out := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}}
	if body == nil {
		return out, nil
	}
	content, _, diags := body.PartialContent(&hcl.BodySchema{Blocks: topBlocks})
	for _, b := range content.Blocks {
		var types []string
		switch b.Type {
		case "resource", "data":
			types = nestedBlocks[b.Labels[0]]
		case "variable":
			types = []string{"validation"}
		case "output":
			types = []string{"precondition"}
		}
		schema := []hcl.BlockHeaderSchema{}
		if b.Type == "resource" || b.Type == "data" {
			schema = append(schema, metaBlocks...)
		}
		for _, t := range types {
			schema = append(schema, hcl.BlockHeaderSchema{Type: t})
		}
		blk, ds := jsonBlock(b, schema, 0)
		diags = append(diags, ds...)
		if b.Type == "variable" {
			typeShim(blk)
		}
		out.Blocks = append(out.Blocks, blk)
	}
	return out, diags
}

// maxJSONDepth bounds how deep nested blocks are converted.
const maxJSONDepth = 16

// jsonBlock converts a block of JSON syntax whose nested blocks schema
// lists.
func jsonBlock(b *hcl.Block, schema []hcl.BlockHeaderSchema, depth int) (*hclsyntax.Block, hcl.Diagnostics) {
	out := &hclsyntax.Block{
		Type: b.Type, Labels: b.Labels,
		Body:      &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: b.DefRange, EndRange: b.DefRange},
		TypeRange: b.TypeRange, LabelRanges: b.LabelRanges,
		OpenBraceRange: b.DefRange, CloseBraceRange: b.DefRange,
	}
	schema = asBlocks(b.Body, schema)
	content, remain, diags := b.Body.PartialContent(&hcl.BodySchema{Blocks: schema})
	attrs, ds := remain.JustAttributes()
	diags = append(diags, ds...)
	for name, a := range attrs {
		out.Body.Attributes[name] = &hclsyntax.Attribute{Name: name, Expr: wrap(a.Expr), SrcRange: a.Range, NameRange: a.NameRange, EqualsRange: a.NameRange}
	}
	if depth >= maxJSONDepth {
		return out, diags
	}
	for _, nb := range content.Blocks {
		inner := innerSchema(nb.Type)
		switch {
		case nb.Type == "dynamic":
			inner = []hcl.BlockHeaderSchema{{Type: "content"}}
		case nb.Type == "content" && b.Type == "dynamic" && len(b.Labels) == 1:
			inner = innerSchema(b.Labels[0])
		}
		blk, ds := jsonBlock(nb, inner, depth+1)
		diags = append(diags, ds...)
		out.Body.Blocks = append(out.Body.Blocks, blk)
	}
	return out, diags
}

// asBlocks leaves out of schema the block types that body gives as an
// expression string ("ingress": "${var.rules}"): the provider takes those
// (attributes as blocks) as an argument too, and so does Terraform's JSON
// syntax; blocks are objects or arrays.
func asBlocks(body hcl.Body, schema []hcl.BlockHeaderSchema) []hcl.BlockHeaderSchema {
	attrs, diags := body.JustAttributes()
	if diags.HasErrors() {
		return schema
	}
	var out []hcl.BlockHeaderSchema
	for _, bs := range schema {
		if a, ok := attrs[bs.Type]; ok {
			_, notList := hcl.ExprList(a.Expr)
			_, notMap := hcl.ExprMap(a.Expr)
			if notList.HasErrors() && notMap.HasErrors() {
				continue
			}
		}
		out = append(out, bs)
	}
	return out
}

// typeShim makes a variable's "type" string an expression, as Terraform
// reads it in JSON syntax ("list(string)").
func typeShim(blk *hclsyntax.Block) {
	a, ok := blk.Body.Attributes["type"]
	if !ok {
		return
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return
	}
	rng := a.Expr.Range()
	e, diags := hclsyntax.ParseExpression([]byte(v.AsString()), rng.Filename, rng.Start)
	if diags.HasErrors() {
		return
	}
	a.Expr = e
}

// jsonExpr is a JSON expression as a native-syntax one: evaluation, its
// references and its range are the JSON expression's; hcl's helpers
// (AbsTraversalForExpr, ExprList, ExprMap) see through it.
type jsonExpr struct {
	hclsyntax.Expression // a null literal at the range: for syntax-tree walks only
	e                    hcl.Expression
}

func wrap(e hcl.Expression) hclsyntax.Expression {
	if se, ok := e.(hclsyntax.Expression); ok {
		return se
	}
	return &jsonExpr{Expression: &hclsyntax.LiteralValueExpr{Val: cty.NullVal(cty.DynamicPseudoType), SrcRange: e.Range()}, e: e}
}

func (j *jsonExpr) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) { return j.e.Value(ctx) }
func (j *jsonExpr) Variables() []hcl.Traversal                              { return j.e.Variables() }
func (j *jsonExpr) Range() hcl.Range                                        { return j.e.Range() }
func (j *jsonExpr) StartRange() hcl.Range                                   { return j.e.StartRange() }

// UnwrapExpression gives hcl's helpers the JSON expression.
func (j *jsonExpr) UnwrapExpression() hcl.Expression { return j.e }
