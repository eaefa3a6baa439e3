// Package cloudformation reads CloudFormation templates (YAML or JSON,
// including CDK synth output) and adds their network resources and Elastic
// Beanstalk environments to a parsers.Graph, resolving intrinsic functions
// symbolically so that every value keeps its source location.
package cloudformation

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/beanlint/beanlint/parsers"
)

// MaxSize is the largest template Parse accepts (CloudFormation's own limit
// is 1 MB when uploaded to S3).
const MaxSize = 10 << 20

// Formats of SourceFile.Format.
const (
	FormatYAML = "cloudformation-yaml"
	FormatJSON = "cloudformation-json"
)

// Template is one parsed CloudFormation template.
type Template struct {
	// Path is the file the template was read from; node keys start with it.
	Path string
	// Format is FormatYAML or FormatJSON.
	Format string

	root       *node
	params     map[string]*node // Parameters.<name>
	conditions map[string]*node // Conditions.<name>
	mappings   *node
	outputs    *node
	resources  []*resource // in source order
	byID       map[string]*resource
	// expands is true when the template declares a Transform or uses
	// modules: resources appear at deploy time, so references to names
	// the template does not define are not errors.
	expands bool
	// langExt is true when the template declares the
	// AWS::LanguageExtensions transform, which beanlint expands.
	langExt bool
	// addedTo is true for the resources of an Elastic Beanstalk
	// configuration file, added to the environment's stack
	// (ParseConfigResources).
	addedTo bool
}

// resource is one entry of the Resources section.
type resource struct {
	id        string
	idLoc     parsers.Location
	typ       string
	props     *node
	condition string
	metadata  *node
	dependsOn []*node
	body      *node
	// loop names the Fn::ForEach whose collection is not known, for a
	// resource that stands for the copies it may make ("" otherwise).
	loop string
	// generated is true for a resource the AWS::LanguageExtensions
	// transform makes (a loop's copy, a body it rewrites).
	generated bool
}

// Parse reads a template. The error, if any, is a *parsers.ParseError with
// the file and, where known, the line and column.
func Parse(path string, data []byte) (*Template, error) { return parse(path, data, false) }

