// Package hcl renders and applies edits (package rules/edit) on Terraform
// configuration in native syntax (.tf), with hclsyntax: Render shows
// what a fix changes, as terraform fmt writes it; Apply makes the change
// in a file's source, leaving every top-level block it does not touch
// byte-identical and writing the blocks it touches as terraform fmt does.
package hcl

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/beanlint/beanlint/rules/edit"
)

// expr renders v as an HCL expression. Line comments of values are left
// to the caller (comment), since a comment ends the line it is on.
func expr(v edit.Value) (string, error) {
	switch v.Kind {
	case edit.String:
		return quote(v.Str), nil
	case edit.Number:
		return v.Str, nil
	case edit.Bool:
		if v.Bool {
			return "true", nil
		}
		return "false", nil
	case edit.Ref:
		return ref(v), nil
	case edit.Concat:
		var b strings.Builder
		b.WriteByte('"')
		for _, p := range v.Items {
			switch p.Kind {
			case edit.String, edit.Number:
				q := quote(p.Str)
				b.WriteString(q[1 : len(q)-1])
			case edit.Ref, edit.Expr, edit.Placeholder:
				e, err := expr(p)
				if err != nil {
					return "", err
				}
				b.WriteString("${" + e + "}")
			default:
				return "", fmt.Errorf("a %s in a string template", kindName(p.Kind))
			}
		}
		b.WriteByte('"')
		return b.String(), nil
	case edit.Expr:
		return v.Str, nil
	case edit.Placeholder:
		return "var." + v.Str, nil
	case edit.List:
		return list(v)
	case edit.Map:
		return object(v)
	}
	return "", fmt.Errorf("a %s has no Terraform form", kindName(v.Kind))
}

// list renders a list on one line when its items are scalars without
// comments, else one item a line.
func list(v edit.Value) (string, error) {
	items := make([]string, len(v.Items))
	inline := true
	for i, it := range v.Items {
		s, err := expr(it)
		if err != nil {
			return "", err
		}
		items[i] = s
		inline = inline && it.Comment == "" && !strings.Contains(s, "\n")
	}
	if inline {
		return "[" + strings.Join(items, ", ") + "]", nil
	}
	var b strings.Builder
	b.WriteString("[\n")
	for i, s := range items {
		b.WriteString(s + "," + comment(v.Items[i].Comment) + "\n")
	}
	b.WriteString("]")
	return b.String(), nil
}

// object renders a map: on one line when it has a few scalar fields
// without comments (as a map input's entries are often written), else one
// field a line.
func object(v edit.Value) (string, error) {
	if len(v.Fields) == 0 {
		return "{}", nil
	}
	fields := make([]string, len(v.Fields))
	inline := len(v.Fields) <= 3
	for i, f := range v.Fields {
		if f.Value.Block {
			return "", fmt.Errorf("%s: a nested block inside an expression", f.Key)
		}
		s, err := expr(f.Value)
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Key, err)
		}
		fields[i] = key(f.Key) + " = " + s
		inline = inline && f.Value.Comment == "" && f.Value.Kind != edit.Map && f.Value.Kind != edit.List
	}
	if inline {
		return "{ " + strings.Join(fields, ", ") + " }", nil
	}
	var b strings.Builder
	b.WriteString("{\n")
	for i, s := range fields {
		b.WriteString(s + comment(v.Fields[i].Value.Comment) + "\n")
	}
	b.WriteString("}")
	return b.String(), nil
}

// body renders the fields of a map as the arguments and nested blocks of
// a block body, one a line.
func body(v edit.Value) (string, error) {
	var b strings.Builder
	for _, f := range v.Fields {
		s, err := field(f)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// field renders one field of a block body: an argument, or (Block) one or
// more nested blocks.
func field(f edit.Field) (string, error) {
	if !f.Value.Block {
		s, err := expr(f.Value)
		if err != nil {
			return "", fmt.Errorf("%s: %w", f.Key, err)
		}
		return f.Key + " = " + s + comment(f.Value.Comment) + "\n", nil
	}
	blocks := []edit.Value{f.Value}
	if f.Value.Kind == edit.List {
		blocks = f.Value.Items
	}
	var b strings.Builder
	for _, blk := range blocks {
		s, err := nested(f.Key, blk)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// nested renders a nested block of type typ with the fields of v.
func nested(typ string, v edit.Value) (string, error) {
	if v.Kind != edit.Map {
		return "", fmt.Errorf("%s: a nested block must be a map, not a %s", typ, kindName(v.Kind))
	}
	inner, err := body(v)
	if err != nil {
		return "", fmt.Errorf("%s: %w", typ, err)
	}
	return commentLine(v.Comment) + typ + " {\n" + inner + "}\n", nil
}

// ref renders a reference: the attribute of a resource, data source or
// module ("aws_vpc.main.id", "module.vpc.vpc_id"), or a variable or local.
func ref(v edit.Value) string {
	switch {
	case v.Attr != "":
		return v.Str + "." + v.Attr
	case strings.HasPrefix(v.Str, "var."), strings.HasPrefix(v.Str, "local."), strings.HasPrefix(v.Str, "module."):
		return v.Str
	}
	return v.Str + ".id"
}

// quote renders s as an HCL quoted string: escapes, and template
// sequences escaped so that s is taken literally.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "${", "$${", "%{", "%%{")
	return `"` + r.Replace(s) + `"`
}

// key renders an object key: bare when it is an identifier.
func key(k string) string {
	if hclsyntax.ValidIdentifier(k) {
		return k
	}
	return quote(k)
}

func comment(c string) string {
	if c == "" {
		return ""
	}
	return " # " + oneLine(c)
}

func commentLine(c string) string {
	if c == "" {
		return ""
	}
	var b strings.Builder
	for line := range strings.SplitSeq(c, "\n") {
		b.WriteString("# " + line + "\n")
	}
	return b.String()
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

func kindName(k edit.Kind) string {
	switch k {
	case edit.String:
		return "string"
	case edit.Number:
		return "number"
	case edit.Bool:
		return "bool"
	case edit.List:
		return "list"
	case edit.Map:
		return "map"
	case edit.Ref:
		return "reference"
	case edit.Import:
		return "CloudFormation import"
	case edit.Concat:
		return "string template"
	case edit.Expr:
		return "expression"
	case edit.Placeholder:
		return "placeholder"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Expression renders v as an HCL expression, as Render writes values
// (line comments of the value itself left out).
func Expression(v edit.Value) (string, error) {
	s, err := expr(v)
	if err != nil {
		return "", err
	}
	return string(format([]byte(s))), nil
}
