package rules

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/beanlint/beanlint/parsers"
	"github.com/beanlint/beanlint/rules/edit"
)

// This file places CloudFormation fixes: the template an edit goes in,
// and references valid in that template only (a Ref or Fn::GetAtt of its
// own resources, an Fn::ImportValue of another template's export, adding
// the export when there is none).

// cfnPlace builds the edits of one CloudFormation fix whose resources go
// in template file.
type cfnPlace struct {
	a    *analysis
	file string
	// outputs are the exports other templates add for references from
	// file.
	outputs []edit.Edit
	// taken are the logical IDs the fix gives the resources it adds.
	taken []string
}

// cfnAt returns a place for edits in the template that declares n, else
// in the template of fallback; nil when neither is a CloudFormation input.
func (a *analysis) cfnAt(n, fallback parsers.Node) *cfnPlace {
	for _, m := range []parsers.Node{n, fallback} {
		if f := a.cfnFile(m); f != "" {
			return &cfnPlace{a: a, file: f}
		}
	}
	return nil
}

// cfnFile returns the CloudFormation template that declares n ("" when
// n is nil, synthetic, of a nested stack or of another language).
func (a *analysis) cfnFile(n parsers.Node) string {
	if isNil(n) || n.Base().Synthetic || strings.Contains(n.Base().Name, ".") {
		return ""
	}
	f := a.q.SourceFile(n)
	if f == nil || !strings.HasPrefix(f.Format, "cloudformation") {
		return ""
	}
	return f.Path
}

// isNil reports whether n is nil, also as a typed nil pointer.
func isNil(n parsers.Node) bool {
	if n == nil {
		return true
	}
	switch n := n.(type) {
	case *parsers.VPC:
		return n == nil
	case *parsers.Subnet:
		return n == nil
	case *parsers.SecurityGroup:
		return n == nil
	case *parsers.RouteTable:
		return n == nil
	case *parsers.VPCEndpoint:
		return n == nil
	case *parsers.NetworkACL:
		return n == nil
	}
	return false
}

// fix returns the fix made of edits and the exports they need.
func (p *cfnPlace) fix(description string, edits ...edit.Edit) edit.Fix {
	if p == nil {
		return edit.Fix{Description: description}
	}
	return cfnFix(description, append(edits, p.outputs...)...)
}

// name returns a logical ID for a new resource of the place's template:
// base, or base with a number appended when the template or this fix has
// a resource of that name.
func (p *cfnPlace) name(base string) string {
	ns := p.a.namesInFile(p.file)
	out := base
	for i := 2; ns[out] || slices.Contains(p.taken, out); i++ {
		out = base + strconv.Itoa(i)
	}
	p.taken = append(p.taken, out)
	return out
}

// set is the edit setting property path of resource n (in n's template;
// no file when the template's text does not declare n).
func (a *analysis) set(n parsers.Node, v edit.Value, path ...string) edit.Edit {
	return edit.Edit{File: a.editableFile(n), Op: edit.SetProperty, Target: n.Base().Name, Path: path, Value: v, At: n.Base().Loc}
}

// appendTo is the edit appending items to the list at path of resource n.
func (a *analysis) appendTo(n parsers.Node, items []edit.Value, path ...string) edit.Edit {
	return edit.Edit{File: a.editableFile(n), Op: edit.AppendItems, Target: n.Base().Name, Path: path, Value: edit.ListOf(items...), At: n.Base().Loc}
}

// editableFile returns the template whose text declares n, "" when none
// does (a resource an Fn::ForEach loop makes).
func (a *analysis) editableFile(n parsers.Node) string {
	if n.Base().Generated {
		return ""
	}
	return a.cfnFile(n)
}

// ref returns a reference valid in the place's template to n's Ref (attr
// "") or attribute attr; a placeholder named placeholder, standing for
// what, when n is not a resource of a CloudFormation input.
func (p *cfnPlace) ref(n parsers.Node, attr, placeholder, what string) edit.Value {
	file := p.a.cfnFile(n)
	if file == "" {
		return edit.PlaceholderFor(placeholder, what)
	}
	return p.refIn(file, n.Base().Name, attr)
}