// parse reads a template; addedTo says the resources are added to a stack
// that defines others (a configuration file's, see ParseConfigResources).
func parse(path string, data []byte, addedTo bool) (*Template, error) {
	if len(data) > MaxSize {
		return nil, &parsers.ParseError{Loc: parsers.Location{File: path}, Msg: fmt.Sprintf("template is %d bytes, over the %d-byte limit", len(data), MaxSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var root *node
	var err error
	format := FormatYAML
	if isJSON(data) {
		format = FormatJSON
		root, err = parseJSON(path, data)
		if err != nil && !strings.HasSuffix(strings.ToLower(path), ".json") {
			// A YAML flow mapping also starts with '{'.
			if yroot, yerr := parseYAML(path, data); yerr == nil {
				root, err, format = yroot, nil, FormatYAML
			}
		}
	} else {
		root, err = parseYAML(path, data)
	}
	if err != nil {
		return nil, err
	}
	t := &Template{Path: path, Format: format, root: root, addedTo: addedTo}
	if err := t.index(); err != nil {
		return nil, err
	}
	t.expands = t.expands || addedTo
	if err := t.validate(); err != nil {
		return nil, err
	}
	return t, nil
}

// isJSON reports whether data's first non-space byte is '{'.
func isJSON(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '{'
}

// DeclaresParameter reports whether the template has a parameter called name.
func (t *Template) DeclaresParameter(name string) bool {
	_, ok := t.params[name]
	return ok
}

// maxExcerpt is the most characters of a name or value from the input that
// an error message quotes.
const maxExcerpt = 80

// excerpt returns s for an error message: s, or its first maxExcerpt-1
// characters and an ellipsis.
func excerpt(s string) string {
	if len(s) <= maxExcerpt || utf8.RuneCountInString(s) <= maxExcerpt {
		return s
	}
	end := 0
	for range maxExcerpt - 1 {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	return s[:end] + "…"
}

// excerpts returns the excerpt of each name, for a message listing them.
func excerpts(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = excerpt(n)
	}
	return out
}

func (t *Template) errorf(loc parsers.Location, format string, args ...any) *parsers.ParseError {
	if loc.File == "" {
		loc.File = t.Path
	}
	return &parsers.ParseError{Loc: loc, Msg: fmt.Sprintf(format, args...)}
}

// section returns a top-level section that must be a map (nil if absent).
func (t *Template) section(name string) (*node, error) {
	n := t.root.get(name)
	if n == nil || n.kind == scalarNode && n.null {
		return nil, nil
	}
	if n.kind != mapNode {
		return nil, t.errorf(t.loc(n), "%s must be a mapping", name)
	}
	return n, nil
}

// index splits the template into its sections.
func (t *Template) index() error {
	if t.root.kind != mapNode {
		return t.errorf(t.loc(t.root), "template is not a mapping")
	}
	t.expands = t.root.get("Transform") != nil
	t.langExt = declaresTransform(t.root.get("Transform"), "AWS::LanguageExtensions")
	params, err := t.section("Parameters")
	if err != nil {
		return err
	}
	t.params = map[string]*node{}
	if params != nil {
		for i, k := range params.keys() {
			t.params[k.str] = params.vals()[i]
		}
	}
	conds, err := t.section("Conditions")
	if err != nil {
		return err
	}
	t.conditions = map[string]*node{}
	if conds != nil {
		for i, k := range conds.keys() {
			t.conditions[k.str] = conds.vals()[i]
		}
	}
	if t.mappings, err = t.section("Mappings"); err != nil {
		return err
	}
	if t.outputs, err = t.section("Outputs"); err != nil {
		return err
	}
	res, err := t.section("Resources")
	if err != nil {
		return err
	}
	if res == nil {
		return t.errorf(t.loc(t.root), "template has no Resources section")
	}
	t.byID = map[string]*resource{}
	for i, k := range res.keys() {
		if strings.HasPrefix(k.str, "Fn::ForEach") {
			continue // expanded per stack (see expandTemplate)
		}
		if t.addedTo && strings.HasPrefix(k.str, "AWSEB") && res.vals()[i].get("Type") == nil {
			continue // a change to a resource Elastic Beanstalk defines
		}
		r, err := t.newResource(k, res.vals()[i])
		if err != nil {
			return err
		}
		t.resources = append(t.resources, r)
		t.byID[r.id] = r
	}
	return nil
}

// declaresTransform reports whether the Transform section (a name or a
// list of names) names the transform.
func declaresTransform(n *node, name string) bool {
	if s, ok := n.text(); ok {
		return s == name
	}
	if n != nil && n.kind == seqNode {
		for _, it := range n.items() {
			if s, ok := it.text(); ok && s == name {
				return true
			}
		}
	}
	return false
}

// newResource reads the resource declared as key: body.
func (t *Template) newResource(k, body *node) (*resource, error) {
	if body.kind != mapNode {
		return nil, t.errorf(t.loc(k), "resource %s must be a mapping", excerpt(k.str))
	}
	r := &resource{id: k.str, idLoc: t.loc(k), body: body, props: body.get("Properties"), metadata: body.get("Metadata")}
	typ, ok := body.get("Type").text()
	if !ok {
		return nil, t.errorf(t.loc(k), "resource %s has no Type", excerpt(k.str))
	}
	r.typ = typ
	if c := body.get("Condition"); c != nil {
		name, ok := c.text()
		if !ok {
			return nil, t.errorf(t.loc(c), "resource %s: Condition must be a condition name", excerpt(k.str))
		}
		r.condition = name
	}
	if d := body.get("DependsOn"); d != nil {
		if d.kind == seqNode {
			r.dependsOn = d.items()
		} else {
			r.dependsOn = []*node{d}
		}
	}
	if strings.HasSuffix(typ, "::MODULE") {
		t.expands = true
	}
	return r, nil
}

// validate rejects what CloudFormation rejects before deploying: unknown
// intrinsic functions, references to nothing, undefined conditions and
// circular dependencies between resources or between conditions.
func (t *Template) validate() error {
	for _, name := range []string{"Conditions", "Resources", "Outputs", "Parameters", "Mappings"} {
		if err := t.checkFunctions(t.root.get(name)); err != nil {
			return err
		}
	}
	if err := t.checkConditions(); err != nil {
		return err
	}
	if t.expands {
		return nil
	}
	return t.checkResourceCycles()
}

// checkFunctions reports one-key maps naming an unknown Fn:: function.
func (t *Template) checkFunctions(n *node) error {
	if n == nil {
		return nil
	}
	if name, _, ok := n.intrinsic(); ok && !knownFunctions[name] && !strings.HasPrefix(name, "Fn::ForEach") {
		return t.errorf(t.loc(n.keys()[0]), "unknown intrinsic function %s: CloudFormation rejects the template", excerpt(name))
	}
	for _, v := range n.vals() {
		if err := t.checkFunctions(v); err != nil {
			return err
		}
	}
	for _, it := range n.items() {
		if err := t.checkFunctions(it); err != nil {
			return err
		}
	}
	return nil
}

// checkConditions reports undefined conditions and cycles among conditions.
func (t *Template) checkConditions() error {
	deps := map[string][]string{}
	locs := map[string]parsers.Location{}
	names := make([]string, 0, len(t.conditions))
	for name := range t.conditions {
		names = append(names, name)
	}
	sort.Strings(names) // the first error reported must not depend on map order
	for _, name := range names {
		body := t.conditions[name]
		var refs []*node
		collectConditionRefs(body, &refs)
		for _, r := range refs {
			target, _ := r.text()
			if _, ok := t.conditions[target]; !ok {
				return t.errorf(t.loc(r), "condition %s refers to undefined condition %q", excerpt(name), excerpt(target))
			}
			deps[name] = append(deps[name], target)
			if _, ok := locs[name]; !ok {
				locs[name] = t.loc(r)
			}
		}
	}
	if cycle := findCycle(names, deps); cycle != nil {
		return t.errorf(locs[cycle[0]], "circular dependency between conditions: %s", strings.Join(excerpts(cycle), " -> "))
	}
	// Conditions made by Fn::ForEach are known once the template is
	// expanded.
	loops := false
	for _, name := range names {
		loops = loops || strings.HasPrefix(name, forEachPrefix)
	}
	check := func(ref *node, owner string) error {
		if ref == nil || loops {
			return nil
		}
		if name, ok := ref.text(); ok {
			if _, defined := t.conditions[name]; !defined {
				return t.errorf(ref.at.in(t.Path), "%s refers to undefined condition %q", owner, excerpt(name))
			}
		}
		return nil
	}
	for _, r := range t.resources {
		if err := check(r.body.get("Condition"), "resource "+excerpt(r.id)); err != nil {
			return err
		}
		var ifs []*node
		collectIfConditions(r.body, &ifs)
		for _, c := range ifs {
			if err := check(c, "resource "+excerpt(r.id)+": Fn::If"); err != nil {
				return err
			}
		}
	}
	return nil
}

// collectConditionRefs gathers the argument nodes of {Condition: X} inside
// a condition body.
func collectConditionRefs(n *node, out *[]*node) {
	if n == nil {
		return
	}
	if name, arg, ok := n.intrinsic(); ok && name == "Condition" {
		*out = append(*out, arg)
		return
	}
	for _, v := range n.vals() {
		collectConditionRefs(v, out)
	}
	for _, it := range n.items() {
		collectConditionRefs(it, out)
	}
}

// collectIfConditions gathers the condition-name nodes of Fn::If calls.
func collectIfConditions(n *node, out *[]*node) {
	if n == nil {
		return
	}
	if name, arg, ok := n.intrinsic(); ok && name == "Fn::If" && arg.kind == seqNode && len(arg.items()) > 0 {
		*out = append(*out, arg.items()[0])
	}
	for _, v := range n.vals() {
		collectIfConditions(v, out)
	}
	for _, it := range n.items() {
		collectIfConditions(it, out)
	}
}

// checkResourceCycles reports references to undefined names and circular
// dependencies between resources (Ref, Fn::GetAtt, Fn::Sub, DependsOn).
func (t *Template) checkResourceCycles() error {
	deps := map[string][]string{}
	locs := map[string]parsers.Location{}
	names := make([]string, 0, len(t.resources))
	for _, r := range t.resources {
		names = append(names, r.id)
		var refs []nameRef
		collectRefs(r.props, &refs)
		collectRefs(r.body.get("UpdatePolicy"), &refs)
		for _, d := range r.dependsOn {
			if s, ok := d.text(); ok {
				refs = append(refs, nameRef{name: s, at: d.at, dependsOn: true})
			}
		}
		for _, ref := range refs {
			if _, ok := t.byID[ref.name]; ok {
				deps[r.id] = append(deps[r.id], ref.name)
				if ref.name == r.id {
					return t.errorf(ref.at.in(t.Path), "circular dependency between resources: %s -> %s", excerpt(r.id), excerpt(r.id))
				}
				if _, seen := locs[r.id]; !seen {
					locs[r.id] = ref.at.in(t.Path)
				}
				continue
			}
			if !ref.dependsOn && t.isParamOrPseudo(ref.name) {
				continue
			}
			what := "Ref"
			if ref.dependsOn {
				what = "DependsOn"
			}
			return t.errorf(ref.at.in(t.Path), "resource %s: %s to %q, which is not a resource or parameter of the template", excerpt(r.id), what, excerpt(ref.name))
		}
	}
	if cycle := findCycle(names, deps); cycle != nil {
		return t.errorf(locs[cycle[0]], "circular dependency between resources: %s", strings.Join(excerpts(cycle), " -> "))
	}
	return nil
}

func (t *Template) isParamOrPseudo(name string) bool {
	if strings.HasPrefix(name, "AWS::") {
		return true
	}
	_, ok := t.params[name]
	return ok
}

// nameRef is a name a resource refers to.
type nameRef struct {
	name      string
	at        span
	dependsOn bool
}

// collectRefs gathers the logical names referenced by Ref, Fn::GetAtt and
// Fn::Sub inside n.
func collectRefs(n *node, out *[]nameRef) {
	if n == nil {
		return
	}
	if name, arg, ok := n.intrinsic(); ok {
		switch name {
		case "Ref":
			if s, ok := arg.text(); ok {
				*out = append(*out, nameRef{name: s, at: arg.at})
			}
			return
		case "Fn::GetAtt":
			if s, ok := arg.text(); ok {
				id, _, _ := strings.Cut(s, ".")
				*out = append(*out, nameRef{name: id, at: arg.at})
				return
			}
			if arg.kind == seqNode && len(arg.items()) > 0 {
				if s, ok := arg.items()[0].text(); ok {
					*out = append(*out, nameRef{name: s, at: arg.items()[0].at})
				}
				for _, it := range arg.items()[1:] {
					collectRefs(it, out)
				}
			}
			return
		case "Fn::Sub":
			str, vars := arg, (*node)(nil)
			if arg.kind == seqNode && len(arg.items()) > 0 {
				str = arg.items()[0]
				if len(arg.items()) > 1 {
					vars = arg.items()[1]
				}
			}
			if s, ok := str.text(); ok {
				for _, v := range subVariables(s) {
					if vars.get(v) != nil {
						continue
					}
					id, _, _ := strings.Cut(v, ".")
					*out = append(*out, nameRef{name: id, at: str.at})
				}
			}
			if vars != nil {
				for _, v := range vars.vals() {
					collectRefs(v, out)
				}
			}
			return
		}
	}
	for _, v := range n.vals() {
		collectRefs(v, out)
	}
	for _, it := range n.items() {
		collectRefs(it, out)
	}
}

// subVariables returns the ${Name} variables of an Fn::Sub string, without
// the ${!Literal} escapes.
func subVariables(s string) []string {
	var out []string
	for _, p := range splitSub(s) {
		if p.isVar {
			out = append(out, p.text)
		}
	}
	return out
}

// subPart is a piece of an Fn::Sub string: literal text or a variable.
type subPart struct {
	text  string
	isVar bool
}

// splitSub splits an Fn::Sub string into literal text and ${Var} pieces.
// ${!Literal} becomes the literal text "${Literal}".
func splitSub(s string) []subPart {
	var out []subPart
	var lit strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			lit.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			lit.WriteString(s)
			break
		}
		lit.WriteString(s[:i])
		inner := s[i+2 : i+j]
		if strings.HasPrefix(inner, "!") {
			lit.WriteString("${" + inner[1:] + "}")
		} else {
			if lit.Len() > 0 {
				out = append(out, subPart{text: lit.String()})
				lit.Reset()
			}
			out = append(out, subPart{text: strings.TrimSpace(inner), isVar: true})
		}
		s = s[i+j+1:]
	}
	if lit.Len() > 0 {
		out = append(out, subPart{text: lit.String()})
	}
	return out
}

// findCycle returns a dependency cycle as a list of names that starts and
// ends with the same name, or nil. names fixes the search order.
func findCycle(names []string, deps map[string][]string) []string {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var stack []string
	var cycle []string
	var visit func(string) bool
	visit = func(n string) bool {
		color[n] = grey
		stack = append(stack, n)
		for _, d := range deps[n] {
			switch color[d] {
			case grey:
				for i, s := range stack {
					if s == d {
						cycle = append(append([]string{}, stack[i:]...), d)
						return true
					}
				}
			case white:
				if visit(d) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[n] = black
		return false
	}
	for _, n := range names {
		if color[n] == white && visit(n) {
			return cycle
		}
	}
	return nil
}

// ParseConfigResources reads the Resources of an Elastic Beanstalk
// configuration file (.ebextensions/*.config, YAML or JSON) as a template
// of its own: resources the file adds to the environment's stack, located
// at the file's lines. The file's other sections (option_settings,
// packages, commands, ...) are not template sections and are left alone.
// Elastic Beanstalk adds its own resources (AWSEBSecurityGroup, ...) to
// that stack, so, as in a template with a transform, a reference to a name
// the file does not define is not an error. keep selects the resources
// read by logical ID.
func ParseConfigResources(path string, data []byte, keep func(id string) bool) (*Template, error) {
	t, err := parse(path, data, true)
	if err != nil {
		return nil, err
	}
	var kept []*resource
	for _, r := range t.resources {
		if keep(r.id) {
			kept = append(kept, r)
		} else {
			delete(t.byID, r.id)
		}
	}
	t.resources = kept
	return t, nil
}