// refIn returns a reference valid in the place's template to the Ref or
// attribute attr of resource id of template file: the resource itself in
// the same template, else an import of file's export of it, which is
// added when file has none with a name that does not depend on its stack.
func (p *cfnPlace) refIn(file, id, attr string) edit.Value {
	if file == p.file {
		if attr == "" {
			return edit.RefTo(id)
		}
		return edit.AttrOf(id, attr)
	}
	var taken []string
	for _, f := range p.a.g.Files {
		if f.Path != file {
			continue
		}
		for _, o := range f.Outputs {
			if o.Resource == id && o.Attr == attr && o.Export != "" && !strings.Contains(o.Export, "${") {
				return edit.ImportOf(o.Export)
			}
			taken = append(taken, o.ID)
		}
	}
	for _, o := range p.outputs {
		if o.File == file && o.Value.Str == id && o.Value.Attr == attr {
			return edit.ImportOf(o.Export)
		}
		if o.File == file {
			taken = append(taken, o.Target)
		}
	}
	out := id + attr
	for i := 2; slices.Contains(taken, out); i++ {
		out = id + attr + strconv.Itoa(i)
	}
	stem := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	export := strings.Map(exportRune, stem) + "-" + out
	v := edit.RefTo(id)
	if attr != "" {
		v = edit.AttrOf(id, attr)
	}
	p.outputs = append(p.outputs, edit.Edit{File: file, Op: edit.AddOutput, Target: out, Value: v, Export: export,
		Comment: "for Fn::ImportValue in " + filepath.Base(p.file)})
	return edit.ImportOf(export)
}

// vpc returns the environment's VPC ID for the place's template: the VPC
// when it is in the inputs, else the VPCId setting as written (a
// parameter of this template, an import, a literal ID unless it is a
// secret), else a placeholder.
func (p *cfnPlace) vpc(e *Env) edit.Value {
	if e.VPC != nil {
		return p.ref(e.VPC, "", "Vpc", "the environment's VPC")
	}
	v := e.VPCValue
	switch {
	case v.Origin().Kind == parsers.ParameterOrigin && v.Origin().File == p.file:
		return edit.RefTo(v.Origin().Name)
	case v.Origin().Kind == parsers.ImportOrigin && v.Origin().File == "":
		return edit.ImportOf(v.Origin().Name)
	case v.Kind == parsers.Known && !v.Secret:
		return edit.Str(strings.TrimSpace(v.Str))
	case v.Kind == parsers.Known:
		return edit.PlaceholderFor("Vpc", "the environment's VPC, whose ID is sensitive")
	}
	return edit.PlaceholderFor("Vpc", "the environment's VPC")
}

// vpcCIDR returns the CIDR of the environment's VPC for the place's
// template, or a placeholder.
func (p *cfnPlace) vpcCIDR(e *Env) edit.Value {
	if e.VPC != nil {
		return p.ref(e.VPC, "CidrBlock", "VpcCidr", "the CIDR of the environment's VPC")
	}
	return edit.PlaceholderFor("VpcCidr", "a parameter holding the CIDR of the environment's VPC, which the linted templates do not define")
}

// subnets returns the subnets as a list for the place's template, with
// placeholders when the inputs name none.
func (p *cfnPlace) subnets(subnets []*Subnet) edit.Value {
	var items []edit.Value
	for _, s := range subnets {
		if v, ok := p.subnet(s); ok {
			items = append(items, v)
		}
	}
	if len(items) == 0 {
		return edit.ListOf(edit.PlaceholderFor("PrivateSubnetA", "an instance subnet"), edit.PlaceholderFor("PrivateSubnetB", "an instance subnet in another Availability Zone"))
	}
	return edit.ListOf(items...)
}

// subnet returns a subnet's ID for the place's template: a reference, a
// literal ID, a parameter of the template; ok is false when none serves.
func (p *cfnPlace) subnet(s *Subnet) (edit.Value, bool) {
	switch {
	case s.Node != nil:
		return p.ref(s.Node, "", "PrivateSubnet", "an instance subnet"), true
	case s.Value.Kind == parsers.Known && !s.Value.HoldsSecret():
		return edit.Str(strings.TrimSpace(s.Value.Str)), true
	case s.Value.Origin().Kind == parsers.ParameterOrigin && s.Value.Origin().File == p.file:
		return edit.RefTo(s.Value.Origin().Name), true
	}
	return edit.Value{}, false
}

// serviceName is com.amazonaws.<the stack's region>.<svc>.
func serviceName(svc string) edit.Value {
	return edit.ConcatOf(edit.Str("com.amazonaws."), edit.RefTo("AWS::Region"), edit.Str("."+svc))
}

// namesInFile returns the resource names of the input file.
func (a *analysis) namesInFile(file string) names {
	for _, n := range graphNodes(a.g) {
		if a.fileOf(n) == file {
			return a.namesIn(n)
		}
	}
	return a.namesIn(nil)
}

// exportRune keeps the characters an export name allows (letters, digits,
// colons and hyphens) and makes others hyphens.
func exportRune(r rune) rune {
	if r == ':' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
		return r
	}
	return '-'
}
